import { FORMATS, formatReport, type Format } from './format';
import { readCommittedTree, resolveBase, resolveCommit, type Tree } from './git';
import { diffTrees, hasChanges } from './report';
import { EXIT_CHANGED, EXIT_OK, option } from '../cli/cli';
import { ConfigError } from '../environments/errors';
import { loadPlatform, type PlatformInput, buildPlatform } from '../environments/load';
import { REPO_ROOT } from '../render/paths';

/** Renders the working tree in memory with synth's code path (loadPlatform + renderAll), paths relative to dist/. */
export async function renderWorkingTree(input?: PlatformInput): Promise<Tree> {
  const platform = input ? buildPlatform(input) : loadPlatform();
  // loaded only after the config is valid, as in apps/synth.ts
  const { renderAll } = await import('../render/render');
  return renderAll(platform);
}

/** `--format` value, checked. */
export function formatOption(args: readonly string[], fallback: Format): Format {
  const f = option(args, '--format') ?? fallback;
  if (!(FORMATS as readonly string[]).includes(f)) {
    throw new ConfigError('*', '--format', `unknown format "${f}"`, `use one of ${FORMATS.join(', ')}`);
  }
  return f as Format;
}

/** Refuses arguments a command does not know (a typo must not silently change the comparison). */
export function checkArguments(args: readonly string[], flags: readonly string[], valued: readonly string[], positional = 0): string[] {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (valued.includes(a)) {
      if (args[i + 1] === undefined || args[i + 1].startsWith('--')) throw new ConfigError('*', a, 'the option needs a value', `pass ${a} <value>`);
      i++;
    } else if (a.startsWith('-') && !flags.includes(a)) {
      throw new ConfigError('*', a, 'unknown option', `use ${[...flags, ...valued].join(', ')}`);
    } else if (!a.startsWith('-')) {
      rest.push(a);
    }
  }
  if (rest.length > positional) throw new ConfigError('*', rest[positional], 'unexpected argument', 'see README.md "Reviewing changes and promoting images"');
  return rest;
}

/**
 * `npm run diff [-- --base <ref>] [--head <ref>] [--format markdown|text|json] [--exit-code]`:
 * the working tree's render (or the committed dist/ of `--head`) against the committed dist/ of
 * the base. Returns the exit code: 0, or 2 with `--exit-code` when something changed.
 */
export async function diffCommand(args: readonly string[], write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  checkArguments(args, ['--exit-code'], ['--base', '--head', '--format']);
  const format = formatOption(args, 'text');
  const headRef = option(args, '--head');
  const base = resolveBase(REPO_ROOT, option(args, '--base'));
  if (base.note) process.stderr.write(`note: ${base.note}\n`);
  const head = headRef !== undefined ? readCommittedTree(REPO_ROOT, 'dist', resolveCommit(REPO_ROOT, headRef, '--head')) : await renderWorkingTree();
  const report = diffTrees(readCommittedTree(REPO_ROOT, 'dist', base.commit), head, {
    base: base.commit ? `${base.label} (${base.commit.slice(0, 12)})` : base.label,
    head: headRef ?? 'working tree',
  });
  write(formatReport(report, format));
  return args.includes('--exit-code') && hasChanges(report) ? EXIT_CHANGED : EXIT_OK;
}
