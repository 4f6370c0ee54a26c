/** One changed leaf (or subtree) of an object. */
export interface FieldChange {
  /** Dotted path: `spec.template.spec.containers[name=web].image`, `metadata.labels["app.kubernetes.io/name"]`. */
  readonly path: string;
  /** The path as segments (array items by `name=<name>` or index). */
  readonly segments: readonly string[];
  readonly op: 'added' | 'removed' | 'changed';
  /** Absent for `added`. */
  readonly before?: unknown;
  /** Absent for `removed`. */
  readonly after?: unknown;
  /** True when the values were replaced by {@link REDACTED}. */
  readonly redacted?: boolean;
}

/** What a redacted value prints as. */
export const REDACTED = '(redacted)';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality of JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** `a.b["x.y/z"][name=web]` from segments. */
export function formatPath(segments: readonly string[]): string {
  let out = '';
  for (const s of segments) {
    if (s.startsWith('[')) out += s;
    else if (/^[A-Za-z0-9_-]+$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Arrays whose items all have a unique string `name` are matched by name, not by position. */
function namedItems(a: readonly unknown[]): Map<string, unknown> | undefined {
  if (a.length === 0) return new Map();
  const m = new Map<string, unknown>();
  for (const x of a) {
    if (!isRecord(x) || typeof x.name !== 'string' || m.has(x.name)) return undefined;
    m.set(x.name, x);
  }
  return m;
}

const isScalar = (v: unknown) => v === null || typeof v !== 'object';

/**
 * Every difference between two JSON values, as field changes. Objects are compared key by key;
 * arrays of named items (containers, ports, env) by name; arrays of scalars as one value; other
 * arrays item by item.
 */
export function diffValues(before: unknown, after: unknown, segments: string[] = [], out: FieldChange[] = []): FieldChange[] {
  if (deepEqual(before, after)) return out;
  const push = (change: Omit<FieldChange, 'path' | 'segments'>) => out.push({ path: formatPath(segments), segments: [...segments], ...change });
  if (before === undefined) {
    push({ op: 'added', after });
  } else if (after === undefined) {
    push({ op: 'removed', before });
  } else if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) diffValues(before[k], after[k], [...segments, k], out);
  } else if (Array.isArray(before) && Array.isArray(after)) {
    const nb = namedItems(before);
    const na = namedItems(after);
    if (nb && na && (nb.size > 0 || na.size > 0)) {
      const names = [...nb.keys(), ...[...na.keys()].filter((n) => !nb.has(n))];
      for (const n of names) diffValues(nb.get(n), na.get(n), [...segments, `[name=${n}]`], out);
    } else if (before.every(isScalar) && after.every(isScalar)) {
      push({ op: 'changed', before, after });
    } else {
      for (let i = 0; i < Math.max(before.length, after.length); i++) diffValues(before[i], after[i], [...segments, `[${i}]`], out);
    }
  } else {
    push({ op: 'changed', before, after });
  }
  return out;
}

/** Field names whose values are secrets. */
export const SECRET_KEY = /(passw(or)?d|passphrase|token|secret|credential|private[-_]?key|api[-_]?key|access[-_]?key|client[-_]?key|signing[-_]?key|^key$|[-_.]key$|^auth$|authorization|\.pem$|\.p12$)/i;
/** Leaf names that hold a reference to a secret (`secretName`, `kms_key_id`, `*_arn`), not its value. */
const REFERENCE = /(Ref|Name|Arn|_arn|_id|Id|_name)$/;

/**
 * True when the value at `segments` of an object of `kind` may be a secret: anything under a
 * Secret's `data`/`stringData`, or under a key matching {@link SECRET_KEY} (an env var named
 * `DB_PASSWORD`, a `token` field), unless the path goes through a reference (`secretKeyRef.name`).
 */
export function isSecretPath(kind: string, segments: readonly string[]): boolean {
  if (kind === 'Secret' && (segments[0] === 'data' || segments[0] === 'stringData')) return true;
  const names = segments.map((s) => (s.startsWith('[name=') ? s.slice(6, -1) : s)).filter((s) => !/^\[\d+\]$/.test(s));
  if (names.slice(0, -1).some((s) => /(Ref|From)$/.test(s)) || REFERENCE.test(names[names.length - 1] ?? '')) return false;
  return names.some((s) => SECRET_KEY.test(s));
}

/** Booleans, numbers of replicas and the like are never secrets; strings and structures may be. */
const mayHoldSecret = (v: unknown) => v !== undefined && v !== null && typeof v !== 'boolean';

/** Replaces the values of secret-like fields by {@link REDACTED}. */
export function redact(kind: string, changes: readonly FieldChange[]): FieldChange[] {
  return changes.map((c) => {
    if (!isSecretPath(kind, c.segments) || !(mayHoldSecret(c.before) || mayHoldSecret(c.after))) return c;
    return {
      ...c,
      redacted: true,
      ...(c.op !== 'added' ? { before: REDACTED } : {}),
      ...(c.op !== 'removed' ? { after: REDACTED } : {}),
    };
  });
}
