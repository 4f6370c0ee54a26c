import { closureProblems, describeProvider, type Placed, requiredProviders } from './closure';
import { ADDONS } from '../../charts/platform/addons/catalog';
import { loadPlatform } from '../../environments/load';
import {
  API_PROVIDERS, CAPABILITY_GUARDED_CHARTS, FEATURE_PROVIDERS, INGRESS_CLASS_PROVIDERS, INGRESS_CONTROLLER_PROVIDERS, STORAGE_CLASS_PROVIDERS,
  STORAGE_PROVISIONER_PROVIDERS, type CapabilityProvider,
} from '../../environments/providers';
import { manifests, render } from '../helpers/render';

/**
 * Every API and feature an environment's objects rely on (each custom resource kind, resource
 * metrics, the Ingress class and issuer, storage classes, NetworkPolicy enforcement, IRSA) has
 * its provider installed in that same environment, in an earlier sync wave than the object.
 * The provider of each is data (environments/providers.ts); removing a provider from a copy of
 * the render fails with the kind and the environment.
 */
const platform = loadPlatform();
const ENVS = platform.environments.map((e) => e.name);

const parsed = new Map<string, { objects: Placed[]; stack: any }>();
/** One environment's rendered objects, by folder, and its Terraform stack (shared: copy before editing). */
function environment(env: string): { objects: Placed[]; stack: any } {
  if (!parsed.has(env)) {
    const objects = [...manifests()].filter(([f]) => f.startsWith(`${env}/`))
      .map(([f, object]) => ({ folder: f.split('/')[1], object }));
    parsed.set(env, { objects, stack: JSON.parse(render().tf.get(`stacks/${env}/cdk.tf.json`)!) });
  }
  return parsed.get(env)!;
}

test.each(ENVS)('%s: every dependency of every rendered object has its provider, in an earlier wave', (env) => {
  const { objects, stack } = environment(env);
  expect(closureProblems(env, objects, stack)).toEqual([]);
});

test.each(ENVS)('%s: the closure covers custom resources, resource metrics, the ingress class, NetworkPolicies and IRSA', (env) => {
  // the check above is not vacuous: the render relies on providers of every sort
  const { objects } = environment(env);
  const needed = requiredProviders(objects).map(describeProvider);
  const has = (kind: string) => objects.some((p) => p.object.kind === kind);
  expect(needed).toContain(describeProvider(FEATURE_PROVIDERS.networkPolicy));
  expect(needed).toContain(describeProvider(FEATURE_PROVIDERS.irsa));
  if (has('HorizontalPodAutoscaler') || has('VerticalPodAutoscaler')) expect(needed).toContain(describeProvider(FEATURE_PROVIDERS.resourceMetrics));
  expect(needed.some((d) => d.startsWith('add-on Application'))).toBe(true);
});

test('every add-on the providers table names is one of the platform\'s add-ons', () => {
  const tables = [
    API_PROVIDERS, FEATURE_PROVIDERS, INGRESS_CLASS_PROVIDERS, INGRESS_CONTROLLER_PROVIDERS, STORAGE_CLASS_PROVIDERS, STORAGE_PROVISIONER_PROVIDERS,
  ];
  const named = [...new Set(tables.flatMap((t) => Object.values(t as Record<string, CapabilityProvider>))
    .flatMap((p) => ('helmAddon' in p ? [p.helmAddon] : [])))].sort();
  expect(named.filter((n) => !ADDONS.some((a) => a.name === n))).toEqual([]);
  expect(named.length).toBeGreaterThan(0);
});

/** A copy of an environment without one provider: its Application, EKS add-on or Terraform resource removed. */
function without(env: string, provider: CapabilityProvider): { objects: Placed[]; stack: any } {
  const { objects, stack } = structuredClone(environment(env));
  if ('helmAddon' in provider) {
    const rest = objects.filter((p) => p.object.kind !== 'Application' || p.object.spec.source?.helm?.releaseName !== provider.helmAddon);
    expect(rest.length).toBe(objects.length - 1);
    return { objects: rest, stack };
  }
  if ('eksAddon' in provider) {
    const addons = stack.resource.aws_eks_addon;
    const key = Object.keys(addons).find((k) => addons[k].addon_name === provider.eksAddon)!;
    expect(key).toBeDefined();
    delete addons[key];
  } else if ('terraform' in provider) {
    expect(stack.resource[provider.terraform]).toBeDefined();
    delete stack.resource[provider.terraform];
  }
  return { objects, stack };
}

const removals = ENVS.flatMap((env) => requiredProviders(environment(env).objects)
  .filter((p) => !('bootstrap' in p)).map((p) => [env, describeProvider(p), p] as const));

test.each(removals)('%s without %s: the closure fails, naming the environment and the kinds that need it', (env, described, provider) => {
  const { objects, stack } = without(env, provider);
  const problems = closureProblems(env, objects, stack);
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) expect(p).toMatch(new RegExp(`^${env}: [A-Za-z]+ .* is not installed in ${env}$`));
  expect(problems.every((p) => p.includes(described))).toBe(true);
});

const someEnv = ENVS[0];

test('the network policy agent switched off in the VPC CNI\'s configuration fails every NetworkPolicy', () => {
  const { objects, stack } = structuredClone(environment(someEnv));
  const cni = Object.values(stack.resource.aws_eks_addon).find((a: any) => a.addon_name === 'vpc-cni') as any;
  cni.configuration_values = JSON.stringify({ enableNetworkPolicy: 'false' });
  const problems = closureProblems(someEnv, objects, stack);
  expect(problems.length).toBe(objects.filter((p) => p.object.kind === 'NetworkPolicy').length);
  expect(problems[0]).toMatch(new RegExp(`^${someEnv}: NetworkPolicy .* relies on NetworkPolicy enforcement, but its provider, EKS add-on "vpc-cni"`));
});

test('an operator that syncs no earlier than its custom resources fails with both waves', () => {
  const { objects, stack } = structuredClone(environment(someEnv));
  const operator = objects.find((p) => p.object.kind === 'Application' && p.object.spec.source?.helm?.releaseName === 'external-secrets')!;
  operator.object.metadata.annotations['argocd.argoproj.io/sync-wave'] = '5';
  const store = objects.find((p) => p.object.kind === 'ClusterSecretStore')!;
  const storeWave = objects.find((p) => p.object.kind === 'Application' && String(p.object.spec.source?.path).endsWith(`/${store.folder}`))!
    .object.metadata.annotations['argocd.argoproj.io/sync-wave'];
  expect(closureProblems(someEnv, objects, stack)).toEqual(expect.arrayContaining([
    expect.stringMatching(new RegExp(`^${someEnv}: ClusterSecretStore .*external-secrets.*syncs in wave 5, not before wave ${storeWave}$`)),
  ]));
});

test('a chart\'s own ServiceMonitor needs the Prometheus Operator a wave earlier, unless the chart waits for the kind', () => {
  const { objects, stack } = structuredClone(environment(someEnv));
  const provider = (API_PROVIDERS['monitoring.coreos.com/ServiceMonitor'] ?? API_PROVIDERS['monitoring.coreos.com']) as { helmAddon: string };
  const operator = objects.find((p) => p.object.kind === 'Application' && p.object.spec.source?.helm?.releaseName === provider.helmAddon)!;
  operator.object.metadata.annotations['argocd.argoproj.io/sync-wave'] = '5';
  const flagged = new Set(closureProblems(someEnv, objects, stack).filter((p) => p.includes('(monitoring.coreos.com) from its chart'))
    .map((p) => /Application argocd\/(\S+)/.exec(p)![1]));
  // every add-on whose values switch a ServiceMonitor on, read here from the values' text
  const monitored = objects.filter((p) => p.object.kind === 'Application' && p.object !== operator.object
    && /"serviceMonitor":\{[^{}]*"enabled":true/.test(JSON.stringify(p.object.spec.source?.helm?.valuesObject ?? {})));
  expect(monitored.length).toBeGreaterThan(0);
  for (const p of monitored) {
    const guarded = CAPABILITY_GUARDED_CHARTS.includes(p.object.spec.source.chart);
    expect([p.object.metadata.name, flagged.has(p.object.metadata.name)]).toEqual([p.object.metadata.name, !guarded]);
  }
});

describe('crafted objects', () => {
  const service = (): Placed => environment(someEnv).objects.find((p) => p.object.kind === 'Deployment' || p.object.kind === 'Rollout')!;
  const add = (...extra: any[]) => {
    const { objects, stack } = structuredClone(environment(someEnv));
    const folder = service().folder;
    return closureProblems(someEnv, [...objects, ...extra.map((object) => ({ folder, object }))], stack);
  };
  const ingress = (className: string) => ({
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'x', namespace: 'shop' }, spec: { ingressClassName: className },
  });
  const claim = (storageClassName?: string) => ({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'shop' }, spec: { storageClassName },
  });

  test('a kind of an API group no provider is known for', () => {
    expect(add({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }))
      .toEqual([`${someEnv}: Widget w (${service().folder}/) relies on kind Widget (example.com), which has no provider in environments/providers.ts`]);
  });
  test('ingress classes: the ALB controller is installed; the retired nginx one and an unknown class are not', () => {
    expect(add(ingress('alb'))).toEqual([]);
    expect(add(ingress('nginx'))).toEqual([expect.stringMatching(/Ingress shop\/x .* relies on ingress class "nginx", which has no provider/)]);
    expect(add(ingress('traefik'))).toEqual([expect.stringMatching(/Ingress shop\/x .* relies on ingress class "traefik", which has no provider/)]);
  });
  test('a rendered IngressClass is served by the controller it names', () => {
    const custom = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'internal' }, spec: { controller: 'ingress.k8s.aws/alb' } };
    expect(add(custom, ingress('internal'))).toEqual([]);
    expect(add({ ...custom, spec: { controller: 'example.com/other' } }, ingress('internal'))).toHaveLength(1);
  });
  test('volume claims: gp2 is the EBS CSI driver\'s; a claim without a class or with an unknown one has no provider', () => {
    expect(add(claim('gp2'))).toEqual([]);
    expect(add(claim())).toEqual([expect.stringMatching(/PersistentVolumeClaim shop\/data .* relies on storage class undefined/)]);
    expect(add(claim('fast'))).toEqual([expect.stringMatching(/relies on storage class "fast", which has no provider/)]);
    const gp3 = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gp3' }, provisioner: 'ebs.csi.aws.com' };
    expect(add(gp3, claim('gp3'))).toEqual([]);
  });
  test('an HPA on external metrics has no provider; an Ingress naming an issuer that is not rendered fails', () => {
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'shop' }, spec: { metrics: [{ type: 'External' }] } };
    expect(add(hpa)).toEqual([expect.stringMatching(/External metrics/)]);
    const withIssuer = { ...ingress('alb'), metadata: { name: 'x', namespace: 'shop', annotations: { 'cert-manager.io/cluster-issuer': 'nobody' } } };
    expect(add(withIssuer)).toEqual([expect.stringMatching(/ClusterIssuer "nobody"/)]);
  });
});
