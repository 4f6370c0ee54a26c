import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Test hook: after this many files the writer kills its own process (SIGKILL, no cleanup),
 * as a crash or an out-of-memory kill would; a number at or above the number of files crashes
 * after the last file, right before the swap. Used by the crash-safety tests only.
 */
export const CRASH_HOOK_ENV = 'PLATFORM_CRASH_AFTER_FILES';
/**
 * Test hook: when set, the writer kills its own process between the two renames of the swap
 * (the old output moved aside, the new one not yet in place). Used by the crash-safety tests only.
 */
export const CRASH_SWAP_HOOK_ENV = 'PLATFORM_CRASH_DURING_SWAP';

const tmpPrefix = (base: string) => `.${base}.tmp-`;
const oldPrefix = (base: string) => `.${base}.old-`;

/**
 * Names that never belong in the output: hidden files (`.DS_Store`, `.x.swp`, cdktf's `.cdktf*`),
 * editor backups and swap files (`x~`, `#x#`, `x.swp`, `x.swo`, `x.bak`, `x.orig`), temp files.
 */
const STRAY_NAME = /^\.|~$|^#.*#$|\.(swp|swo|swx|bak|orig|rej|tmp|temp|lock)$/i;

/**
 * What may live in the output, relative to dist/: Argo CD reads k8s/, Terraform Cloud
 * terraform/stacks/. Kept here, next to the writer and free of cdk8s/cdktf, so that each entry
 * point can check its paths without loading the other side.
 */
const ALLOWED = [
  /^k8s\/[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9]+(\.[a-z0-9-]+)+\.yaml$/,
  /^terraform\/manifest\.json$/,
  /^terraform\/stacks\/[a-z0-9-]+\/cdk\.tf\.json$/,
];

/** Throws on any path that is not a Kubernetes manifest or a Terraform stack file. */
export function assertAllowed(files: ReadonlyMap<string, string>, prefix = ''): void {
  for (const rel of files.keys()) {
    if (!ALLOWED.some((re) => re.test(prefix + rel))) throw new Error(`refusing to write an unexpected file into dist/: ${prefix}${rel}`);
  }
}

/** True when a process with this id is running (another render that owns its temporary folder). */
function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid a `.<base>.tmp-<pid>` / `.<base>.old-<pid>` folder belongs to. */
const ownerOf = (name: string): number => Number(name.slice(name.lastIndexOf('-') + 1));

/**
 * Cleans up after an earlier crashed run: removes half-written temporary folders and, if a crash
 * hit between the two renames of a swap, puts the previous output back. Folders of a render that
 * is still running (its pid is alive) are left alone, so two renders never delete each other's work.
 */
export function recoverInterruptedWrites(target: string): void {
  const parent = dirname(target);
  const base = basename(target);
  if (!existsSync(parent)) return;
  const entries = readdirSync(parent).sort().filter((n) => !isRunning(ownerOf(n)));
  for (const e of entries.filter((n) => n.startsWith(tmpPrefix(base)))) {
    rmSync(join(parent, e), { recursive: true, force: true });
  }
  for (const e of entries.filter((n) => n.startsWith(oldPrefix(base)))) {
    if (!existsSync(target)) renameSync(join(parent, e), target);
    else rmSync(join(parent, e), { recursive: true, force: true });
  }
}

/**
 * Throws unless `rel` is a plain relative POSIX path inside the target whose segments are no
 * hidden, backup, swap or temporary file names: the output holds rendered files and nothing else.
 */
export function assertWritablePath(target: string, rel: string): void {
  const segments = rel.split('/');
  if (rel.startsWith('/') || rel.includes('\\') || /^[A-Za-z]:/.test(rel) || segments.some((s) => s === '..')) {
    throw new Error(`refusing to write outside ${target}: ${rel}`);
  }
  // eslint-disable-next-line no-control-regex
  const bad = segments.find((s) => s === '' || s === '.' || STRAY_NAME.test(s) || /[\u0000-\u001f]/.test(s));
  if (bad !== undefined) throw new Error(`refusing to write an unexpected file into ${target}: ${rel}`);
}

/** Options of {@link writeTreeAtomically}. */
export interface WriteOptions {
  /**
   * Replace only these folders (relative POSIX prefixes ending in `/`, e.g. `k8s/dev/web/`): every
   * file of `files` must be under one of them, and every file of the old tree outside them is kept
   * as it is (hard-linked into the new tree, so its bytes cannot change). @default the whole tree
   */
  readonly scope?: readonly string[];
}

/** Every file under `dir`, as relative POSIX paths. */
function listFiles(dir: string, rel = '', out: string[] = []): string[] {
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) listFiles(dir, r, out);
    else if (e.isFile()) out.push(r);
  }
  return out;
}

const isWritablePath = (target: string, rel: string): boolean => {
  try {
    assertWritablePath(target, rel);
    return true;
  } catch {
    return false;
  }
};

/**
 * Replaces the folder `target` with exactly `files` (relative POSIX path -> content), or leaves
 * it untouched. With `scope`, only the folders named there are replaced (still in one swap). Files are written into a temporary sibling folder first and swapped in with two
 * renames only when all of them are written; files of removed apps or stacks, and anything else
 * someone put into the folder (editor backups, `.DS_Store`), disappear with the old folder.
 * Nothing but `files` is ever written, and every path is checked before the first write.
 */
export function writeTreeAtomically(target: string, files: ReadonlyMap<string, string>, options: WriteOptions = {}): void {
  const names = [...files.keys()].sort();
  for (const rel of names) assertWritablePath(target, rel);
  const scope = options.scope;
  if (scope) {
    const bad = scope.find((p) => !p.endsWith('/') || p.startsWith('/') || p.split('/').includes('..'));
    if (bad !== undefined) throw new Error(`writer scope must be relative folders ending in "/": ${bad}`);
    const outside = names.find((rel) => !scope.some((p) => rel.startsWith(p)));
    if (outside !== undefined) throw new Error(`refusing to write ${outside}: outside the scope ${scope.join(', ')}`);
  }
  recoverInterruptedWrites(target);
  const parent = dirname(target);
  const base = basename(target);
  const tmp = join(parent, `${tmpPrefix(base)}${process.pid}`);
  const old = join(parent, `${oldPrefix(base)}${process.pid}`);
  const crashAfter = process.env[CRASH_HOOK_ENV] ? Number(process.env[CRASH_HOOK_ENV]) : Infinity;

  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  let written = 0;
  const made = new Set<string>([tmp]);
  try {
    for (const rel of names) {
      const file = join(tmp, rel);
      const dir = dirname(file);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(file, files.get(rel)!);
      if (++written >= crashAfter) process.kill(process.pid, 'SIGKILL');
    }
    // a scoped write keeps everything outside its folders: the same inodes, so the same bytes
    if (scope && existsSync(target)) {
      const kept = listFiles(target).filter((r) => !scope.some((p) => r.startsWith(p)) && isWritablePath(target, r));
      for (const rel of kept) {
        const file = join(tmp, rel);
        const dir = dirname(file);
        if (!made.has(dir)) {
          mkdirSync(dir, { recursive: true });
          made.add(dir);
        }
        try {
          linkSync(join(target, rel), file);
        } catch {
          copyFileSync(join(target, rel), file);
        }
      }
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (Number.isFinite(crashAfter)) process.kill(process.pid, 'SIGKILL');

  if (existsSync(target)) renameSync(target, old);
  if (process.env[CRASH_SWAP_HOOK_ENV]) process.kill(process.pid, 'SIGKILL');
  renameSync(tmp, target);
  rmSync(old, { recursive: true, force: true });
}
