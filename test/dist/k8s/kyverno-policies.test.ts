import {
  assertSupported, autogenControllers, evaluateRule, UnsupportedFeature, validatePattern, wildcardMatch,
} from './kyverno-evaluator';
import { loadPlatform } from '../../../environments/load';
import { manifests } from '../../helpers/render';

/** Every object committed to dist/k8s, with its environment. */
const rendered = [...manifests()].map(([file, obj]) => ({ env: file.split('/')[0], obj }));
const isPolicy = (obj: any) => obj.apiVersion.startsWith('kyverno.io/');
const policiesOf = (env: string) => rendered.filter((r) => r.env === env && isPolicy(r.obj)).map((r) => r.obj);
const environments = loadPlatform().environments.map((e) => e.name);

interface Workload { readonly env: string; readonly obj: any; readonly path: string[]; readonly where: string }

/** Every pod template in dist/k8s, found by walking the data (any node with `spec.containers`), with the path to it. */
function workloads(): Workload[] {
  const found: Workload[] = [];
  const walk = (node: any, path: string[], env: string, obj: any) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node?.spec?.containers)) found.push({ env, obj, path, where: `${env} ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}` });
    for (const [k, v] of Object.entries(node)) walk(v, [...path, k], env, obj);
  };
  // policies hold pod *patterns*, not pods that will run
  for (const { env, obj } of rendered) if (!isPolicy(obj)) walk(obj, [], env, obj);
  return found;
}

const all = workloads();
const podPath = (w: Workload) => `/${w.path.join('/')}`;

/** Does the pattern reach the pod template at `path` (so the rule checks that pod, not some other field)? */
function reaches(pattern: any, path: readonly string[]): boolean {
  let node = pattern;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = node[key];
  }
  return node !== null && typeof node === 'object' && 'spec' in node;
}

describe('every rendered pod template passes every policy that applies, and every policy applies to it', () => {
  test('the walk finds pod templates in every environment', () => {
    for (const env of environments) expect(all.filter((w) => w.env === env).length).toBeGreaterThan(0);
  });

  test.each(all.map((w) => [w.where, w] as const))('%s', (_, w) => {
    const policies = policiesOf(w.env);
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      const verdicts = policy.spec.rules.map((rule: any) => ({ rule: rule.name, ...evaluateRule(policy, rule, w.obj) }));
      const applying = verdicts.filter((v: any) => v.reach !== undefined);
      // covered: a Pod rule reaches it through autogen at the template's own path, or a rule names its kind and its pattern reaches the template
      const covered = applying.some((v: any) => {
        const rule = policy.spec.rules.find((r: any) => r.name === v.rule);
        if (v.reach === 'autogen') return podPath(w) === (w.obj.kind === 'CronJob' ? '/spec/jobTemplate/spec/template' : '/spec/template');
        return reaches({ ...rule.validate.pattern, metadata: {} }, w.path);
      });
      if (!covered) throw new Error(`${w.where}: policy ${policy.metadata.name} does not reach its pod template at ${podPath(w)}`);
      expect({ policy: policy.metadata.name, errors: applying.flatMap((v: any) => v.errors) }).toEqual({ policy: policy.metadata.name, errors: [] });
    }
  });

  test('Argo Rollouts are covered by a rule of their own in every policy (autogen does not know them)', () => {
    for (const env of environments) {
      for (const policy of policiesOf(env)) {
        expect(autogenControllers(policy)).not.toContain('Rollout');
        const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { namespace: policy.spec.rules[0].match.any[0].resources.namespaces[0] } };
        expect(policy.spec.rules.some((r: any) => evaluateRule(policy, r, rollout).reach === 'direct')).toBe(true);
      }
    }
  });
});

/** A rendered pod template of the environment (metadata and spec), as a base for fixtures. */
function template(env: string): { metadata: any; spec: any } {
  const w = all.find((x) => x.env === env)!;
  let node = w.obj;
  for (const k of w.path) node = node[k];
  return structuredClone(node);
}

/** An object of `kind` (as a rule names it) that carries this pod template where that kind does. */
function objectOfKind(kind: string, pod: { metadata: any; spec: any }, namespace: string): any {
  const metadata = { name: 'fixture', namespace };
  if (kind === 'Pod') return { apiVersion: 'v1', kind: 'Pod', metadata: { ...pod.metadata, ...metadata }, spec: pod.spec };
  if (kind === 'CronJob') return { apiVersion: 'batch/v1', kind, metadata, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: pod } } } };
  const parts = kind.split('/');
  const apiVersion = parts.length === 3 ? `${parts[0]}/${parts[1]}` : 'apps/v1';
  return { apiVersion, kind: parts[parts.length - 1], metadata, spec: { template: pod } };
}

const containerOf = (pod: any) => pod.spec.containers[0];
const untagged = (image: string) => image.split(/[:@]/)[0];

/**
 * How to break each policy: a pod that violates it. A policy without an entry
 * here fails the fixture test below.
 */
const VIOLATIONS: Record<string, (pod: any) => void> = {
  'require-requests-limits': (pod) => { delete containerOf(pod).resources.limits.memory; },
  'disallow-latest-tag': (pod) => { containerOf(pod).image = `${untagged(containerOf(pod).image)}:latest`; },
  'restrict-image-registries': (pod) => { pod.spec.initContainers = [{ ...containerOf(pod), name: 'init', image: 'docker.io/library/busybox:1.36' }]; },
  'require-non-root': (pod) => { pod.spec.securityContext.runAsNonRoot = false; },
  'require-drop-all-capabilities': (pod) => { containerOf(pod).securityContext.capabilities = { drop: ['NET_RAW'] }; },
  'require-immutable-images': (pod) => { containerOf(pod).image = 'public.ecr.aws/docker/library/busybox:1.36'; },
};

/** Every (environment, policy, rule, kind it matches) in the rendered policies, Pod rules also through each autogen controller. */
const fixtures = environments.flatMap((env) => policiesOf(env).flatMap((policy) => policy.spec.rules.flatMap((rule: any) => {
  const kinds: string[] = rule.match.any.flatMap((f: any) => f.resources.kinds);
  const all_ = kinds.flatMap((k) => (k === 'Pod' ? ['Pod', ...autogenControllers(policy)] : [k]));
  return all_.map((kind) => [`${env} ${policy.metadata.name}/${rule.name} on ${kind}`, { env, policy, rule, kind }] as const);
})));

describe('every rule passes a compliant object and refuses a crafted violation, for every kind it matches', () => {
  test('every rendered policy has a violation fixture', () => {
    const names = [...new Set(environments.flatMap((env) => policiesOf(env).map((p) => p.metadata.name)))];
    expect(names.filter((n) => !(n in VIOLATIONS))).toEqual([]);
  });

  test.each(fixtures)('%s', (_, { env, policy, rule, kind }) => {
    const namespace = rule.match.any[0].resources.namespaces[0];
    const ok = objectOfKind(kind, template(env), namespace);
    expect(evaluateRule(policy, rule, ok)).toMatchObject({ errors: [] });
    expect(evaluateRule(policy, rule, ok).reach).toBeDefined();
    const violation = VIOLATIONS[policy.metadata.name];
    if (violation === undefined) throw new Error(`policy ${policy.metadata.name} has no entry in VIOLATIONS`);
    const pod = template(env);
    violation(pod);
    const bad = evaluateRule(policy, rule, objectOfKind(kind, pod, namespace));
    expect(bad.errors.length).toBeGreaterThan(0);
    // and the same pod in a namespace the policy does not cover is not its business
    expect(evaluateRule(policy, rule, objectOfKind(kind, pod, 'kube-system')).reach).toBeUndefined();
  });
});

describe('the evaluator', () => {
  test('wildcards: * any run, ? exactly one character, the whole value', () => {
    expect(wildcardMatch('?*', '')).toBe(false);
    expect(wildcardMatch('?*', 'x')).toBe(true);
    expect(wildcardMatch('a.b/*', 'a.b/c:1')).toBe(true);
    expect(wildcardMatch('a.b/*', 'aXb/c:1')).toBe(false);
    expect(wildcardMatch('*:*', 'repo')).toBe(false);
  });

  test.each([
    ['!*:latest & *:*', 'r/x:1.0', true],
    ['!*:latest & *:*', 'r/x:latest', false],
    ['!*:latest & *:*', 'r/x', false],
    ['reg/* | *@sha256:*', 'reg/x:1', true],
    ['reg/* | *@sha256:*', 'other/x@sha256:abc', true],
    ['reg/* | *@sha256:*', 'other/x:1', false],
  ])('the string pattern %j on %j is %s', (pattern, value, ok) => {
    expect(validatePattern(value, pattern)).toEqual(ok ? [] : [expect.stringContaining('does not match')]);
  });

  test('maps need every plain key; =() checks a key only when present; arrays of maps check every item; scalar arrays by position', () => {
    const pattern = { 'containers': [{ image: 'r/*' }], '=(initContainers)': [{ image: 'r/*' }], 'drop': ['ALL'], 'runAsNonRoot': true };
    expect(validatePattern({ containers: [{ image: 'r/a' }, { image: 'r/b' }], drop: ['ALL'], runAsNonRoot: true }, pattern)).toEqual([]);
    expect(validatePattern({ containers: [{ image: 'r/a' }, { image: 'x/b' }], drop: ['ALL'], runAsNonRoot: true }, pattern))
      .toEqual(['/containers/1/image: "x/b" does not match "r/*"']);
    expect(validatePattern({ containers: [], initContainers: [{ image: 'x/b' }], drop: ['ALL'], runAsNonRoot: true }, pattern))
      .toEqual(['/initContainers/0/image: "x/b" does not match "r/*"']);
    expect(validatePattern({ containers: [], drop: ['NET_RAW'] }, pattern)).toEqual(['/drop/0: "NET_RAW" does not match "ALL"', '/runAsNonRoot: required']);
    expect(validatePattern({ containers: [], drop: [], runAsNonRoot: 'true' }, pattern)).toEqual(['/drop: expected at least 1 items', '/runAsNonRoot: "true" is not true']);
  });

  const policy = (rule: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({
    kind: 'ClusterPolicy',
    metadata: { name: 'p', annotations: { 'pod-policies.kyverno.io/autogen-controllers': 'Deployment' } },
    spec: { rules: [{ name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, validate: { pattern: { spec: {} } }, ...rule }], ...spec },
  });
  test.each([
    ['a conditional anchor', { validate: { pattern: { spec: { '(name)': 'x' } } } }],
    ['a negation anchor', { validate: { pattern: { spec: { 'X(hostPath)': null } } } }],
    ['an existence anchor', { validate: { pattern: { spec: { '^(containers)': [] } } } }],
    ['a global anchor', { validate: { pattern: { spec: { '<(image)': 'x' } } } }],
    ['a numeric comparison', { validate: { pattern: { spec: { replicas: '>1' } } } }],
    ['a range', { validate: { pattern: { spec: { replicas: '1-3' } } } }],
    ['a variable', { validate: { pattern: { spec: { image: '{{ request.object.x }}' } } } }],
    ['foreach', { validate: { foreach: [] } }],
    ['deny', { validate: { deny: {} } }],
    ['anyPattern', { validate: { anyPattern: [] } }],
    ['exclude', { exclude: {} }],
    ['preconditions', { preconditions: {} }],
    ['mutate', { mutate: {} }],
    ['match.all', { match: { all: [] } }],
    ['a namespace wildcard', { match: { any: [{ resources: { kinds: ['Pod'], namespaces: ['team-*'] } }] } }],
    ['an array of several maps', { validate: { pattern: { spec: { containers: [{ a: 1 }, { b: 2 }] } } } }],
  ])('%s is refused as unsupported, never judged', (_, rule) => {
    expect(() => assertSupported(policy(rule))).toThrow(UnsupportedFeature);
  });

  test('unknown spec fields and a policy without stated autogen controllers are refused', () => {
    expect(() => assertSupported(policy({}, { webhookTimeoutSeconds: 5 }))).toThrow(UnsupportedFeature);
    const p = policy({});
    delete (p.metadata.annotations as any)['pod-policies.kyverno.io/autogen-controllers'];
    expect(() => autogenControllers(p)).toThrow(UnsupportedFeature);
  });

  test('autogen: a Pod rule reaches a Deployment at spec.template, and not a kind outside its controllers', () => {
    const p = policy({ validate: { pattern: { spec: { containers: [{ image: 'r/*' }] } } } });
    const pod = { metadata: {}, spec: { containers: [{ image: 'x/y' }] } };
    expect(evaluateRule(p, p.spec.rules[0], { kind: 'Deployment', apiVersion: 'apps/v1', metadata: {}, spec: { template: pod } }))
      .toEqual({ reach: 'autogen', errors: ['/spec/template/spec/containers/0/image: "x/y" does not match "r/*"'] });
    expect(evaluateRule(p, p.spec.rules[0], { kind: 'StatefulSet', apiVersion: 'apps/v1', metadata: {}, spec: { template: pod } })).toEqual({ errors: [] });
  });
});
