/**
 * The building blocks of the config schema (valibot): leaf grammars that carry our own
 * `problem` + `Fix:` messages, strict objects that name the closest known key, and the one
 * translation from a valibot issue to a {@link ConfigError}.
 *
 * valibot, not zod: it loads in about 6 ms against zod's 50 ms (see the config note), and a
 * config error must answer before cdk8s and cdktf load.
 */
import * as v from 'valibot';
import { ConfigError } from './errors';
import { show } from './validation-rules';

/** Separates problem and fix inside a valibot message; never part of a printed line. */
const SEP = '\u0000';

/** A valibot message carrying our problem and fix. */
export function says(problem: (input: unknown) => string, fix: string): (issue: v.BaseIssue<unknown>) => string {
  return (issue) => `${problem(issue.input)}${SEP}${fix}`;
}

/** Optimal string alignment distance: how many edits turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known key closest to `key`, if one is close enough to be a typo of it. */
export function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const distance = k.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, k);
    if (distance < bestDistance) [best, bestDistance] = [k, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** What to do about an unknown key: the closest known key, or the list of known ones. */
export function unknownKeyFix(key: string, known: readonly string[]): string {
  const near = closest(key, known);
  return near ? `did you mean ${near}? (known: ${known.join(', ')})` : `remove it (known: ${known.join(', ')})`;
}

/**
 * A strict object: a key the schema does not know is an error naming the closest known key, a
 * missing required key names itself.
 */
export function strict<const E extends v.ObjectEntries>(entries: E, what: string) {
  const known = Object.keys(entries);
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') {
      const key = String(issue.input);
      return `"${key}" is not a field of ${what}${SEP}${unknownKeyFix(key, known)}`;
    }
    if (issue.input === undefined && issue.path && issue.path.length > 0) {
      return `is missing${SEP}add it (required in ${what}: ${known.filter((k) => entries[k].type !== 'optional').join(', ')})`;
    }
    return `${show(issue.input)} is not ${what}${SEP}write an object with the fields ${known.join(', ')}`;
  });
}

/** A string matching `pattern`; otherwise `<value> is not valid. Fix: <fix>`. */
export function text(pattern: RegExp, fix: string, problem: (input: unknown) => string = (i) => `${show(i)} is not valid`) {
  return v.pipe(v.string(says(problem, fix)), v.regex(pattern, says(problem, fix)));
}

/** A whole number in [min, max]. */
export function int(min: number, max: number) {
  const message = says((i) => `${show(i)} is not an integer from ${min} to ${max}`, `use a whole number between ${min} and ${max}`);
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

/** One of a fixed set of values. */
export function oneOf<const T extends readonly (string | number)[]>(options: T, problem: string, fix: string = `use one of ${options.join(', ')}`) {
  return v.picklist(options, says((i) => `${show(i)} ${problem}`, fix));
}

/** A boolean. */
export function flag() {
  return v.boolean(says((i) => `${show(i)} is not a boolean`, 'write true or false'));
}

/** An array of `item`. */
export function list<T extends v.GenericSchema>(item: T, fix = 'write a list [...]') {
  return v.array(item, says((i) => `${show(i)} is not a list`, fix));
}

/** A record with keys checked by `key`. */
export function map<K extends v.GenericSchema<string, string>, T extends v.GenericSchema>(key: K, value: T, fix = 'write an object { "<key>": <value> }') {
  return v.record(key, value, says((i) => `${show(i)} is not an object`, fix));
}

/** The dotted field path of an issue, relative to the parsed value. */
function pathOf(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  }
  return out;
}

/**
 * Parses `input` with `schema`; the first problem becomes a ConfigError naming `environment` and
 * the field (`prefix` + the issue's path).
 */
export function parseOrFail<S extends v.GenericSchema>(schema: S, input: unknown, environment: string, prefix = ''): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  let issue = result.issues[0];
  if (issue.input === undefined && issue.path && issue.path.length > 0) {
    // a missing key next to an unknown one is a typo: name the typo and its closest known key
    const parent = pathOf({ ...issue, path: issue.path.slice(0, -1) } as v.BaseIssue<unknown>);
    issue = result.issues.find((i) => i.expected === 'never' && i.path
      && pathOf({ ...i, path: i.path.slice(0, -1) } as v.BaseIssue<unknown>) === parent) ?? issue;
  }
  const path = pathOf(issue);
  const field = prefix && path ? (path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`) : prefix || path;
  const [problem, fix] = issue.message.includes(SEP)
    ? issue.message.split(SEP)
    : [`${show(issue.input)} is not valid (${issue.message})`, `use ${issue.expected ?? 'a valid value'}`];
  throw new ConfigError(environment, field || '(root)', problem, fix);
}
