import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diskKubernetes, renderWorkingTree } from './command';
import { formatReport, type Format } from './format';
import { diffTrees, type DiffReport } from './report';
import { ConfigError } from '../environments/errors';
import { ENVIRONMENT_NAMES } from '../environments/index';
import { defaultInput, VERSIONS_DIR, type PlatformInput } from '../environments/load';
import { DIST_DIR } from '../render/paths';
import { scopePrefixes, type RenderScope } from '../render/scope';

/** What to promote. */
export interface PromotionRequest {
  /** Service names, or `all` for every service of the catalog. */
  readonly services: readonly string[] | 'all';
  readonly from: string;
  readonly to: string;
  /** Allow skipping an environment (or going backwards) in the promotion order. */
  readonly force?: boolean;
}

/** One tag that moves. */
export interface TagChange { readonly service: string; readonly before?: string; readonly after: string }

/** A checked promotion: the tags that change and the new content of the target's versions file. */
export interface PromotionPlan {
  readonly from: string;
  readonly to: string;
  readonly changes: readonly TagChange[];
  /** Tags `to` runs after the promotion (key order of the file kept, new services appended). */
  readonly versions: Readonly<Record<string, unknown>>;
}

const ORDER = ENVIRONMENT_NAMES as readonly string[];

function environment(name: string, option: string): number {
  const i = ORDER.indexOf(name);
  if (i < 0) throw new ConfigError(name, option, `unknown environment "${name}"`, `use one of ${ORDER.join(', ')}`);
  return i;
}

/** Checks a request against the catalog, the promotion order and the versions files. Writes nothing. */
export function planPromotion(req: PromotionRequest, input: PlatformInput): PromotionPlan {
  const from = environment(req.from, '--from');
  const to = environment(req.to, '--to');
  if (from === to) throw new ConfigError(req.to, '--to', `--from and --to are both "${req.to}"`, 'promote into another environment');
  if (to !== from + 1 && !req.force) {
    const why = to < from
      ? `${req.from} -> ${req.to} goes backwards in the promotion order ${ORDER.join(' -> ')}`
      : `${req.from} -> ${req.to} skips ${ORDER.slice(from + 1, to).join(', ')} in the promotion order ${ORDER.join(' -> ')}`;
    throw new ConfigError(req.to, '--to', why, `promote to ${ORDER[from + 1] ?? 'the next environment'} first, or pass --force`);
  }
  const known = input.catalog.map((s) => s.name);
  const services = req.services === 'all' ? known : req.services;
  if (services.length === 0) throw new ConfigError(req.from, 'service', 'no service named', 'name a service, or pass --all');
  for (const s of services) {
    if (!known.includes(s)) throw new ConfigError(req.from, 'service', `unknown service "${s}"`, `use one of ${known.join(', ')}, or --all`);
  }
  const source = input.versions[req.from] ?? {};
  const target = { ...(input.versions[req.to] ?? {}) };
  const changes: TagChange[] = [];
  for (const s of services) {
    const tag = source[s];
    if (typeof tag !== 'string') {
      throw new ConfigError(req.from, `environments/versions/${req.from}.json`, `there is no image tag for "${s}"`, `add "${s}": "<tag>" to it`);
    }
    if (target[s] === tag) continue;
    changes.push({ service: s, ...(typeof target[s] === 'string' ? { before: target[s] as string } : {}), after: tag });
    target[s] = tag;
  }
  return { from: req.from, to: req.to, changes, versions: target };
}

/** The text of a versions file: 2-space JSON and a trailing newline, as committed. */
export const versionsFileText = (versions: Readonly<Record<string, unknown>>): string => `${JSON.stringify(versions, null, 2)}\n`;

/** The outcome of {@link promote}. */
export interface PromotionResult { readonly plan: PromotionPlan; readonly report?: DiffReport }

/**
 * Promotes: checks the request, renders the promoted services' folders of `--to` before and after
 * in memory (a config error stops it with nothing written; image tags reach nothing else), then
 * writes `versions/<to>.json` and swaps those folders into dist/, the rest of it untouched.
 */
export async function promote(req: PromotionRequest, dirs = { versions: VERSIONS_DIR, dist: DIST_DIR }): Promise<PromotionResult> {
  const input = defaultInput();
  const plan = planPromotion(req, input);
  if (plan.changes.length === 0) return { plan };
  const scope: RenderScope = { environments: [plan.to], apps: plan.changes.map((c) => c.service) };
  const before = await renderWorkingTree(input, scope);
  const after = await renderWorkingTree({ ...input, versions: { ...input.versions, [plan.to]: plan.versions } }, scope);
  const { writeTreeAtomically } = await import('../render/writer');
  writeFileSync(join(dirs.versions, `${plan.to}.json`), versionsFileText(plan.versions));
  writeTreeAtomically(dirs.dist, after, { scope: scopePrefixes(scope, [plan.to]) });
  // the other environments' images (for the "not run by the previous environment" rule) from dist/
  const rest = diskKubernetes(dirs.dist);
  return {
    plan,
    report: diffTrees(before, after, {
      base: 'before the promotion',
      head: `after promoting ${plan.from} -> ${plan.to}`,
      context: { base: () => new Map([...rest, ...before]), head: () => new Map([...rest, ...after]) },
    }),
  };
}

/** The lines `npm run promote` prints: one per tag, then the diff. */
export function describePromotion(result: PromotionResult, format: Format): string {
  const { plan, report } = result;
  if (!report) return `${plan.to} already runs the tags of ${plan.from}: nothing to promote\n`;
  const lines = plan.changes.map((c) => `promoted ${c.service} ${c.before ?? '(none)'} -> ${c.after} (${plan.from} -> ${plan.to}), environments/versions/${plan.to}.json`);
  const header = format === 'json' ? '' : `${lines.join('\n')}\n\n`;
  return header + formatReport(report, format);
}
