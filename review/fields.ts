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
export function isSecretPath(kind: string, segments: readonly string[], body?: unknown): boolean {
  if (kind === 'Secret' && (segments[0] === 'data' || segments[0] === 'stringData')) return true;
  // an SSM SecureString holds its secret in `value` (`insecure_value` is for plain Strings only)
  if (kind === 'aws_ssm_parameter' && ['value', 'insecure_value'].includes(segments[0]) && (!isRecord(body) || body.type !== 'String')) return true;
  const names = segments.map((s) => (s.startsWith('[name=') ? s.slice(6, -1) : s)).filter((s) => !/^\[\d+\]$/.test(s));
  if (names.slice(0, -1).some((s) => /(Ref|From)$/.test(s)) || REFERENCE.test(names[names.length - 1] ?? '')) return false;
  return names.some((s) => SECRET_KEY.test(s));
}

/** Booleans, numbers of replicas and the like are never secrets; strings and structures may be. */
const mayHoldSecret = (v: unknown) => v !== undefined && v !== null && typeof v !== 'boolean';

/** Replaces the values of secret-like fields by {@link REDACTED}; `body` is the object (for SSM parameters). */
export function redact(kind: string, changes: readonly FieldChange[], body?: unknown): FieldChange[] {
  return changes.map((c) => {
    if (!isSecretPath(kind, c.segments, body) || !(mayHoldSecret(c.before) || mayHoldSecret(c.after))) return c;
    return {
      ...c,
      redacted: true,
      ...(c.op !== 'added' ? { before: REDACTED } : {}),
      ...(c.op !== 'removed' ? { after: REDACTED } : {}),
    };
  });
}

/** A password inside a URL: `scheme://user:password@host`. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"'`]*:)([^\s@/"'`]+)(@)/gi;

/** `postgres://app:(redacted)@db` for `postgres://app:s3cret@db`: passwords in connection strings never print. */
export const maskCredentials = (s: string): string => s.replace(URL_PASSWORD, `$1${REDACTED}$3`);

/** What a redacted value prints as on the new side of a line diff when the secret changed. */
export const REDACTED_CHANGED = '(redacted, changed)';

/**
 * Both sides of an object, ready to be shown line by line: secret-like values replaced by
 * {@link REDACTED} (on the new side by {@link REDACTED_CHANGED} when the value changed, so the
 * line diff still shows that it changed) and passwords in connection strings masked likewise.
 */
export function redactPair(kind: string, before: unknown, after: unknown): [unknown, unknown] {
  const walk = (b: unknown, a: unknown, segments: string[]): [unknown, unknown] => {
    // SSM parameters are handled below: whether `value` is secret depends on the object's `type`
    if (segments.length && isSecretPath(kind === 'aws_ssm_parameter' ? '' : kind, segments) && (mayHoldSecret(b) || mayHoldSecret(a))) {
      return [b === undefined ? b : REDACTED, a === undefined ? a : (b !== undefined && !deepEqual(a, b) ? REDACTED_CHANGED : REDACTED)];
    }
    if (typeof b === 'string' || typeof a === 'string') {
      const [mb, ma] = [typeof b === 'string' ? maskCredentials(b) : b, typeof a === 'string' ? maskCredentials(a) : a];
      return [mb, typeof a === 'string' && typeof b === 'string' && a !== b && ma === mb ? (ma as string).replace(REDACTED, REDACTED_CHANGED) : ma];
    }
    if (Array.isArray(b) || Array.isArray(a)) {
      const [lb, la] = [Array.isArray(b) ? b : undefined, Array.isArray(a) ? a : undefined];
      const n = Math.max(lb?.length ?? 0, la?.length ?? 0);
      // items with a name are addressed by it, as field paths do (`env[name=DB_PASSWORD].value`)
      const segment = (i: number) => {
        const item = [lb?.[i], la?.[i]].find((x) => isRecord(x) && typeof x.name === 'string') as Record<string, unknown> | undefined;
        return item ? `[name=${String(item.name)}]` : `[${i}]`;
      };
      const pairs = Array.from({ length: n }, (_, i) => walk(lb?.[i], la?.[i], [...segments, segment(i)]));
      return [
        lb ? pairs.slice(0, lb.length).map((p) => p[0]) : walk(b, undefined, segments)[0],
        la ? pairs.slice(0, la.length).map((p) => p[1]) : walk(undefined, a, segments)[1],
      ];
    }
    if (isRecord(b) || isRecord(a)) {
      const [rb, ra] = [isRecord(b) ? b : undefined, isRecord(a) ? a : undefined];
      const ob: Record<string, unknown> = {};
      const oa: Record<string, unknown> = {};
      for (const k of new Set([...Object.keys(rb ?? {}), ...Object.keys(ra ?? {})])) {
        const [x, y] = walk(rb?.[k], ra?.[k], [...segments, k]);
        if (rb && k in rb) ob[k] = x;
        if (ra && k in ra) oa[k] = y;
      }
      return [rb ? ob : walk(b, undefined, segments)[0], ra ? oa : walk(undefined, a, segments)[1]];
    }
    return [b, a];
  };
  if (kind === 'aws_ssm_parameter') {
    const secure = (o: unknown) => !isRecord(o) || o.type !== 'String';
    const hide = (o: unknown, other: unknown, isNew: boolean) => (isRecord(o) && secure(o)
      ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, ['value', 'insecure_value'].includes(k)
        ? (isNew && isRecord(other) && !deepEqual(other[k], v) ? REDACTED_CHANGED : REDACTED) : v]))
      : o);
    return walk(hide(before, after, false), hide(after, before, true), []);
  }
  return walk(before, after, []);
}
