import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadPlatform } from '../../environments/load';

/** Set by the jest global setup: a folder shared by every test file of one run. */
export const RENDER_CACHE_ENV = 'PLATFORM_TEST_RENDER_CACHE';

/**
 * A map computed once per jest run: the first test file that asks computes it and leaves it as
 * JSON in the run's cache folder under `name`, the others read that. Outside jest, or without the
 * global setup, it is computed here.
 */
function sharedPerRun<V>(name: string, compute: () => Map<string, V>): Map<string, V> {
  const dir = process.env[RENDER_CACHE_ENV];
  const file = dir && join(dir, name);
  if (file && existsSync(file)) return new Map(JSON.parse(readFileSync(file, 'utf8')) as [string, V][]);
  const value = compute();
  if (file) {
    // written whole, then renamed: a concurrent reader sees all of it or nothing
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, JSON.stringify([...value]));
    renameSync(partial, file);
  }
  return value;
}

/** Renders the repository in this process. The libraries load only here, on a cache miss. */
function renderHere(): Map<string, string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderAll } = require('../../render/render') as typeof import('../../render/render');
  return renderAll(loadPlatform());
}

let cached: Map<string, string> | undefined;
/**
 * The repository's render (path relative to dist/ -> content), computed in process once per jest
 * run (loading cdk8s and cdktf costs every test file seconds).
 */
export function renderedTree(): Map<string, string> {
  cached ??= sharedPerRun('render.json', renderHere);
  return cached;
}

/** A JSON file of the repository's render ([path, content] pairs), for a child process to write. */
export function renderedTreeFile(): string {
  const tree = renderedTree();
  const dir = process.env[RENDER_CACHE_ENV];
  const file = dir && join(dir, 'render.json');
  if (file && existsSync(file)) return file;
  const own = join(mkdtempSync(join(tmpdir(), 'platform-render-')), 'render.json');
  writeFileSync(own, JSON.stringify([...tree]));
  return own;
}

/** The render split by side, with paths relative to dist/k8s and dist/terraform. */
export function render(): { k8s: Map<string, string>; tf: Map<string, string> } {
  if (!sides) {
    const side = (prefix: string) => new Map([...renderedTree()]
      .filter(([f]) => f.startsWith(prefix)).map(([f, c]) => [f.slice(prefix.length), c]));
    sides = { k8s: side('k8s/'), tf: side('terraform/') };
  }
  return sides;
}
let sides: { k8s: Map<string, string>; tf: Map<string, string> } | undefined;

/** The YAML files of one Argo CD application folder `<env>/<app>`. */
export function folderFiles(folder: string): Record<string, string> {
  return Object.fromEntries([...render().k8s].filter(([f]) => f.startsWith(`${folder}/`)));
}

let parsed: Map<string, any> | undefined;
/**
 * Every rendered manifest parsed (path relative to dist/k8s -> object), once per jest run
 * (parsing the YAML costs every test file about a second). Shared: clone before changing one.
 */
export function manifests(): ReadonlyMap<string, any> {
  parsed ??= sharedPerRun('manifests.json', () => new Map([...render().k8s].map(([f, y]) => [f, parse(y)])));
  return parsed;
}

/** Parsed objects of one folder (or of every folder when omitted); shared between calls: clone before changing one. */
export function objects(folder?: string): any[] {
  return [...manifests()].filter(([f]) => folder === undefined || f.startsWith(`${folder}/`)).map(([, o]) => o);
}

/** One stack's parsed cdk.tf.json. */
export function stack(name: string): any {
  return JSON.parse(render().tf.get(`stacks/${name}/cdk.tf.json`)!);
}

/** jest global setup: a fresh cache folder for this run. */
export function createRenderCache(): void {
  process.env[RENDER_CACHE_ENV] = mkdtempSync(join(tmpdir(), 'platform-render-cache-'));
}

/** jest global teardown: removes the run's cache folder. */
export function removeRenderCache(): void {
  const dir = process.env[RENDER_CACHE_ENV];
  if (dir) rmSync(dir, { recursive: true, force: true });
}
