import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { posix, relative, sep } from 'node:path';
import { ConfigError } from '../environments/errors';

/** A rendered tree: path relative to dist/ -> file content. */
export type Tree = ReadonlyMap<string, string>;

/** Runs git in `cwd`; returns stdout, or throws with git's message. */
export function git(cwd: string, args: readonly string[], input?: Buffer | string): Buffer {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 1024 * 1024 * 1024 });
  if (r.error) throw new Error(`git ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed (${r.status}): ${r.stderr.toString().trim()}`);
  return r.stdout;
}

/** Like {@link git}, but undefined instead of an error (for probes such as rev-parse). */
function tryGit(cwd: string, args: readonly string[]): string | undefined {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The commit the working tree is compared with, and how it was chosen. */
export interface BaseRef {
  /** What the user asked for or what was chosen, for the report header. */
  readonly label: string;
  /** The full commit id; undefined when the repository has no commit yet (empty base). */
  readonly commit?: string;
  /** A remark printed on stderr when a fallback was used. */
  readonly note?: string;
}

/** Branches tried, in order, for the default base (the merge base with the main branch). */
export const MAIN_BRANCHES = ['main', 'origin/main', 'master', 'origin/master'];

/** Resolves `ref` to a commit; a ConfigError when it names none. */
export function resolveCommit(cwd: string, ref: string, option = '--base'): string {
  const commit = tryGit(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!commit) {
    throw new ConfigError('*', option, `"${ref}" is not a commit of this repository`, `pass a branch, tag or commit id, e.g. ${option} origin/main`);
  }
  return commit;
}

/**
 * The base of a diff: `ref` when given; else the merge base of HEAD with the main branch; else
 * (no main branch, or unrelated histories) HEAD; else (no commit at all) the empty tree.
 */
export function resolveBase(cwd: string, ref?: string): BaseRef {
  if (ref !== undefined) return { label: ref, commit: resolveCommit(cwd, ref) };
  // the common case in one git call: the merge base with main
  const quick = tryGit(cwd, ['merge-base', 'HEAD', MAIN_BRANCHES[0]]);
  if (quick) return { label: `merge-base(HEAD, ${MAIN_BRANCHES[0]})`, commit: quick };
  if (tryGit(cwd, ['rev-parse', '--git-dir']) === undefined) {
    throw new ConfigError('*', '--base', `${cwd} is not inside a git repository`, 'run npm run diff in a clone of the repository');
  }
  const head = tryGit(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!head) return { label: '(empty)', note: 'the repository has no commit yet: comparing with an empty dist/' };
  for (const branch of MAIN_BRANCHES) {
    if (!tryGit(cwd, ['rev-parse', '--verify', '--quiet', `${branch}^{commit}`])) continue;
    const base = tryGit(cwd, ['merge-base', 'HEAD', branch]);
    if (base) return { label: `merge-base(HEAD, ${branch})`, commit: base };
  }
  return { label: 'HEAD', commit: head, note: 'no main branch to take a merge base with: comparing with HEAD' };
}

/** The top folder of the git repository that contains `dir`. */
export function gitTopLevel(dir: string): string {
  return git(dir, ['rev-parse', '--show-toplevel']).toString().trim();
}

/** The id git gives a file's content (`git hash-object`): equal ids, equal bytes. */
export function blobId(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** The files under a folder of a commit, by their blob ids, without reading them. */
export interface CommittedListing {
  /** The repository's top folder. */
  readonly top: string;
  /** Path relative to the folder -> blob id. */
  readonly blobs: ReadonlyMap<string, string>;
}

/**
 * Lists every file under `folder` of the working copy at `dir` as committed at `commit`
 * (`git ls-tree`, no checkout). Paths are relative to `folder`. Symlinks and submodules are
 * skipped; no commit, no files.
 */
export function listCommittedTree(dir: string, folder: string, commit: string | undefined): CommittedListing {
  const blobs = new Map<string, string>();
  if (commit === undefined) return { top: dir, blobs };
  const top = gitTopLevel(dir);
  const rel = posix.join(relative(realpathSync(top), realpathSync(dir)).split(sep).join(posix.sep), folder).replace(/^\.\/?|\/$/g, '');
  const prefix = rel === '' ? '' : `${rel}/`;
  const listing = git(top, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', rel === '' ? '.' : rel]).toString('utf8');
  for (const entry of listing.split('\0')) {
    if (!entry) continue;
    const tab = entry.indexOf('\t');
    const [mode, type, sha] = entry.slice(0, tab).split(' ');
    const path = entry.slice(tab + 1);
    if (type !== 'blob' || mode === '120000' || !path.startsWith(prefix)) continue;
    blobs.set(path.slice(prefix.length), sha);
  }
  return { top, blobs };
}

/** Reads some files of a listing with one `git cat-file --batch`. */
export function readBlobs(listing: CommittedListing, paths: Iterable<string>): Map<string, string> {
  const files = new Map<string, string>();
  const blobs = [...paths].filter((p) => listing.blobs.has(p)).map((path) => ({ path, sha: listing.blobs.get(path)! }));
  if (blobs.length === 0) return files;
  const out = git(listing.top, ['cat-file', '--batch'], blobs.map((b) => b.sha).join('\n') + '\n');
  let at = 0;
  for (const blob of blobs) {
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString('utf8').split(' ');
    if (header[1] !== 'blob') throw new Error(`git cat-file: unexpected answer for ${blob.path}: ${header.join(' ')}`);
    const size = Number(header[2]);
    files.set(blob.path, out.subarray(eol + 1, eol + 1 + size).toString('utf8'));
    at = eol + 1 + size + 1;
  }
  return files;
}

/**
 * Reads every file under `folder` of the working copy at `dir` as committed at `commit`, without
 * checking anything out: `git ls-tree` lists the blobs, one `git cat-file --batch` reads them
 * all. Paths are relative to `folder`. Symlinks and submodules are skipped; no commit, no files.
 */
export function readCommittedTree(dir: string, folder: string, commit: string | undefined): Map<string, string> {
  const listing = listCommittedTree(dir, folder, commit);
  return readBlobs(listing, listing.blobs.keys());
}
