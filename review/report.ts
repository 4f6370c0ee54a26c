import { deepEqual, diffValues, redact } from './fields';
import type { Tree } from './git';
import { GLOBAL, parseTree, type RenderedObject } from './objects';
import { assessRisks, imagesByEnvironment, type ObjectChange, type RiskFlag } from './risk';
import { ENVIRONMENT_NAMES } from '../environments/index';

export type { ObjectChange, RiskFlag } from './risk';

/** Counts of changed objects. */
export interface Counts { added: number; removed: number; changed: number }

/** The whole review of one diff. */
export interface DiffReport {
  /** What the base is (a ref, a merge base...). */
  readonly base: string;
  /** What the new side is (`working tree`, a ref). */
  readonly head: string;
  /** The production environment (its section of the markdown report stays open). */
  readonly production: string;
  /** Totals, then per environment (in promotion order). */
  readonly summary: Counts & { readonly environments: readonly ({ readonly name: string } & Counts)[] };
  /** Risk flags, listed before the details. */
  readonly risks: readonly RiskFlag[];
  /** Object changes sorted by environment (promotion order), side, group, id. */
  readonly changes: readonly ObjectChange[];
}

/** Options of {@link diffTrees}. */
export interface DiffOptions {
  readonly base?: string;
  readonly head?: string;
  /** Promotion order; default ENVIRONMENT_NAMES. */
  readonly order?: readonly string[];
  /** The environment whose removals and capacity drops are flagged; default `prod`, else the last of `order`. */
  readonly production?: string;
  /**
   * The whole renders, when `base`/`head` hold only part of them (a scoped or pre-filtered diff):
   * read only if a rule needs them (the images every environment runs). @default base and head
   */
  readonly context?: { readonly base: () => Tree; readonly head: () => Tree };
}

/** The paths whose bytes differ between two renders (in one and not the other, or different content). */
export function differingPaths(base: Tree, head: Tree): string[] {
  const out = [...base.keys()].filter((p) => base.get(p) !== head.get(p));
  for (const p of head.keys()) if (!base.has(p)) out.push(p);
  return out;
}

/** Only the given paths of a tree. */
export function subTree(tree: Tree, paths: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of paths) {
    const v = tree.get(p);
    if (v !== undefined) out.set(p, v);
  }
  return out;
}

/** The images each environment runs, parsing only the Kubernetes files that name an image. */
function imagesOfTree(tree: Tree, order: readonly string[]): Map<string, Set<string>> {
  const withImages = new Map([...tree].filter(([p, text]) => p.startsWith('k8s/') && text.includes('image')));
  return imagesByEnvironment(parseTree(withImages, order).objects.values());
}

const once = <T>(f: () => T): (() => T) => {
  let v: { value: T } | undefined;
  return () => (v ??= { value: f() }).value;
};

const SIDES = ['kubernetes', 'terraform', 'file'];
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Environments in promotion order, then others alphabetically, `(global)` last. */
export function environmentRank(order: readonly string[]): (env: string) => number {
  return (env) => (env === GLOBAL ? Number.MAX_SAFE_INTEGER : order.includes(env) ? order.indexOf(env) : order.length);
}

/**
 * Compares two renders (paths relative to dist/) object by object. Pure: no git, no files.
 * Bytes first: only files whose content differs are parsed.
 */
export function diffTrees(base: Tree, head: Tree, options: DiffOptions = {}): DiffReport {
  const order = options.order ?? ENVIRONMENT_NAMES;
  const production = options.production ?? (order.includes('prod') ? 'prod' : order[order.length - 1]);
  const differing = differingPaths(base, head);
  const before = parseTree(subTree(base, differing), order);
  const after = parseTree(subTree(head, differing), order);
  const changes: ObjectChange[] = [];
  const describe = (o: RenderedObject) => ({
    side: o.side, environment: o.environment, group: o.group, id: o.id, type: o.type, category: o.category,
  });
  for (const [key, o] of before.objects) {
    const n = after.objects.get(key);
    if (!n) {changes.push({ ...describe(o), change: 'removed', fields: [], before: o.body });} else if (!deepEqual(o.body, n.body)) {
      changes.push({ ...describe(n), change: 'changed', fields: redact(n.type, diffValues(o.body, n.body), n.body), before: o.body, after: n.body });
    }
  }
  for (const [key, n] of after.objects) {
    if (!before.objects.has(key)) changes.push({ ...describe(n), change: 'added', fields: [], after: n.body });
  }
  const rank = environmentRank(order);
  changes.sort((a, b) => rank(a.environment) - rank(b.environment) || cmp(a.environment, b.environment) ||
    SIDES.indexOf(a.side) - SIDES.indexOf(b.side) || cmp(a.group, b.group) || cmp(a.id, b.id));

  const count = (list: readonly ObjectChange[]): Counts => ({
    added: list.filter((c) => c.change === 'added').length,
    removed: list.filter((c) => c.change === 'removed').length,
    changed: list.filter((c) => c.change === 'changed').length,
  });
  const envs = [...new Set(changes.map((c) => c.environment))];
  return {
    base: options.base ?? 'base',
    head: options.head ?? 'head',
    production,
    summary: { ...count(changes), environments: envs.map((name) => ({ name, ...count(changes.filter((c) => c.environment === name)) })) },
    risks: assessRisks(changes, {
      order,
      production,
      imagesBefore: once(() => imagesOfTree(options.context?.base() ?? base, order)),
      imagesAfter: once(() => imagesOfTree(options.context?.head() ?? head, order)),
      moved: after.moved,
    }),
    changes,
  };
}

/** True when the report has any change. */
export const hasChanges = (r: DiffReport): boolean => r.changes.length > 0;
