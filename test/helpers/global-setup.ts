import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRenderCache } from './render';
import { ROOT } from './repo';
import { isRunning } from '../../render/writer';

/** Memory-backed scratch space on Linux. */
const MEMORY_TMPDIR = '/dev/shm';
/**
 * Free space the memory folder must have to be used: a repository copy is about 12 MB, and the
 * Terraform test's plugin cache holds the AWS provider (about 700 MB).
 */
const MEMORY_TMPDIR_MIN_FREE = 2 * 1024 ** 3;
/** Set by the global setup: the run's own temporary folder, removed by the global teardown. */
export const RUN_TMPDIR_ENV = 'PLATFORM_TEST_RUN_TMPDIR';
/** Set by the global setup: TMPDIR as it was before the run ('' when unset), put back by the teardown. */
export const OUTER_TMPDIR_ENV = 'PLATFORM_TEST_OUTER_TMPDIR';
const RUN_PREFIX = 'platform-test-run-';

/**
 * Before every jest run (every cycle of watch mode too): one temporary folder for the whole run,
 * which workers and every child process inherit as TMPDIR, removed after the run with whatever
 * the libraries leave in it (cdk8s and cdktf apps made in process create an output folder under
 * TMPDIR each and never remove it). It lives in memory when the machine has a writable /dev/shm
 * with room to spare: the tests create and delete thousands of files, and on ext4 creating files
 * right after deleting many others is slow (recently freed inodes are skipped), which cost the
 * run seconds of system time. The folder of a run that was killed (no teardown) is removed by the
 * next one. Then the folder where the first test file leaves the repository's render, and the
 * launcher's bundles.
 */
export default function globalSetup(): void {
  process.env[OUTER_TMPDIR_ENV] = process.env.TMPDIR ?? '';
  // an explicit TMPDIR is kept as the base
  const base = !process.env.TMPDIR && hasRoom(MEMORY_TMPDIR) ? MEMORY_TMPDIR : tmpdir();
  removeDeadRuns(base);
  const run = mkdtempSync(join(base, `${RUN_PREFIX}${process.pid}-`));
  process.env[RUN_TMPDIR_ENV] = run;
  process.env.TMPDIR = run;
  createRenderCache();
  // the launcher's bundles of the repository, brought up to date once (a --help builds what is
  // stale and renders nothing): the repository copies of the end-to-end tests take them over
  // instead of each building its own after a source was edited. A failure (a syntax error in a
  // source) is the tests' to report.
  spawnSync(process.execPath, [join(ROOT, 'cli', 'launch.cjs'), 'apps/synth.ts', '--help'], { cwd: ROOT, stdio: 'ignore' });
}

function hasRoom(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    const { bavail, bsize } = statfsSync(dir);
    return statSync(dir).isDirectory() && bavail * bsize >= MEMORY_TMPDIR_MIN_FREE;
  } catch {
    return false;
  }
}

/** Removes the folders of earlier runs whose jest process is gone (killed before its teardown). */
function removeDeadRuns(base: string): void {
  for (const name of readdirSync(base).filter((n) => n.startsWith(RUN_PREFIX))) {
    const pid = Number(name.slice(RUN_PREFIX.length).split('-')[0]);
    if (isRunning(pid)) continue;
    rmSync(join(base, name), { recursive: true, force: true });
  }
}
