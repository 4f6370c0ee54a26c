import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatReport, type Format } from './format';
import { blobId, listCommittedTree, readBlobs, resolveBase, resolveCommit, type Tree } from './git';
import { diffTrees, hasChanges } from './report';
import { booleanFlag, type CliArgs, EXIT_CHANGED, EXIT_OK, stringFlag } from '../cli/cli';
import { checkRendered, checkScope, scopeOf } from '../cli/scope';
import { loadPlatform, type PlatformInput, buildPlatform } from '../environments/load';
import { DIST_DIR, REPO_ROOT } from '../render/paths';
import { EVERYTHING, isEverything, pathInScope, type RenderScope } from '../render/scope';

/**
 * Renders the working tree in memory with synth's code path (loadPlatform + renderAll), paths
 * relative to dist/; with a scope, only what is in it.
 */
export async function renderWorkingTree(input?: PlatformInput, scope: RenderScope = EVERYTHING): Promise<Tree> {
  const platform = input ? buildPlatform(input) : loadPlatform();
  checkScope(platform, scope);
  // loaded only after the config is valid, as in apps/synth.ts
  const { renderInScope } = await import('../render/render-scope');
  const files = await renderInScope(platform, scope);
  checkRendered(platform, scope, files, DIST_DIR);
  return files;
}

/** The Kubernetes files of a dist/ on disk (the rest of the estate, for a scoped diff's image rule). */
export function diskKubernetes(dist: string = DIST_DIR): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, rel: string) => {
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}/${name}`);
      else out.set(`${rel}/${name}`, readFileSync(p, 'utf8'));
    }
  };
  walk(join(dist, 'k8s'), 'k8s');
  return out;
}

/**
 * `npm run diff`: the working tree's render (or the committed dist/ of `--head`) against the
 * committed dist/ of the base, within `--env`/`--app`. Bytes first: the base is listed with its
 * blob ids and only files whose ids differ from the head's are read and parsed. Returns the exit
 * code: 0, or 2 with `--exit-code` when something changed.
 */
export async function diffCommand(args: CliArgs, write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const format = (stringFlag(args, 'format') ?? 'text') as Format;
  const scope = scopeOf(args);
  const headRef = stringFlag(args, 'head');
  const base = resolveBase(REPO_ROOT, stringFlag(args, 'base'));
  if (base.note) process.stderr.write(`note: ${base.note}\n`);
  const inScope = (p: string) => pathInScope(scope, p);
  const baseListing = listCommittedTree(REPO_ROOT, 'dist', base.commit);
  const baseIds = new Map([...baseListing.blobs].filter(([p]) => inScope(p)));

  let headIds: Map<string, string>;
  let readHead: (paths: Iterable<string>) => Map<string, string>;
  let wholeHead: () => Tree;
  if (headRef !== undefined) {
    const headListing = listCommittedTree(REPO_ROOT, 'dist', resolveCommit(REPO_ROOT, headRef, '--head'));
    headIds = new Map([...headListing.blobs].filter(([p]) => inScope(p)));
    readHead = (paths) => readBlobs(headListing, paths);
    wholeHead = () => readBlobs(headListing, headListing.blobs.keys());
  } else {
    const rendered = await renderWorkingTree(undefined, scope);
    headIds = new Map([...rendered].map(([p, text]) => [p, blobId(text)]));
    readHead = (paths) => new Map([...paths].filter((p) => rendered.has(p)).map((p) => [p, rendered.get(p)!]));
    // outside the scope the working tree's dist/ stands in for the render
    wholeHead = () => (isEverything(scope) ? rendered : new Map([...diskKubernetes(), ...rendered]));
  }
  const differing = [...new Set([...baseIds.keys(), ...headIds.keys()])].filter((p) => baseIds.get(p) !== headIds.get(p));
  const report = diffTrees(readBlobs(baseListing, differing), readHead(differing), {
    base: base.commit ? `${base.label} (${base.commit.slice(0, 12)})` : base.label,
    head: headRef ?? 'working tree',
    context: { base: () => readBlobs(baseListing, [...baseListing.blobs.keys()].filter((p) => p.startsWith('k8s/'))), head: wholeHead },
  });
  write(formatReport(report, format, { color: colorWanted() }));
  return booleanFlag(args, 'exit-code') && hasChanges(report) ? EXIT_CHANGED : EXIT_OK;
}

/** Colour only for a terminal, and never with NO_COLOR set (https://no-color.org). */
export function colorWanted(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
}
