import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Test hook: after this many files the writer kills its own process (SIGKILL, no cleanup),
 * as a crash or an out-of-memory kill would. Used by the crash-safety tests only.
 */
export const CRASH_HOOK_ENV = 'PLATFORM_CRASH_AFTER_FILES';

const tmpPrefix = (base: string) => `.${base}.tmp-`;
const oldPrefix = (base: string) => `.${base}.old-`;

/**
 * Cleans up after an earlier crashed run: removes half-written temporary folders and, if a crash
 * hit between the two renames of a swap, puts the previous output back.
 */
export function recoverInterruptedWrites(target: string): void {
  const parent = dirname(target);
  const base = basename(target);
  if (!existsSync(parent)) return;
  const entries = readdirSync(parent).sort();
  for (const e of entries.filter((n) => n.startsWith(tmpPrefix(base)))) {
    rmSync(join(parent, e), { recursive: true, force: true });
  }
  for (const e of entries.filter((n) => n.startsWith(oldPrefix(base)))) {
    if (!existsSync(target)) renameSync(join(parent, e), target);
    else rmSync(join(parent, e), { recursive: true, force: true });
  }
}

/**
 * Replaces the folder `target` with exactly `files` (relative POSIX path -> content), or leaves
 * it untouched. Files are written into a temporary sibling folder first and swapped in with two
 * renames only when all of them are written; files of removed apps or stacks disappear with the
 * old folder. Nothing but `files` is ever written.
 */
export function writeTreeAtomically(target: string, files: ReadonlyMap<string, string>): void {
  recoverInterruptedWrites(target);
  const parent = dirname(target);
  const base = basename(target);
  const tmp = join(parent, `${tmpPrefix(base)}${process.pid}`);
  const old = join(parent, `${oldPrefix(base)}${process.pid}`);
  const crashAfter = process.env[CRASH_HOOK_ENV] ? Number(process.env[CRASH_HOOK_ENV]) : Infinity;

  mkdirSync(tmp, { recursive: true });
  let written = 0;
  try {
    for (const rel of [...files.keys()].sort()) {
      if (rel.startsWith('/') || rel.split('/').includes('..')) throw new Error(`refusing to write outside ${target}: ${rel}`);
      const file = join(tmp, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, files.get(rel)!);
      if (++written >= crashAfter) process.kill(process.pid, 'SIGKILL');
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }

  if (existsSync(target)) renameSync(target, old);
  renameSync(tmp, target);
  rmSync(old, { recursive: true, force: true });
}
