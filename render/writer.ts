import {
  closeSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync,
  renameSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { asOperationalError, OperationalError } from './operational-error';

/**
 * The marker at the root of every render: the writer replaces a non-empty folder only when it
 * holds this file, so `--out` can never replace a folder it did not render. It sits at the output
 * root, never inside an application folder that Argo CD syncs.
 */
export const RENDER_MARKER = '.platform-render';
const MARKER_CONTENT = 'Rendered by npm run synth of the platform repository: every render replaces this folder. Do not edit.\n';

const tmpPrefix = (base: string) => `.${base}.tmp-`;
const oldPrefix = (base: string) => `.${base}.old-`;
const lockName = (base: string) => `.${base}.lock`;

/**
 * Names that never belong in the output: hidden files (`.DS_Store`, `.x.swp`, cdktf's `.cdktf*`),
 * editor backups and swap files (`x~`, `#x#`, `x.swp`, `x.swo`, `x.bak`, `x.orig`), temp files.
 */
const STRAY_NAME = /^\.|~$|^#.*#$|\.(swp|swo|swx|bak|orig|rej|tmp|temp|lock)$/i;

/**
 * What may live in the output, relative to dist/: Argo CD reads k8s/, Terraform Cloud
 * terraform/stacks/; the render marker sits at the root. Kept here, next to the writer and free of
 * cdk8s/cdktf, so that each entry point can check its paths without loading the other side.
 */
const ALLOWED = [
  /^k8s\/[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9]+(\.[a-z0-9-]+)+\.yaml$/,
  /^terraform\/manifest\.json$/,
  /^terraform\/stacks\/[a-z0-9-]+\/cdk\.tf\.json$/,
  new RegExp(`^${RENDER_MARKER.replace('.', '\\.')}$`),
];

/** Throws on any path that is not a Kubernetes manifest, a Terraform stack file or the render marker. */
export function assertAllowed(files: ReadonlyMap<string, string>, prefix = ''): void {
  for (const rel of files.keys()) {
    if (!ALLOWED.some((re) => re.test(prefix + rel))) throw new Error(`refusing to write an unexpected file into dist/: ${prefix}${rel}`);
  }
}

/**
 * Test seam: called at the points where a crash would hurt most. The crash-safety tests pass
 * hooks that kill the process there; production code passes none.
 */
export interface WriterHooks {
  /** After each file placed into the new tree (written or reused), with the number placed so far. */
  readonly afterFile?: (placed: number) => void;
  /** When the new tree is complete, right before the swap. */
  readonly beforeSwap?: () => void;
  /** Between the two renames of the swap: the old output moved aside, the new one not yet in place. */
  readonly duringSwap?: () => void;
}

/** Options of `writeTreeAtomically`. */
export interface WriteOptions {
  /**
   * Path prefixes relative to the output root, each ending in `/` (e.g. `k8s/dev/web/`,
   * `terraform/`): only files under them are replaced or removed; everything else in the target
   * stays byte for byte. Every file to write must lie under one of them.
   * @default the whole target
   */
  readonly scope?: readonly string[];
  /**
   * The repository the render comes from: the target may not be it, nor an ancestor of its
   * `environments/`; its own `dist/` is accepted without the render marker.
   * @default no repository checks
   */
  readonly repoRoot?: string;
  /**
   * How long a second render waits for the lock of the first before it gives up.
   * @default 60000
   */
  readonly lockWaitMs?: number;
  /** Test seam, see WriterHooks. @default none */
  readonly hooks?: WriterHooks;
}

/** What a write did. */
export interface WriteResult {
  /** Files written with new bytes. */
  readonly written: number;
  /** Unchanged files reused (hard links into the new tree). */
  readonly reused: number;
  /** Files of the previous output that are gone. */
  readonly removed: number;
  /** True when the target already held exactly these files: nothing was touched. */
  readonly unchanged: boolean;
}

/** True when a process with this id is running (another render that owns its temporary folder); never this process. */
export function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How long an empty lock file may stay empty: its owner creates it and writes its pid at once. */
const LOCK_WRITE_GRACE_MS = 5000;

/**
 * The owner of a lock file: its pid; `undefined` when the file is gone; `'writing'` while it is
 * empty and young (the owner has created it and is about to write its pid); `0` for a dead owner
 * (an empty old file, or no pid in it).
 */
function lockOwner(file: string): number | 'writing' | undefined {
  let text: string;
  let age: number;
  try {
    text = readFileSync(file, 'utf8').trim();
    age = Date.now() - statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  if (text === '') return age < LOCK_WRITE_GRACE_MS ? 'writing' : 0;
  const pid = Number(text);
  return Number.isInteger(pid) ? pid : 0;
}

/** The pid a `.<base>.tmp-<pid>` / `.<base>.old-<pid>` folder belongs to. */
const ownerOf = (name: string): number => Number(name.slice(name.lastIndexOf('-') + 1));

/**
 * Cleans up after an earlier crashed run: removes half-written temporary folders and, if a crash
 * hit between the two renames of a swap, puts the previous output back. Folders of a render that
 * is still running (its pid is alive) are left alone, so two renders never delete each other's work.
 */
export function recoverInterruptedWrites(target: string): void {
  const parent = dirname(resolve(target));
  const base = basename(resolve(target));
  if (!existsSync(parent)) return;
  try {
    const entries = readdirSync(parent).sort().filter((n) => !isRunning(ownerOf(n)));
    for (const e of entries.filter((n) => n.startsWith(tmpPrefix(base)))) {
      rmSync(join(parent, e), { recursive: true, force: true });
    }
    for (const e of entries.filter((n) => n.startsWith(oldPrefix(base)))) {
      if (!existsSync(target)) renameSync(join(parent, e), target);
      else rmSync(join(parent, e), { recursive: true, force: true });
    }
    // a lock left by a render that died
    const lockFile = join(parent, lockName(base));
    if (entries.includes(lockName(base))) {
      const owner = lockOwner(lockFile);
      if (typeof owner === 'number' && owner !== process.pid && !isRunning(owner)) rmSync(lockFile, { force: true });
    }
  } catch (e) {
    throw asOperationalError(e, parent, 'the previous output is unchanged');
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

/** True when `a` is `b` or a folder above it. */
const isSameOrAncestor = (a: string, b: string) => a === b || b.startsWith(a.endsWith(sep) ? a : a + sep);

/**
 * Refuses targets a render must never replace: the repository root, an ancestor of its config, a
 * folder holding `.git`, a file, or a non-empty folder that is not a previous render (no marker).
 */
export function assertSafeTarget(target: string, repoRoot?: string): void {
  const t = resolve(target);
  const refuse = (why: string, fix: string) => new OperationalError(`refusing to write the render into ${t}: ${why}; ${fix}`);
  if (repoRoot !== undefined) {
    const root = resolve(repoRoot);
    if (isSameOrAncestor(t, join(root, 'environments'))) {
      throw refuse('it is the repository or a folder above its config', 'pass --out a new or empty folder (or a previous render)');
    }
  }
  let entries: string[];
  try {
    if (!lstatSync(t).isDirectory()) throw refuse('it is not a folder', 'pass --out a new or empty folder');
    entries = readdirSync(t);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw asOperationalError(e, t, 'nothing was written');
  }
  if (entries.includes('.git')) throw refuse('it holds a .git folder', 'pass --out a new or empty folder');
  const ownDist = repoRoot !== undefined && t === join(resolve(repoRoot), 'dist');
  if (entries.length > 0 && !entries.includes(RENDER_MARKER) && !ownDist) {
    throw refuse(`it is not empty and is not a previous render (no ${RENDER_MARKER} marker)`, 'pass --out a new or empty folder (or a previous render)');
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Takes the lock of `target` (a `.<base>.lock` file beside it holding the owner's pid): a second
 * render waits for the first, up to `waitMs`, then refuses. A lock whose owner is dead is taken
 * over. Returns the release function.
 */
function lock(target: string, waitMs: number): () => void {
  const file = join(dirname(target), lockName(basename(target)));
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw asOperationalError(e, file, 'nothing was written');
    }
    const owner = lockOwner(file);
    if (owner === undefined) continue;
    if (owner === 'writing') {
      sleep(10);
      continue;
    }
    if (!isRunning(owner)) {
      // the owner died (or is this very process after a crash and pid reuse): take the lock over
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new OperationalError(`another render (pid ${owner}) is writing ${target}: wait for it to finish and run again `
        + `(if no render is running, delete ${file})`);
    }
    if (!told) {
      process.stderr.write(`waiting for another render (pid ${owner}) writing ${target}...\n`);
      told = true;
    }
    sleep(Math.min(100, Math.max(1, deadline - Date.now())));
  }
}

/** One entry of an existing output tree. */
interface Existing {
  readonly dirs: Set<string>;
  readonly files: Set<string>;
  readonly links: Set<string>;
}

/** Lists an existing tree without following symbolic links; paths relative, POSIX. */
function listTree(root: string): Existing {
  const out: Existing = { dirs: new Set(), files: new Set(), links: new Set() };
  const walk = (dir: string, rel: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        out.dirs.add(r);
        walk(join(dir, d.name), r);
      } else if (d.isSymbolicLink()) {
        out.links.add(r);
      } else {
        out.files.add(r);
      }
    }
  };
  if (existsSync(root)) walk(root, '');
  return out;
}

/** True when the file at `path` holds exactly `content`. */
function sameBytes(path: string, content: Buffer): boolean {
  try {
    return readFileSync(path).equals(content);
  } catch {
    return false;
  }
}

/**
 * Replaces the folder `target` with exactly `files` (relative POSIX path -> content), or leaves
 * it untouched. The new tree is built in a temporary sibling folder and swapped in with two
 * renames only when complete; files whose bytes did not change are hard links to the previous
 * output's (no new inode, no new data), and when nothing changed at all nothing is written. Files
 * of removed apps or stacks, and anything else someone put into the folder (editor backups,
 * `.DS_Store`), disappear with the old folder. With `scope`, only files under those prefixes are
 * replaced or removed. Every path is checked before the first write; the target is checked to be
 * a previous render (or new, or empty), and a lock beside it keeps two renders apart.
 */
export function writeTreeAtomically(target: string, files: ReadonlyMap<string, string>, options: WriteOptions = {}): WriteResult {
  target = resolve(target);
  const names = [...files.keys()].sort();
  for (const rel of names) assertWritablePath(target, rel);
  const scope = options.scope;
  if (scope) {
    for (const p of scope) {
      if (!p.endsWith('/')) throw new Error(`a scope is a folder prefix ending in /: ${p}`);
      assertWritablePath(target, p.slice(0, -1));
    }
    const outside = names.find((n) => !scope.some((p) => n.startsWith(p)));
    if (outside !== undefined) throw new Error(`${outside} lies outside the scope ${scope.join(', ')}`);
  }
  const inScope = (rel: string) => !scope || scope.some((p) => rel.startsWith(p) || p === `${rel}/`);
  assertSafeTarget(target, options.repoRoot);

  const parent = dirname(target);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw asOperationalError(e, parent, 'nothing was written');
  }
  const unlock = lock(target, options.lockWaitMs ?? 60_000);
  try {
    recoverInterruptedWrites(target);
    return swapIn(target, names, files, inScope, options.hooks ?? {});
  } finally {
    unlock();
  }
}

function swapIn(
  target: string, names: readonly string[], files: ReadonlyMap<string, string>,
  inScope: (rel: string) => boolean, hooks: WriterHooks,
): WriteResult {
  const parent = dirname(target);
  const base = basename(target);
  const tmp = join(parent, `${tmpPrefix(base)}${process.pid}`);
  const old = join(parent, `${oldPrefix(base)}${process.pid}`);
  const unchangedNote = 'the previous output is unchanged';

  let existing: Existing;
  try {
    existing = listTree(target);
  } catch (e) {
    throw asOperationalError(e, target, unchangedNote);
  }
  const contents = new Map(names.map((n) => [n, Buffer.from(files.get(n)!, 'utf8')]));
  const marker = Buffer.from(MARKER_CONTENT, 'utf8');
  contents.set(RENDER_MARKER, marker);
  // what survives from the old tree: files out of scope; in scope, the ones with identical bytes
  const reuse = new Set<string>();
  for (const [rel, bytes] of contents) if (existing.files.has(rel) && sameBytes(join(target, rel), bytes)) reuse.add(rel);
  const kept = [...existing.files, ...existing.links].filter((rel) => rel !== RENDER_MARKER && !inScope(rel));
  const keptDirs = [...existing.dirs].filter((rel) => !inScope(rel));
  const removed = [...existing.files, ...existing.links].filter((rel) => inScope(rel) && !contents.has(rel) && rel !== RENDER_MARKER).length;
  const newDirs = new Set(names.flatMap((n) => n.split('/').slice(0, -1).map((_, i, s) => s.slice(0, i + 1).join('/'))));
  const strayDirs = [...existing.dirs].some((d) => inScope(d) && !newDirs.has(d));
  if (existsSync(target) && reuse.size === contents.size && removed === 0 && !strayDirs) {
    return { written: 0, reused: reuse.size, removed: 0, unchanged: true };
  }

  let placed = 0;
  let written = 0;
  const made = new Set<string>();
  const ensureDir = (dir: string) => {
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
  };
  const place = (rel: string, bytes: Buffer) => {
    const file = join(tmp, rel);
    ensureDir(dirname(file));
    let linked = false;
    if (reuse.has(rel)) {
      try {
        linkSync(join(target, rel), file);
        linked = true;
      } catch { /* no hard links here (or too many): write the bytes */ }
    }
    if (!linked) {
      writeFileSync(file, bytes);
      written++;
    }
    hooks.afterFile?.(++placed);
  };
  try {
    rmSync(tmp, { recursive: true, force: true });
    ensureDir(tmp);
    for (const rel of [...kept].sort()) {
      const from = join(target, rel);
      const to = join(tmp, rel);
      ensureDir(dirname(to));
      if (existing.links.has(rel)) {symlinkSync(readlinkSync(from), to);} else {
        try {
          linkSync(from, to);
        } catch {
          copyFileSync(from, to);
        }
      }
      hooks.afterFile?.(++placed);
    }
    for (const rel of keptDirs) ensureDir(join(tmp, rel));
    for (const [rel, bytes] of contents) place(rel, bytes);
    hooks.beforeSwap?.();
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw asOperationalError(e, tmp, unchangedNote);
  }

  try {
    if (existsSync(target)) renameSync(target, old);
    hooks.duringSwap?.();
    renameSync(tmp, target);
  } catch (e) {
    // put the previous output back if it was moved aside; the next run cleans up the rest
    try {
      if (!existsSync(target) && existsSync(old)) renameSync(old, target);
      rmSync(tmp, { recursive: true, force: true });
    } catch { /* recoverInterruptedWrites finishes this next time */ }
    throw asOperationalError(e, target, unchangedNote);
  }
  // the old tree's files live on as links in the new one: removing it frees no file data
  try {
    rmSync(old, { recursive: true, force: true });
  } catch { /* a leftover .old folder is removed by the next run */ }
  return { written, reused: contents.size - written, removed, unchanged: false };
}

