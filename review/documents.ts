/**
 * Documents rendered as strings inside objects: JSON text (`"{\"Version\":...}"`) and cdktf's
 * `${jsonencode({"Version" = ...})}` expressions. Decoded, they can be shown line by line and
 * their IAM statements compared.
 */

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The HCL object of a `jsonencode({...})` call as JSON text: outside strings `=` becomes `:` and
 * bare references (`aws_kms_key.logs.arn`) become strings (`"${aws_kms_key.logs.arn}"`).
 * Undefined when it is not that simple shape.
 */
function hclToJson(hcl: string): string | undefined {
  let out = '';
  for (let i = 0; i < hcl.length;) {
    const c = hcl[i];
    if (c === '"') {
      let j = i + 1;
      let depth = 0;
      // a string ends at a quote outside any ${...} interpolation
      while (j < hcl.length && !(hcl[j] === '"' && depth === 0)) {
        if (hcl[j] === '\\') {j++;} else if (hcl[j] === '$' && hcl[j + 1] === '{') { depth++; j++; } else if (hcl[j] === '}' && depth > 0) {depth--;}
        j++;
      }
      if (j >= hcl.length) return undefined;
      const body = hcl.slice(i + 1, j).replace(/\$\{([^}]*)\}/g, (m) => m.replace(/(?<!\\)"/g, '\\"'));
      out += `"${body}"`;
      i = j + 1;
    } else if (c === '=') {
      out += ':';
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w.\-*]*(\[\d+\][\w.\-*]*)*/.exec(hcl.slice(i))![0];
      out += ['true', 'false', 'null'].includes(m) ? m : JSON.stringify(`\${${m}}`);
      i += m.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The structure a string holds (JSON text or `${jsonencode(...)}`), or undefined for plain text. */
export function decodeDocument(s: string): unknown {
  const t = s.trim();
  const jsonencode = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(t);
  const text = jsonencode ? hclToJson(jsonencode[1]) : (t.startsWith('{') || t.startsWith('[')) ? t : undefined;
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A copy of `v` with every string that holds a document replaced by the decoded document. */
export function expandDocuments(v: unknown): unknown {
  if (typeof v === 'string') {
    const d = decodeDocument(v);
    return d === undefined ? v : expandDocuments(d);
  }
  if (Array.isArray(v)) return v.map(expandDocuments);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expandDocuments(x)]));
  return v;
}

/** What an IAM policy document allows, flattened. */
export interface Grants {
  readonly actions: Set<string>;
  readonly resources: Set<string>;
  readonly principals: Set<string>;
  readonly accounts: Set<string>;
  /** Sid (and any `Reason`/`Justification` value) of the statement that grants each item. */
  readonly why: Map<string, string>;
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
/** Accounts named in ARNs (`arn:aws:iam::123456789012:root`) or as bare 12-digit ids. */
const accountsIn = (s: string): string[] => [...s.matchAll(/(?:^|:)(\d{12})(?=:|$)/g)].map((m) => m[1]);

/** True when a value looks like an IAM policy document (a `Statement`, or cdktf's `statement` blocks). */
export function isPolicyDocument(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && (Array.isArray(v.Statement) || isRecord(v.Statement) || Array.isArray(v.statement));
}

/** The Allow grants of a policy document (IAM JSON or an `aws_iam_policy_document` data source body). */
export function grantsOf(doc: Record<string, unknown>): Grants {
  const g: Grants = { actions: new Set(), resources: new Set(), principals: new Set(), accounts: new Set(), why: new Map() };
  const statements = Array.isArray(doc.Statement) ? doc.Statement
    : isRecord(doc.Statement) ? [doc.Statement] : Array.isArray(doc.statement) ? doc.statement : [];
  for (const st of statements.filter(isRecord)) {
    const effect = st.Effect ?? st.effect ?? 'Allow';
    if (effect !== 'Allow') continue;
    const reason = Object.entries(st).filter(([k]) => /^(sid|reason|justification)$/i.test(k)).map(([, v]) => String(v)).join('; ');
    const note = (item: string) => { if (reason && !g.why.has(item)) g.why.set(item, reason); };
    for (const a of [...list(st.Action), ...list(st.actions)]) { g.actions.add(a); note(`action ${a}`); }
    for (const r of [...list(st.Resource), ...list(st.resources)]) { g.resources.add(r); note(`resource ${r}`); }
    const principals: string[] = [];
    const p = st.Principal;
    if (typeof p === 'string') principals.push(p);
    else if (isRecord(p)) for (const [kind, ids] of Object.entries(p)) principals.push(...list(ids).map((id) => `${kind}:${id}`));
    for (const block of Array.isArray(st.principals) ? st.principals.filter(isRecord) : []) {
      principals.push(...list(block.identifiers).map((id) => `${String(block.type)}:${id}`));
    }
    for (const pr of principals) { g.principals.add(pr); note(`principal ${pr}`); }
    for (const s of [...principals, ...list(st.Resource), ...list(st.resources)]) for (const acct of accountsIn(s)) { g.accounts.add(acct); note(`account ${acct}`); }
  }
  return g;
}

type Documents = Map<string, Record<string, unknown>>;

/** Every policy document inside an object, by the path of the attribute that holds it. */
export function policyDocuments(body: unknown, path: string[] = [], out: Documents = new Map()): Documents {
  if (typeof body === 'string') {
    const d = decodeDocument(body);
    if (isPolicyDocument(d)) out.set(path.join('.'), d);
  } else if (Array.isArray(body)) {
    body.forEach((x, i) => policyDocuments(x, [...path.slice(0, -1), `${path[path.length - 1] ?? ''}[${i}]`], out));
  } else if (isRecord(body)) {
    if (isPolicyDocument(body)) out.set(path.join('.') || '(document)', body);
    else for (const [k, v] of Object.entries(body)) policyDocuments(v, [...path, k], out);
  }
  return out;
}

/** What a policy grants that another did not: one line per kind, with the statement's Sid/reason. */
export function grantsGrowth(before: Grants | undefined, after: Grants): string[] {
  const out: string[] = [];
  const kinds = [['action', 'actions'], ['resource', 'resources'], ['principal', 'principals'], ['account', 'accounts']] as const;
  for (const [one, many] of kinds) {
    const fresh = [...after[many]].filter((x) => !before?.[many].has(x));
    if (fresh.length === 0) continue;
    out.push(`new ${fresh.length === 1 ? one : many}: ${fresh.map((x) => {
      const why = after.why.get(`${one} ${x}`);
      return why ? `${x} (${why})` : x;
    }).join(', ')}`);
  }
  return out;
}
