import { deepEqual, diffValues, redact } from './fields';
import type { Tree } from './git';
import { GLOBAL, parseTree, type RenderedObject } from './objects';
import { assessRisks, type ObjectChange, type RiskFlag } from './risk';
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
}

const SIDES = ['kubernetes', 'terraform', 'file'];
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Environments in promotion order, then others alphabetically, `(global)` last. */
export function environmentRank(order: readonly string[]): (env: string) => number {
  return (env) => (env === GLOBAL ? Number.MAX_SAFE_INTEGER : order.includes(env) ? order.indexOf(env) : order.length);
}

/** Compares two renders (paths relative to dist/) object by object. Pure: no git, no files. */
export function diffTrees(base: Tree, head: Tree, options: DiffOptions = {}): DiffReport {
  const order = options.order ?? ENVIRONMENT_NAMES;
  const production = options.production ?? (order.includes('prod') ? 'prod' : order[order.length - 1]);
  const before = parseTree(base, order);
  const after = parseTree(head, order);
  const changes: ObjectChange[] = [];
  const describe = (o: RenderedObject) => ({
    side: o.side, environment: o.environment, group: o.group, id: o.id, type: o.type, category: o.category,
  });
  for (const [key, o] of before.objects) {
    const n = after.objects.get(key);
    if (!n) {changes.push({ ...describe(o), change: 'removed', fields: [], before: o.body });} else if (!deepEqual(o.body, n.body)) {
      changes.push({ ...describe(n), change: 'changed', fields: redact(n.type, diffValues(o.body, n.body)), before: o.body, after: n.body });
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
    summary: { ...count(changes), environments: envs.map((name) => ({ name, ...count(changes.filter((c) => c.environment === name)) })) },
    risks: assessRisks(changes, { order, production, before, after }),
    changes,
  };
}

/** True when the report has any change. */
export const hasChanges = (r: DiffReport): boolean => r.changes.length > 0;
