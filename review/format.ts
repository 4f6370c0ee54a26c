import type { FieldChange } from './fields';
import type { DiffReport, ObjectChange } from './report';
import { RISK_RULES } from './risk';

/** Output formats of `npm run diff`. */
export const FORMATS = ['markdown', 'text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** At most this many field changes per object are printed (JSON keeps all). */
export const MAX_FIELDS = 40;
const MAX_VALUE = 160;
/** An environment with at most this many changed objects is shown expanded in markdown. */
const OPEN_UP_TO = 20;

function value(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? 'undefined';
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 3)}...` : s;
}

function code(s: string): string {
  const one = s.replace(/\r?\n/g, '\\n');
  return one.includes('`') ? `\`\` ${one} \`\`` : `\`${one}\``;
}

function fieldLine(f: FieldChange, wrap: (s: string) => string): string {
  if (f.op === 'added') return `${wrap(f.path)}: (added) ${wrap(value(f.after))}`;
  if (f.op === 'removed') return `${wrap(f.path)}: ${wrap(value(f.before))} (removed)`;
  return `${wrap(f.path)}: ${wrap(value(f.before))} -> ${wrap(value(f.after))}`;
}

const counts = (c: { added: number; removed: number; changed: number }) => `${c.changed} changed, ${c.added} added, ${c.removed} removed`;
const groupLabel = (c: ObjectChange) => (c.side === 'kubernetes' ? `app ${c.group}` : c.side === 'terraform' ? `stack ${c.group}` : c.group);

/** Changes grouped environment -> group, in report order. */
function grouped(r: DiffReport): Map<string, Map<string, ObjectChange[]>> {
  const out = new Map<string, Map<string, ObjectChange[]>>();
  for (const c of r.changes) {
    const env = out.get(c.environment) ?? new Map<string, ObjectChange[]>();
    const label = groupLabel(c);
    env.set(label, [...(env.get(label) ?? []), c]);
    out.set(c.environment, env);
  }
  return out;
}

/** GitHub-flavoured markdown, for the pull-request comment. */
export function toMarkdown(r: DiffReport): string {
  const lines: string[] = [`### Rendered diff: ${code(r.base)} -> ${code(r.head)}`, ''];
  if (r.changes.length === 0) return [...lines, 'No change to the rendered output.', ''].join('\n');
  lines.push(`**${counts(r.summary)}** (objects), risk flags: **${r.risks.length}**`, '');
  lines.push('| environment | changed | added | removed |', '| --- | ---: | ---: | ---: |');
  for (const e of r.summary.environments) lines.push(`| ${e.name} | ${e.changed} | ${e.added} | ${e.removed} |`);
  lines.push('');
  if (r.risks.length) {
    lines.push(`#### Risk flags (${r.risks.length})`, '');
    for (const f of r.risks) lines.push(`- :warning: **${RISK_RULES[f.rule]}**: ${f.environment} / ${f.group} / ${code(f.id)}: ${f.reason}`);
  } else {
    lines.push('No risk flags.');
  }
  lines.push('');
  const byEnv = new Map(r.summary.environments.map((e) => [e.name, e]));
  for (const [env, groups] of grouped(r)) {
    // one collapsible block per environment (open when short): the summary and risk flags stay in view
    const n = byEnv.get(env)!;
    const open = n.added + n.removed + n.changed <= OPEN_UP_TO ? ' open' : '';
    lines.push(`<details${open}><summary><b>${env}</b>: ${counts(n)}</summary>`, '');
    for (const [label, list] of groups) {
      lines.push(`**${label}**`, '');
      for (const c of list) {
        lines.push(`- ${c.change} ${code(c.id)}`);
        for (const f of c.fields.slice(0, MAX_FIELDS)) lines.push(`  - ${fieldLine(f, code)}`);
        if (c.fields.length > MAX_FIELDS) lines.push(`  - ... and ${c.fields.length - MAX_FIELDS} more fields`);
      }
      lines.push('');
    }
    lines.push('</details>', '');
  }
  return lines.join('\n');
}

/** Plain text, for the terminal. */
export function toText(r: DiffReport): string {
  const lines: string[] = [`rendered diff: ${r.base} -> ${r.head}`];
  if (r.changes.length === 0) return [...lines, 'no change to the rendered output', ''].join('\n');
  lines.push(`summary: ${counts(r.summary)}`);
  for (const e of r.summary.environments) lines.push(`  ${e.name}: ${counts(e)}`);
  lines.push(`risk flags: ${r.risks.length}`);
  for (const f of r.risks) lines.push(`  ! ${RISK_RULES[f.rule]}: ${f.environment}/${f.group} ${f.id}: ${f.reason}`);
  const sign = { added: '+', removed: '-', changed: '~' } as const;
  for (const [env, groups] of grouped(r)) {
    lines.push('', env);
    for (const [label, list] of groups) {
      lines.push(`  ${label}`);
      for (const c of list) {
        lines.push(`    ${sign[c.change]} ${c.id}`);
        for (const f of c.fields.slice(0, MAX_FIELDS)) lines.push(`        ${fieldLine(f, (s) => s)}`);
        if (c.fields.length > MAX_FIELDS) lines.push(`        ... and ${c.fields.length - MAX_FIELDS} more fields`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Machine-readable JSON (every field change, values redacted as in the other formats). */
export function toJson(r: DiffReport): string {
  return `${JSON.stringify({
    base: r.base,
    head: r.head,
    summary: r.summary,
    risks: r.risks.map((f) => ({ ...f, title: RISK_RULES[f.rule] })),
    changes: r.changes.map((c) => ({
      environment: c.environment,
      side: c.side,
      group: c.group,
      id: c.id,
      type: c.type,
      change: c.change,
      fields: c.fields.map((f) => ({ path: f.path, op: f.op, before: f.before, after: f.after, ...(f.redacted ? { redacted: true } : {}) })),
    })),
  }, null, 2)}\n`;
}

/** Formats a report. */
export function formatReport(r: DiffReport, format: Format): string {
  return format === 'markdown' ? toMarkdown(r) : format === 'json' ? toJson(r) : toText(r);
}
