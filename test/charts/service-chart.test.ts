import { telemetryConfig } from '../../charts/platform/telemetry';
import { loadPlatform } from '../../environments/load';
import {
  ALB_INGRESS_CLASS, albGroupName, irsaRoleArn, networkPolicyName, previewServiceName, selectorLabels, serviceAccountName,
} from '../../environments/naming';
import type { Service } from '../../environments/types';
import { objects } from '../helpers/render';

/**
 * What each service's folder holds, derived from its catalog entry and its settings in each
 * environment: whatever services and environments exist, every pair is checked. The bytes are
 * the golden test's (test/apps/golden.test.ts).
 */
const platform = loadPlatform();
const PAIRS = platform.environments.flatMap((env) => env.services.map((s) => [`${env.name}/${s.name}`, env, s] as const));

const all = (folder: string, kind: string) => objects(folder).filter((o) => o.kind === kind);
const one = (folder: string, kind: string, name?: string) => {
  const found = all(folder, kind).filter((o) => name === undefined || o.metadata.name === name);
  if (found.length !== 1) throw new Error(`${folder}: ${found.length} ${kind} objects named ${name ?? '(any)'}`);
  return found[0];
};
const workload = (folder: string) => {
  const found = objects(folder).filter((o) => o.kind === 'Deployment' || o.kind === 'Rollout');
  if (found.length !== 1) throw new Error(`${folder}: ${found.length} workloads`);
  return found[0];
};
const container = (folder: string, name: string) => workload(folder).spec.template.spec.containers.find((c: any) => c.name === name);

test('every environment renders a folder for every catalog service', () => {
  expect(PAIRS.length).toBe(platform.environments.length * platform.catalog.length);
  for (const [folder] of PAIRS) expect([folder, objects(folder).length > 0]).toEqual([folder, true]);
});

test.each(PAIRS)('%s: an Argo Rollout with the strategy of the settings (a rolling release too, so it can be measured)', (folder, _, s) => {
  const w = workload(folder);
  const strategy = s.strategy ?? { type: 'rolling' };
  expect(w.kind).toBe('Rollout');
  if (strategy.type === 'rolling') {
    // every pod replaced with a quarter surge and none unavailable, then the new version measured
    expect(w.spec.strategy.canary).toMatchObject({ maxSurge: '25%', maxUnavailable: 0 });
    expect(w.spec.strategy.canary.steps.map((step: object) => Object.keys(step)[0])).toEqual(['setWeight', 'analysis']);
    expect(w.spec.strategy.canary.steps[0]).toEqual({ setWeight: 100 });
  } else if (strategy.type === 'canary') {
    expect(w.spec.strategy.canary.steps).toEqual(strategy.steps.flatMap((step) => [
      { setWeight: step.weight },
      { pause: step.pauseSeconds === undefined ? {} : { duration: `${step.pauseSeconds}s` } },
    ]));
  } else {
    expect(w.spec.strategy.blueGreen).toMatchObject({
      activeService: s.name, previewService: previewServiceName(s.name), autoPromotionEnabled: strategy.autoPromote,
    });
    // the preview Service selects the same pods on the same ports as the active one
    const active = one(folder, 'Service', s.name);
    const preview = one(folder, 'Service', previewServiceName(s.name));
    expect(preview.spec.selector).toEqual(active.spec.selector);
    expect(preview.spec.ports).toEqual(active.spec.ports);
  }
  expect(container(folder, s.name)).toBeDefined();
});

test.each(PAIRS)('%s: replicas as configured, or left to the HPA the autoscaling settings ask for', (folder, _, s) => {
  const w = workload(folder);
  const hpas = all(folder, 'HorizontalPodAutoscaler');
  if (s.autoscaling) {
    expect(w.spec).not.toHaveProperty('replicas');
    expect(hpas).toHaveLength(1);
    expect(hpas[0].apiVersion).toBe('autoscaling/v2');
    expect(hpas[0].spec).toMatchObject({
      scaleTargetRef: { apiVersion: w.apiVersion, kind: w.kind, name: w.metadata.name },
      minReplicas: s.autoscaling.minReplicas,
      maxReplicas: s.autoscaling.maxReplicas,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: s.autoscaling.targetCpuPercent ?? 70 } } }],
    });
  } else {
    expect(w.spec.replicas).toBe(s.replicas);
    expect(hpas).toEqual([]);
  }
});

test.each(PAIRS)('%s: a PodDisruptionBudget that never blocks drains; a VPA in recommendation mode where asked', (folder, _, s) => {
  const w = workload(folder);
  const pdb = one(folder, 'PodDisruptionBudget').spec;
  expect(pdb.selector).toEqual(w.spec.selector);
  if (s.disruptionBudget) expect(pdb).toMatchObject(s.disruptionBudget);
  else expect(pdb.maxUnavailable).toBe(1);
  const fewest = s.autoscaling ? s.autoscaling.minReplicas : s.replicas;
  const evictable = pdb.maxUnavailable !== undefined ? pdb.maxUnavailable : fewest - pdb.minAvailable;
  expect(evictable).toBeGreaterThanOrEqual(1);
  const vpas = all(folder, 'VerticalPodAutoscaler');
  expect(vpas.map((v) => v.spec.updatePolicy)).toEqual(s.verticalPodAutoscaler ? [{ updateMode: 'Off' }] : []);
});

test.each(PAIRS)('%s: Service with named http and metrics ports; every pod of the release is scraped once', (folder, _, s) => {
  const svc = one(folder, 'Service', s.name);
  expect(svc.spec.selector).toEqual(workload(folder).spec.selector.matchLabels);
  expect(svc.spec.ports).toEqual([
    { name: 'http', port: 80, targetPort: s.port },
    { name: 'metrics', port: s.metricsPort ?? 9090, targetPort: s.metricsPort ?? 9090 },
  ]);
  const monitors = objects(folder).filter((o) => o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor');
  expect(monitors).toHaveLength(1);
  const [monitor] = monitors;
  const matches = (labels: Record<string, string> = {}) => Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => labels[k] === v);
  if (s.strategy?.type === 'blueGreen') {
    // a ServiceMonitor would see only the active Service's pods, never the preview's
    expect(monitor.kind).toBe('PodMonitor');
    expect(monitor.spec.podMetricsEndpoints).toEqual([expect.objectContaining({ port: 'metrics', path: '/metrics', interval: '30s' })]);
    expect(matches(workload(folder).spec.template.metadata.labels)).toBe(true);
  } else {
    expect(monitor.kind).toBe('ServiceMonitor');
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    expect(all(folder, 'Service').filter((o) => matches(o.metadata.labels)).map((o) => o.metadata.name)).toEqual([s.name]);
  }
  expect(JSON.stringify(objects(folder))).not.toContain('prometheus.io/scrape');
});

test.each(PAIRS)('%s: an Ingress exactly for a public service: its host on the environment\'s ALB, TLS found by that host', (folder, env, s: Service) => {
  const ingresses = all(folder, 'Ingress');
  if (s.exposure !== 'public') {
    expect(ingresses).toEqual([]);
    return;
  }
  expect(ingresses).toHaveLength(1);
  const [ingress] = ingresses;
  expect(ingress.metadata.annotations['alb.ingress.kubernetes.io/group.name']).toBe(albGroupName(env.name));
  // blue-green switches the active Service behind the Ingress; the others are weighted by Argo Rollouts' action annotation
  const port = s.strategy?.type === 'blueGreen' ? { number: 80 } : { name: 'use-annotation' };
  expect(ingress.spec).toEqual({
    ingressClassName: ALB_INGRESS_CLASS,
    tls: [{ hosts: [s.host] }],
    rules: [{ host: s.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: s.name, port } } }] } }],
  });
});

test.each(PAIRS)('%s: the IRSA role ARN of the naming rules exactly when the service declares AWS permissions', (folder, env, s) => {
  const sa = one(folder, 'ServiceAccount', serviceAccountName(s.name));
  const arn = sa.metadata.annotations?.['eks.amazonaws.com/role-arn'];
  expect(arn).toBe(s.awsPermissions?.length ? irsaRoleArn(env.aws.accountId, env.name, s.namespace, serviceAccountName(s.name)) : undefined);
});

test.each(PAIRS)('%s: a Role reading exactly the named ConfigMaps and Secrets when the service uses the API; none otherwise', (folder, _, s) => {
  const roles = all(folder, 'Role');
  if (!s.kubernetesApi) {
    expect([roles, all(folder, 'RoleBinding')]).toEqual([[], []]);
    return;
  }
  const expected = (['configMaps', 'secrets'] as const)
    .filter((k) => s.kubernetesApi![k]?.length)
    .map((k) => ({ apiGroups: [''], resources: [k.toLowerCase()], resourceNames: [...s.kubernetesApi![k]!].sort(), verbs: ['get', 'watch'] }));
  expect(roles).toHaveLength(1);
  expect(roles[0].rules).toEqual(expected);
  expect(one(folder, 'RoleBinding')).toMatchObject({
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roles[0].metadata.name },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccountName(s.name), namespace: s.namespace }],
  });
});

test.each(PAIRS)('%s: the selector is the stable name/instance pair, never a construct-path label', (folder, _, s) => {
  expect(workload(folder).spec.selector.matchLabels).toEqual(selectorLabels(s.name));
  expect(JSON.stringify(objects(folder))).not.toContain('cdk8s.io/metadata.addr');
});

test.each(PAIRS)('%s: its two NetworkPolicies, with stable names, and no default-deny in the folder', (folder, _, s) => {
  expect(all(folder, 'NetworkPolicy').map((o) => o.metadata.name).sort())
    .toEqual([networkPolicyName(s.name, 'egress'), networkPolicyName(s.name, 'ingress')].sort());
});

test.each(PAIRS)('%s: the image is pinned to the tag of the environment versions file', (folder, _, s) => {
  const separator = s.image.tag.startsWith('sha256:') ? '@' : ':';
  expect(container(folder, s.name).image).toBe(`${s.image.repository}${separator}${s.image.tag}`);
});

test.each(PAIRS)('%s: the ConfigMap is the telemetry defaults, then the catalog config, overridden key by key by the environment', (folder, env, s) => {
  const merged = { ...telemetryConfig(env, s), ...s.config, ...s.configOverrides };
  const expected = Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, String(v)]));
  expect(one(folder, 'ConfigMap').data ?? {}).toEqual(expected);
});
