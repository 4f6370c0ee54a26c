/**
 * A Kyverno evaluator for exactly the features the platform's ClusterPolicies use: `match.any`
 * by kind and namespace, Pod autogen for the controllers a policy names, and `validate.pattern`
 * with the `=()` anchor, wildcards `*` and `?`, `!` negation, `|` and `&`. Anything else in a
 * policy (another anchor, an operator, foreach, deny, preconditions, exclude...) throws
 * {@link UnsupportedFeature}, so a policy this code cannot judge fails its test instead of passing
 * unjudged. Semantics follow Kyverno's pattern validation (pkg/engine/validate).
 */

/** A policy feature this evaluator does not implement. */
export class UnsupportedFeature extends Error {}

/** How a rule reaches an object's pod spec. */
export type Reach = 'pod' | 'autogen' | 'direct';

/** A rule's verdict on one object. */
export interface Verdict {
  /** How the rule matched the object (undefined: it does not apply). */
  readonly reach?: Reach;
  /** Why the object is refused; empty when it passes or the rule does not apply. */
  readonly errors: readonly string[];
}

const KNOWN = {
  spec: new Set(['validationFailureAction', 'background', 'rules']),
  rule: new Set(['name', 'match', 'validate']),
  match: new Set(['any']),
  filter: new Set(['resources']),
  resources: new Set(['kinds', 'namespaces']),
  validate: new Set(['message', 'pattern']),
};

function only(where: string, obj: Record<string, unknown>, known: Set<string>): void {
  for (const k of Object.keys(obj)) if (!known.has(k)) throw new UnsupportedFeature(`${where}.${k} is not implemented by the evaluator`);
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a policy uses nothing but the implemented features; throws {@link UnsupportedFeature} otherwise. */
export function assertSupported(policy: any): void {
  const name = `ClusterPolicy ${policy.metadata.name}`;
  if (policy.kind !== 'ClusterPolicy') throw new UnsupportedFeature(`${policy.kind} ${policy.metadata.name}: only ClusterPolicy is implemented`);
  only(`${name} spec`, policy.spec, KNOWN.spec);
  for (const rule of policy.spec.rules) {
    const where = `${name} rule ${rule.name}`;
    only(where, rule, KNOWN.rule);
    only(`${where} match`, rule.match, KNOWN.match);
    for (const f of rule.match.any) {
      only(`${where} match.any[]`, f, KNOWN.filter);
      only(`${where} match.any[].resources`, f.resources, KNOWN.resources);
      for (const ns of f.resources.namespaces ?? []) if (/[*?]/.test(ns)) throw new UnsupportedFeature(`${where}: namespace wildcards are not implemented`);
    }
    only(`${where} validate`, rule.validate, KNOWN.validate);
    checkPattern(`${where} pattern`, rule.validate.pattern);
  }
}

/** Walks a pattern for unsupported anchors, operators and shapes. */
function checkPattern(where: string, pattern: unknown): void {
  if (Array.isArray(pattern)) {
    if (pattern.length > 1 && pattern.some(isMap)) throw new UnsupportedFeature(`${where}: an array pattern of several maps is not implemented`);
    pattern.forEach((p, i) => checkPattern(`${where}[${i}]`, p));
  } else if (isMap(pattern)) {
    for (const [k, v] of Object.entries(pattern)) {
      parseKey(`${where}.${k}`, k);
      checkPattern(`${where}.${k}`, v);
    }
  } else if (typeof pattern === 'string') {
    for (const alt of pattern.split('|')) for (const part of alt.split('&')) parseCondition(`${where}: "${pattern}"`, part.trim());
  } else if (typeof pattern !== 'boolean' && typeof pattern !== 'number') {
    throw new UnsupportedFeature(`${where}: a ${pattern === null ? 'null' : typeof pattern} pattern is not implemented`);
  }
}

/** A map key of a pattern: plain, or the equality anchor `=(key)` (validate only if present). */
function parseKey(where: string, key: string): { name: string; conditional: boolean } {
  const anchor = /^([^\w\s]|X)?\((.+)\)$/.exec(key);
  if (anchor) {
    if (anchor[1] === '=') return { name: anchor[2], conditional: true };
    throw new UnsupportedFeature(`${where}: the anchor ${anchor[1] ?? ''}() is not implemented`);
  }
  if (/[*?()<>^+=]/.test(key)) throw new UnsupportedFeature(`${where}: key syntax "${key}" is not implemented`);
  return { name: key, conditional: false };
}

/** One condition of a string pattern: `!` negation or a wildcard pattern. */
function parseCondition(where: string, condition: string): { negate: boolean; wildcard: string } {
  if (/^(>=|<=|>|<)/.test(condition)) throw new UnsupportedFeature(`${where}: numeric comparisons are not implemented`);
  if (/^!?-?\d+(\.\d+)?[A-Za-z]*!?-\d/.test(condition)) throw new UnsupportedFeature(`${where}: ranges are not implemented`);
  if (condition.includes('{{')) throw new UnsupportedFeature(`${where}: variables are not implemented`);
  if (condition.startsWith('!')) return { negate: true, wildcard: condition.slice(1) };
  return { negate: false, wildcard: condition };
}

/** Kyverno's wildcard match: `*` any run of characters, `?` exactly one, the whole value. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 's');
  return re.test(value);
}

/** A string pattern against a scalar: `|` alternatives of `&` conjunctions of (negated) wildcards. */
function matchString(pattern: string, value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
  const text = String(value);
  if (text === pattern) return true;
  return pattern.split('|').some((alt) => alt.split('&').every((part) => {
    const { negate, wildcard } = parseCondition(pattern, part.trim());
    return wildcardMatch(wildcard, text) !== negate;
  }));
}

/** Validates `resource` against `pattern`; returns the paths that fail. */
export function validatePattern(resource: unknown, pattern: unknown, path = ''): string[] {
  if (isMap(pattern)) {
    if (!isMap(resource)) return [`${path || '/'}: expected an object`];
    return Object.entries(pattern).flatMap(([key, sub]) => {
      const { name, conditional } = parseKey(path, key);
      if (resource[name] === undefined) return conditional ? [] : [`${path}/${name}: required`];
      return validatePattern(resource[name], sub, `${path}/${name}`);
    });
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(resource)) return [`${path}: expected an array`];
    if (pattern.length > 0 && isMap(pattern[0])) {
      if (pattern.length > 1) throw new UnsupportedFeature(`${path}: an array pattern of several maps is not implemented`);
      return resource.flatMap((item, i) => validatePattern(item, pattern[0], `${path}/${i}`));
    }
    // an array of scalars is compared position by position
    if (resource.length < pattern.length) return [`${path}: expected at least ${pattern.length} items`];
    return pattern.flatMap((p, i) => validatePattern(resource[i], p, `${path}/${i}`));
  }
  if (typeof pattern === 'string') return matchString(pattern, resource) ? [] : [`${path}: ${JSON.stringify(resource)} does not match "${pattern}"`];
  if (typeof pattern === 'boolean' || typeof pattern === 'number') {
    return resource === pattern ? [] : [`${path}: ${JSON.stringify(resource)} is not ${JSON.stringify(pattern)}`];
  }
  throw new UnsupportedFeature(`${path}: a ${pattern === null ? 'null' : typeof pattern} pattern is not implemented`);
}

/** Whether a `kinds` entry (`Kind` or `group/version/Kind`) names this object. */
function kindMatches(entry: string, obj: any): boolean {
  const parts = entry.split('/');
  if (parts.length === 1) return parts[0] === obj.kind;
  if (parts.length === 3) return `${parts[0]}/${parts[1]}` === obj.apiVersion && parts[2] === obj.kind;
  throw new UnsupportedFeature(`kind "${entry}": only Kind and group/version/Kind are implemented`);
}

/** The pod template a Pod rule sees in a controller, through Kyverno's autogen. */
export function autogenTemplate(obj: any): any {
  return obj.kind === 'CronJob' ? obj.spec?.jobTemplate?.spec?.template : obj.spec?.template;
}

/** The controllers a policy's Pod rules are generated for. */
export function autogenControllers(policy: any): string[] {
  const annotation: string | undefined = policy.metadata.annotations?.['pod-policies.kyverno.io/autogen-controllers'];
  if (annotation === undefined) throw new UnsupportedFeature(`ClusterPolicy ${policy.metadata.name}: state its autogen controllers (the default differs between Kyverno versions)`);
  return annotation === 'none' ? [] : annotation.split(',').map((k) => k.trim());
}

/** One rule of a policy on one object: whether and how it applies, and what it refuses. */
export function evaluateRule(policy: any, rule: any, obj: any): Verdict {
  assertSupported(policy);
  const namespaceOk = (ns?: readonly string[]) => ns === undefined || ns.includes(obj.metadata?.namespace);
  let reach: Reach | undefined;
  for (const f of rule.match.any) {
    const { kinds, namespaces } = f.resources;
    if (!namespaceOk(namespaces)) continue;
    if (kinds.some((k: string) => kindMatches(k, obj))) reach = obj.kind === 'Pod' ? 'pod' : 'direct';
    else if (kinds.includes('Pod') && autogenControllers(policy).includes(obj.kind)) reach = reach ?? 'autogen';
  }
  if (reach === undefined) return { errors: [] };
  const target = reach === 'autogen' ? autogenTemplate(obj) : obj;
  const prefix = reach === 'autogen' ? (obj.kind === 'CronJob' ? '/spec/jobTemplate/spec/template' : '/spec/template') : '';
  return { reach, errors: validatePattern(target, rule.validate.pattern, prefix) };
}
