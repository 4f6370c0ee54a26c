import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRenderCache } from './render';
import { ROOT } from './repo';

/** Memory-backed scratch space on Linux. */
const MEMORY_TMPDIR = '/dev/shm';
/** Set by the global setup: the run's own temporary folder, removed by the global teardown. */
export const RUN_TMPDIR_ENV = 'PLATFORM_TEST_RUN_TMPDIR';

/**
 * Before every jest run: one temporary folder for the whole run, which workers and every child
 * process inherit as TMPDIR, removed after the run with whatever the libraries leave in it (cdk8s
 * and cdktf apps made in process create an output folder under TMPDIR each and never remove it).
 * It lives in memory when the machine has a writable /dev/shm: the tests create and delete
 * thousands of files, and on ext4 creating files right after deleting many others is slow
 * (recently freed inodes are skipped), which cost the run seconds of system time. Then the folder
 * where the first test file leaves the repository's render, and the launcher's bundles.
 */
export default function globalSetup(): void {
  // an explicit TMPDIR is kept as the base
  const base = !process.env.TMPDIR && isWritableFolder(MEMORY_TMPDIR) ? MEMORY_TMPDIR : tmpdir();
  const run = mkdtempSync(join(base, 'platform-test-run-'));
  process.env[RUN_TMPDIR_ENV] = run;
  process.env.TMPDIR = run;
  createRenderCache();
  // the launcher's bundles of the repository, brought up to date once (a --help builds what is
  // stale and renders nothing): the repository copies of the end-to-end tests take them over
  // instead of each building its own after a source was edited. A failure (a syntax error in a
  // source) is the tests' to report.
  spawnSync(process.execPath, [join(ROOT, 'cli', 'launch.cjs'), 'apps/synth.ts', '--help'], { cwd: ROOT, stdio: 'ignore' });
}

function isWritableFolder(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
