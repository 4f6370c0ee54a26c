import type { SpawnSyncReturns } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSynth as runRepoSynth } from './repo';

export { readBytes } from './repo';

/** Names of the files that differ between two byte trees (changed, added or removed); empty when equal. */
export function bytesDiffer(a: ReadonlyMap<string, Buffer>, b: ReadonlyMap<string, Buffer>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((n) => !a.has(n) || !b.has(n) || !a.get(n)!.equals(b.get(n)!)).sort();
}

/**
 * Rewrites one file of a repo copy with `change` (text -> text, or `null` to delete the file) and
 * returns a function that puts the original bytes back. Fails when `change` leaves the text as it was,
 * so that a config file that moved on cannot turn a bad-input case into a silent no-op.
 */
export function rewrite(repo: string, file: string, change: (text: string) => string | null): () => void {
  const path = join(repo, file);
  const original = readFileSync(path);
  const next = change(original.toString('utf8'));
  if (next === original.toString('utf8')) throw new Error(`rewrite: the change left ${file} as it was`);
  if (next === null) rmSync(path);
  else writeFileSync(path, next);
  return () => writeFileSync(path, original);
}

/** `text` with the first match of `from` replaced; throws when `from` does not occur. */
export function replaceOnce(text: string, from: RegExp | string, to: string | ((m: string, ...groups: string[]) => string)): string {
  const found = typeof from === 'string' ? text.includes(from) : from.test(text);
  if (!found) throw new Error(`replaceOnce: ${String(from)} not found`);
  if (from instanceof RegExp) from.lastIndex = 0;
  return typeof to === 'string' ? text.replace(from, to) : text.replace(from, to as (m: string, ...g: any[]) => string);
}

/** Escapes a string for use inside a RegExp. */
export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Index of the brace closing the one at `open`, skipping quoted strings and comments. */
export function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i < 0) break;
    } else if (c === '{') {
      depth++;
    } else if (c === '}' && --depth === 0) {
      return i;
    }
  }
  throw new Error(`no closing brace for the one at ${open}`);
}

/** `text` with every whole-word occurrence of service name `from` renamed to `to`. */
export function renameWord(text: string, from: string, to: string): string {
  return text.replace(new RegExp(`(?<![A-Za-z0-9-])${escapeRe(from)}(?![A-Za-z0-9-])`, 'g'), to);
}

/** Catalog text with the entry of `from` cloned under the name `to`, right after it. */
export function cloneCatalogEntry(text: string, from: string, to: string): string {
  const at = text.search(new RegExp(`name: '${escapeRe(from)}'`));
  if (at < 0) throw new Error(`catalog entry ${from} not found`);
  const open = text.lastIndexOf('{', at);
  const close = closingBrace(text, open);
  const lineStart = text.lastIndexOf('\n', open) + 1;
  const indent = text.slice(lineStart, open);
  return `${text.slice(0, close + 1)},\n${indent}${renameWord(text.slice(open, close + 1), from, to)}${text.slice(close + 1)}`;
}

/** Environment-file text with the settings of `from` in `services` cloned under the key `to`. */
export function cloneServiceSettings(text: string, from: string, to: string): string {
  const services = text.indexOf('services: {');
  if (services < 0) throw new Error('no services block');
  const m = new RegExp(`\\n(\\s+)(${escapeRe(from)}|'${escapeRe(from)}'): \\{`).exec(text.slice(services));
  if (!m) throw new Error(`no services.${from}`);
  const keyAt = services + m.index + 1 + m[1].length;
  const open = text.indexOf('{', keyAt);
  const close = closingBrace(text, open);
  // a public service's host must be its own: the clone's host starts with its name
  const settings = renameWord(text.slice(open, close + 1), from, to).replace(/host: '[^'.]+\./, `host: '${to}.`);
  const clone = `'${to}': ${settings}`;
  return `${text.slice(0, close + 1)},\n${m[1]}${clone}${text.slice(close + 1)}`;
}

/**
 * Adds service `to` to a repo copy as a user would: a clone of `from`'s catalog entry, its
 * settings in every environment file and its tag in every versions file. Returns the undo.
 */
export function cloneService(repo: string, from: string, to: string, environments: readonly string[]): () => void {
  const undo = [
    rewrite(repo, 'environments/catalog.ts', (t) => cloneCatalogEntry(t, from, to)),
    ...environments.map((e) => rewrite(repo, `environments/${e}.ts`, (t) => cloneServiceSettings(t, from, to))),
    ...environments.map((e) => rewrite(repo, `environments/versions/${e}.json`, (t) => {
      const o = JSON.parse(t) as Record<string, unknown>;
      return `${JSON.stringify({ ...o, [to]: o[from] }, null, 2)}\n`;
    })),
  ];
  return () => undo.reverse().forEach((u) => u());
}

/** Runs `npm run synth` of a repo copy the way the package script does (cli/launch.cjs). */
export function runSynth(repo: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return runRepoSynth(repo, args, { env });
}

/**
 * Environment-file text with `replicas` of `service`'s settings set to `to`; throws when the service
 * has no settings or no literal `replicas` there.
 */
export function setReplicas(text: string, service: string, to: number): string {
  const services = text.indexOf('services: {');
  if (services < 0) throw new Error('no services block');
  const m = new RegExp(`\\n\\s+(${escapeRe(service)}|'${escapeRe(service)}'): \\{`).exec(text.slice(services));
  if (!m) throw new Error(`no services.${service}`);
  const open = text.indexOf('{', services + m.index + m[0].length - 1);
  const close = closingBrace(text, open);
  const settings = text.slice(open, close + 1);
  if (!/\breplicas: \d+/.test(settings)) throw new Error(`services.${service} has no literal replicas`);
  return `${text.slice(0, open)}${settings.replace(/\breplicas: \d+/, `replicas: ${to}`)}${text.slice(close + 1)}`;
}
