import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The repository under test: the folder above this file with a package.json (also from a bundle in lib/). */
export const ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
/** The committed render. */
export const DIST = join(ROOT, 'dist');

const SOURCES = ['apps', 'cli', 'render', 'stacks', 'review', 'terraform-gate', 'charts', 'constructs', 'environments', 'package.json', 'tsconfig.json', 'cdk8s.yaml', 'cdktf.json', '.gitignore', 'package-lock.json'];
const made: string[] = [];

/** A fresh temporary folder, removed by `cleanupTemp()`. */
export function tempDir(prefix = 'platform-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder `tempDir()` made. Call in afterAll. */
export function cleanupTemp(): void {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
}

/**
 * A temporary copy of the repository's sources and committed dist/ (node_modules linked), where
 * a test can edit config as a user would and run the real commands.
 */
export function copyRepo(): string {
  const dir = tempDir('platform-repo-');
  // timestamps kept: the launcher's stamps (package-lock.json) stay valid in the copy
  for (const s of SOURCES) cpSync(join(ROOT, s), join(dir, s), { recursive: true, preserveTimestamps: true });
  if (existsSync(DIST)) cpSync(DIST, join(dir, 'dist'), { recursive: true });
  // the launcher's bundles of the libraries and of apps/: the copy has the same inputs, so it reuses
  // them (the launcher still checks each stamp) instead of rebuilding them in every copy. Only these:
  // a test may run another entry point in the repository itself, whose bundle could be half written.
  for (const f of ['vendor.cjs', 'vendor.inputs.json', 'apps', 'apps.inputs.json']) {
    const built = join(ROOT, 'lib', '.bundle', f);
    if (existsSync(built)) cpSync(built, join(dir, 'lib', '.bundle', f), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Replaces `from` by `to` in a file of a repo copy; fails the test when `from` is absent. */
export function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit: ${String(from)} not found in ${file}`);
  writeFileSync(path, next);
}

/**
 * Runs a TypeScript entry point of a repo (copy) the way its npm script does: through
 * `cli/launch.cjs`, the esbuild bundle of that repo's sources.
 */
export function runScript(
  repo: string, script: string, args: string[] = [],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(repo, 'cli', 'launch.cjs'), script, ...args], {
    cwd: options.cwd ?? repo,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
  });
}

/** Runs a TypeScript entry point of a repo (copy) through tsx, without the launcher's bundles. */
export function runTsx(
  repo: string, script: string, args: string[] = [],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): SpawnSyncReturns<string> {
  // the loader by absolute URL, so that any working directory works
  const tsx = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return spawnSync(process.execPath, ['--import', tsx, join(repo, script), ...args], {
    cwd: options.cwd ?? repo,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
  });
}

/**
 * Runs `npm run synth` of a repo (copy) exactly as the package script does:
 * `node cli/launch.cjs apps/synth.ts` (the esbuild bundle of that repo's sources).
 */
export function runSynth(
  repo: string, args: string[] = [],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): SpawnSyncReturns<string> {
  return runScript(repo, 'apps/synth.ts', args, options);
}

/** Every file under `dir` as raw bytes: relative POSIX path -> content. For byte-exact comparisons. */
export function readBytes(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(dir, p).split('\\').join('/'), readFileSync(p));
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

/**
 * A tree as sorted [path, sha-256] pairs: jest compares these in microseconds, where its deep
 * equality walks a Buffer byte by byte; a failure still names every differing path.
 */
export function digests(tree: ReadonlyMap<string, Buffer | string>): [string, string][] {
  return [...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, content]) => [path, createHash('sha256').update(content).digest('hex')]);
}

/** Every file under `dir`: relative POSIX path -> UTF-8 text. */
export function readTree(dir: string): Map<string, string> {
  return new Map([...readBytes(dir)].map(([f, b]) => [f, b.toString('utf8')]));
}

/** How a fresh render differs from the committed one. */
export interface TreeDifference {
  /** In both, with different bytes. */
  readonly stale: string[];
  /** Rendered, but not committed. */
  readonly missing: string[];
  /** Committed, but no longer rendered. */
  readonly extra: string[];
}

/** Compares a fresh render with the committed dist/. */
export function compareTrees(committed: ReadonlyMap<string, string>, fresh: ReadonlyMap<string, string>): TreeDifference {
  return {
    stale: [...fresh.keys()].filter((f) => committed.has(f) && committed.get(f) !== fresh.get(f)),
    missing: [...fresh.keys()].filter((f) => !committed.has(f)),
    extra: [...committed.keys()].filter((f) => !fresh.has(f)),
  };
}

/** A one-paragraph report of a difference, naming every file; empty when identical. */
export function describeDifference(d: TreeDifference): string {
  const lines = [
    ...d.stale.map((f) => `stale:   dist/${f}`),
    ...d.missing.map((f) => `missing: dist/${f}`),
    ...d.extra.map((f) => `extra:   dist/${f}`),
  ];
  return lines.length ? `dist/ is not what the code renders; run npm run synth and commit dist/\n${lines.join('\n')}` : '';
}

/** Writes a file, creating its folder. */
export function writeFile(path: string, content: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}
