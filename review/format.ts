import { stringify } from 'yaml';
import { expandDocuments } from './documents';
import { type FieldChange, maskCredentials, redactPair } from './fields';
import { unifiedDiff } from './lines';
import { GLOBAL } from './objects';
import type { DiffReport, ObjectChange, RiskFlag } from './report';
import { RISK_RULES, type RiskRule } from './risk';

/** Output formats of `npm run diff`. */
export const FORMATS = ['markdown', 'text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** Options of {@link formatReport}. */
export interface FormatOptions {
  /** ANSI colours (text format only): for a terminal. @default false */
  readonly color?: boolean;
}

/** Values up to this length print inline in the field summary; longer ones only in the line diff (never cut). */
const INLINE_VALUE = 100;

const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? 'undefined');

function code(s: string): string {
  const one = s.replace(/\r?\n/g, '\\n');
  return one.includes('`') ? `\`\` ${one} \`\`` : `\`${one}\``;
}

/** One field of the summary: `path: old -> new`, or only the path when a value is too long to read inline. */
function fieldLine(f: FieldChange, wrap: (s: string) => string): string {
  const [b, a] = [asText(f.before), asText(f.after)];
  const long = (f.op !== 'added' && b.length > INLINE_VALUE) || (f.op !== 'removed' && a.length > INLINE_VALUE);
  if (long) return `${wrap(f.path)}: ${f.op} (the whole value is in the lines below)`;
  if (f.op === 'added') return `${wrap(f.path)}: (added) ${wrap(a)}`;
  if (f.op === 'removed') return `${wrap(f.path)}: ${wrap(b)} (removed)`;
  return `${wrap(f.path)}: ${wrap(b)} -> ${wrap(a)}`;
}

/**
 * The line diff of a changed object: its old and new YAML (Kubernetes) or JSON (Terraform, with
 * policy documents and other JSON held in strings decoded), secrets redacted, unified with
 * context. Nothing is cut; unchanged parts away from a change are folded.
 */
const linesCache = new WeakMap<ObjectChange, string[]>();

export function objectLines(c: ObjectChange): string[] {
  if (c.change !== 'changed') return [];
  const cached = linesCache.get(c);
  if (cached) return cached;
  const show = (v: unknown) => (c.side === 'kubernetes' ? stringify(v, { lineWidth: 0 }) : `${JSON.stringify(v, null, 2)}\n`);
  const expand = c.side === 'terraform' ? expandDocuments : (v: unknown) => v;
  const [before, after] = redactPair(c.type, expand(c.before), expand(c.after));
  const lines = unifiedDiff(show(before), show(after));
  linesCache.set(c, lines);
  return lines;
}

const counts = (c: { added: number; removed: number; changed: number }) => `${c.changed} changed, ${c.added} added, ${c.removed} removed`;
const groupLabel = (c: ObjectChange) => (c.side === 'kubernetes' ? `app ${c.group}` : c.side === 'terraform' ? `stack ${c.group}` : c.group);

/** Risk flags of one rule and object, across environments. */
export interface RiskGroup {
  readonly rule: RiskRule;
  readonly title: string;
  readonly group: string;
  readonly id: string;
  /** Every environment flagged, in report order. */
  readonly environments: readonly string[];
  /** Distinct reasons with the environments that have each. */
  readonly reasons: readonly { readonly environments: readonly string[]; readonly reason: string }[];
}

/** Groups risk flags by rule and object (app or stack folder and id) across environments. */
export function groupRisks(flags: readonly RiskFlag[]): RiskGroup[] {
  const groups = new Map<string, { rule: RiskRule; group: string; id: string; environments: string[]; reasons: Map<string, string[]> }>();
  type Entry = { rule: RiskRule; group: string; id: string; environments: string[]; reasons: Map<string, string[]> };
  for (const f of flags) {
    // an environment's own stack is named after it: group stacks by role, not by name
    const group = f.group === f.environment ? 'environment stack' : f.group;
    const key = `${f.rule}\u0000${group}\u0000${f.id}`;
    const g: Entry = groups.get(key) ?? { rule: f.rule, group, id: f.id, environments: [], reasons: new Map<string, string[]>() };
    if (!g.environments.includes(f.environment)) g.environments.push(f.environment);
    const envs = g.reasons.get(f.reason) ?? [];
    if (!envs.includes(f.environment)) envs.push(f.environment);
    g.reasons.set(f.reason, envs);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({
    rule: g.rule,
    title: RISK_RULES[g.rule],
    group: g.group,
    id: g.id,
    environments: g.environments,
    reasons: [...g.reasons].map(([reason, environments]) => ({ environments, reason })),
  }));
}

/** Changes identical in several environments (same object, same changed lines), shown once. */
interface Shared {
  readonly environments: string[];
  readonly change: ObjectChange;
  /** The lines shown (the first environment's); set when another environment's unchanged lines around the change differ. */
  contextFrom?: string;
}

/** Sections: one per set of environments, each holding the changes those environments share, in report order. */
function sections(r: DiffReport): Map<string, Shared[]> {
  const bySignature = new Map<string, Shared>();
  for (const c of r.changes) {
    // the changed lines, not their context: environment-specific lines around a change do not split it
    const signature = JSON.stringify([c.side, c.group === c.environment ? '' : c.group, c.id, c.change,
      c.fields.map((f) => [f.path, f.op]), objectLines(c).filter((l) => l.startsWith('+') || l.startsWith('-'))]);
    const s = bySignature.get(signature);
    if (s) {
      s.environments.push(c.environment);
      // one block stands for all of them: say whose context lines it shows when they differ
      if (JSON.stringify(objectLines(c)) !== JSON.stringify(objectLines(s.change))) s.contextFrom = s.environments[0];
    } else {
      bySignature.set(signature, { environments: [c.environment], change: c });
    }
  }
  const out = new Map<string, Shared[]>();
  for (const s of bySignature.values()) {
    const label = s.environments.join(', ');
    out.set(label, [...(out.get(label) ?? []), s]);
  }
  const envOrder = r.summary.environments.map((e) => e.name);
  const rank = (label: string) => envOrder.indexOf(label.split(', ')[0]);
  return new Map([...out].sort(([a], [b]) => rank(a) - rank(b) || b.split(', ').length - a.split(', ').length));
}

/** The groups (app or stack) of a section, in order. */
function byGroup(list: readonly Shared[]): Map<string, Shared[]> {
  const out = new Map<string, Shared[]>();
  for (const s of list) {
    const label = s.change.side === 'terraform' && s.change.group === s.change.environment && s.environments.length > 1
      ? 'stack of each environment' : groupLabel(s.change);
    out.set(label, [...(out.get(label) ?? []), s]);
  }
  return out;
}

const sectionCounts = (list: readonly Shared[]) => counts({
  added: list.filter((s) => s.change.change === 'added').length,
  removed: list.filter((s) => s.change.change === 'removed').length,
  changed: list.filter((s) => s.change.change === 'changed').length,
});

/** GitHub-flavoured markdown, for the pull-request comment. */
export function toMarkdown(r: DiffReport): string {
  return maskCredentials(markdown(r));
}

function markdown(r: DiffReport): string {
  const lines: string[] = [`### Rendered diff: ${code(r.base)} -> ${code(r.head)}`, ''];
  if (r.changes.length === 0) return [...lines, 'No change to the rendered output.', ''].join('\n');
  const risks = groupRisks(r.risks);
  lines.push(`**${counts(r.summary)}** (objects), risk flags: **${risks.length}**`, '');
  lines.push('| environment | changed | added | removed |', '| --- | ---: | ---: | ---: |');
  for (const e of r.summary.environments) lines.push(`| ${e.name} | ${e.changed} | ${e.added} | ${e.removed} |`);
  lines.push('');
  if (risks.length) {
    lines.push(`#### Risk flags (${risks.length})`, '');
    for (const g of risks) {
      const where = `${code(g.id)} (${g.group}) in ${g.environments.join(', ')}`;
      if (g.reasons.length === 1) {
        lines.push(`- :warning: **${g.title}**: ${where}: ${code(g.reasons[0].reason)}`);
      } else {
        lines.push(`- :warning: **${g.title}**: ${where}`);
        for (const x of g.reasons) lines.push(`  - ${x.environments.join(', ')}: ${code(x.reason)}`);
      }
    }
  } else {
    lines.push('No risk flags.');
  }
  lines.push('');
  for (const [label, list] of sections(r)) {
    // prod (and what every environment shares, such as the registry) stays open; the other
    // environments collapse under their one-line summary
    const open = label.split(', ').some((e) => e === r.production || e === GLOBAL) ? ' open' : '';
    lines.push(`<details${open}><summary><b>${label}</b>: ${sectionCounts(list)}</summary>`, '');
    for (const [group, items] of byGroup(list)) {
      lines.push(`**${group}**`, '');
      for (const change of ['added', 'removed'] as const) {
        const ids = items.filter((s) => s.change.change === change).map((s) => code(s.change.id));
        if (ids.length) lines.push(`- ${change} (${ids.length}): ${ids.join(', ')}`);
      }
      for (const { change: c, contextFrom } of items.filter((s) => s.change.change === 'changed')) {
        lines.push(`- changed ${code(c.id)}`);
        for (const f of c.fields) lines.push(`  - ${fieldLine(f, code)}`);
        const diff = objectLines(c);
        if (diff.length && contextFrom) lines.push('', `  the same change in each; the unchanged lines around it are ${contextFrom}'s:`);
        if (diff.length) lines.push('', '  ```diff', ...diff.map((l) => `  ${l}`), '  ```');
      }
      lines.push('');
    }
    lines.push('</details>', '');
  }
  return lines.join('\n');
}

const ANSI = { red: '\u001b[31m', green: '\u001b[32m', cyan: '\u001b[36m', yellow: '\u001b[33m', bold: '\u001b[1m', reset: '\u001b[0m' };

/** Plain text for the terminal; with `color`, ANSI colours for the diff lines and flags. */
export function toText(r: DiffReport, options: FormatOptions = {}): string {
  return maskCredentials(text(r, options));
}

function text(r: DiffReport, options: FormatOptions): string {
  const paint = (colour: keyof typeof ANSI, s: string) => (options.color ? `${ANSI[colour]}${s}${ANSI.reset}` : s);
  const lines: string[] = [`rendered diff: ${r.base} -> ${r.head}`];
  if (r.changes.length === 0) return [...lines, 'no change to the rendered output', ''].join('\n');
  const risks = groupRisks(r.risks);
  lines.push(`summary: ${counts(r.summary)}`);
  for (const e of r.summary.environments) lines.push(`  ${e.name}: ${counts(e)}`);
  lines.push(`risk flags: ${risks.length}`);
  for (const g of risks) {
    const head = `  ${paint('yellow', '!')} ${paint('bold', g.title)}: ${g.id} (${g.group}) in ${g.environments.join(', ')}`;
    if (g.reasons.length === 1) {
      lines.push(`${head}: ${g.reasons[0].reason}`);
    } else {
      lines.push(head);
      for (const x of g.reasons) lines.push(`      ${x.environments.join(', ')}: ${x.reason}`);
    }
  }
  const sign = { added: '+', removed: '-', changed: '~' } as const;
  for (const [label, list] of sections(r)) {
    lines.push('', paint('bold', `${label}: ${sectionCounts(list)}`));
    for (const [group, items] of byGroup(list)) {
      lines.push(`  ${group}`);
      for (const { change: c, contextFrom } of items) {
        lines.push(`    ${sign[c.change]} ${c.id}`);
        for (const f of c.fields) lines.push(`        ${fieldLine(f, (s) => s)}`);
        if (contextFrom && objectLines(c).length) lines.push(`        (the same change in each; the unchanged lines around it are ${contextFrom}'s)`);
        for (const l of objectLines(c)) {
          const colour = l.startsWith('@@') ? 'cyan' : l.startsWith('+') ? 'green' : l.startsWith('-') ? 'red' : undefined;
          lines.push(`        ${colour ? paint(colour, l) : l}`);
        }
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Machine-readable JSON (every field change and line, values redacted as in the other formats). */
export function toJson(r: DiffReport): string {
  return maskCredentials(`${JSON.stringify({
    base: r.base,
    head: r.head,
    summary: r.summary,
    risks: r.risks.map((f) => ({ ...f, title: RISK_RULES[f.rule] })),
    riskGroups: groupRisks(r.risks),
    changes: r.changes.map((c) => ({
      environment: c.environment,
      side: c.side,
      group: c.group,
      id: c.id,
      type: c.type,
      change: c.change,
      fields: c.fields.map((f) => ({ path: f.path, op: f.op, before: f.before, after: f.after, ...(f.redacted ? { redacted: true } : {}) })),
      lines: objectLines(c),
    })),
  }, null, 2)}\n`);
}

/** Formats a report; passwords inside connection strings never print, in any format. */
export function formatReport(r: DiffReport, format: Format, options: FormatOptions = {}): string {
  return format === 'markdown' ? toMarkdown(r) : format === 'json' ? toJson(r) : toText(r, options);
}
