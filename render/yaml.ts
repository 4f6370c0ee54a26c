import { Yaml } from 'cdk8s';

/**
 * YAML exactly as cdk8s's `Yaml.stringify` writes it (the `yaml` package, YAML 1.1, no line
 * folding), an order of magnitude faster for the shapes we render: block maps and sequences of
 * plain, quoted or numeric scalars. It is sure of little and asks the library for the rest:
 * a scalar it cannot prove plain is rendered by the library once (and cached), and a document
 * with anything else (multi-line strings, undefined, sequences of sequences, non-integer numbers,
 * exotic objects) is handed to the library whole. test/render/yaml.test.ts proves the bytes equal
 * the library's for every rendered manifest and for generated edge cases.
 */

/** A document the fast path will not write: the library writes it. */
class Unsure extends Error {}
const UNSURE = new Unsure();

/** Strings the fast path writes plain without asking: letters first, then a small safe set. */
const SAFE_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
/** YAML 1.1 words that read as booleans or null: the library quotes them. */
const SPECIAL_WORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL',
]);

const valueCache = new Map<string, string>();
const itemCache = new Map<string, string>();
const keyCache = new Map<string, string>();

/** The library's single-line rendering of `line` after removing `prefix` and `suffix`, or Unsure. */
function fromLibrary(doc: unknown, prefix: string, suffix: string): string {
  const text = Yaml.stringify(doc);
  if (!text.startsWith(prefix) || !text.endsWith(suffix) || text.length < prefix.length + suffix.length) throw UNSURE;
  const inner = text.slice(prefix.length, text.length - suffix.length);
  if (inner.includes('\n') || inner === '') throw UNSURE;
  return inner;
}

function plain(s: string): boolean {
  return SAFE_PLAIN.test(s) && !SPECIAL_WORDS.has(s);
}

/**
 * `s` where a string stands in a document: as it is when plain, else the library's rendering of
 * `doc(s)` between `prefix` and `suffix`, remembered in `cache` (strings repeat across manifests).
 */
function quoted(cache: Map<string, string>, s: string, doc: (s: string) => unknown, prefix: string, suffix: string): string {
  if (plain(s)) return s;
  let r = cache.get(s);
  if (r === undefined) {
    r = fromLibrary(doc(s), prefix, suffix);
    cache.set(s, r);
  }
  return r;
}

const valueDoc = (s: string) => ({ k: s });
const itemDoc = (s: string) => [s];
const keyDoc = (s: string) => ({ [s]: 1 });

/** A string as a map value (after `key: `). */
const stringValue = (s: string): string => quoted(valueCache, s, valueDoc, 'k: ', '\n');
/** A string as a sequence item (after `- `). */
const stringItem = (s: string): string => quoted(itemCache, s, itemDoc, '- ', '\n');
/** A map key (before `:`). */
const key = (s: string): string => quoted(keyCache, s, keyDoc, '', ': 1\n');

/**
 * Maps and sequences met so far in the current document: the library writes an anchor and an
 * alias for an object that occurs twice, so a second sighting is left to it.
 */
let seen = new Set<object>();

/** A scalar, or undefined when `v` is a map or a sequence. */
function scalar(v: unknown, asItem: boolean): string | undefined {
  if (typeof v === 'object' && v !== null) {
    if (seen.has(v)) throw UNSURE;
    seen.add(v);
  }
  switch (typeof v) {
    case 'string':
      if (v.includes('\n')) throw UNSURE;
      return asItem ? stringItem(v) : stringValue(v);
    case 'number':
      if (!Number.isSafeInteger(v) || Object.is(v, -0)) throw UNSURE;
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined;
      if (Object.getPrototypeOf(v) !== Object.prototype) throw UNSURE;
      for (const _ in v) return undefined;
      return '{}';
    default:
      throw UNSURE;
  }
}

/** Writes a non-empty map at `indent`; the first line's indent is already written when `inline`. */
function writeMap(out: string[], obj: Record<string, unknown>, indent: string, inline: boolean): void {
  let first = true;
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    out.push(first && inline ? '' : indent, key(k), ':');
    first = false;
    const s = scalar(v, false);
    if (s !== undefined) {
      out.push(' ', s, '\n');
    } else if (Array.isArray(v)) {
      out.push('\n');
      writeSeq(out, v, `${indent}  `);
    } else {
      out.push('\n');
      writeMap(out, v as Record<string, unknown>, `${indent}  `, false);
    }
  }
}

/** Writes a non-empty sequence at `indent`. */
function writeSeq(out: string[], items: readonly unknown[], indent: string): void {
  for (const v of items) {
    out.push(indent, '- ');
    const s = scalar(v, true);
    if (s !== undefined) {
      out.push(s, '\n');
    } else if (Array.isArray(v)) {
      throw UNSURE;
    } else {
      writeMap(out, v as Record<string, unknown>, `${indent}  `, true);
    }
  }
}

/** One YAML document, byte for byte what `Yaml.stringify(doc)` of cdk8s returns. */
export function toYaml(doc: unknown): string {
  seen = new Set();
  try {
    const s = scalar(doc, false);
    if (s !== undefined) return Yaml.stringify(doc);
    const out: string[] = [];
    if (Array.isArray(doc)) writeSeq(out, doc, '');
    else writeMap(out, doc as Record<string, unknown>, '', false);
    return out.join('');
  } catch (e) {
    if (e instanceof Unsure) return Yaml.stringify(doc);
    throw e;
  }
}
