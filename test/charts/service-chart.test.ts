import { objects, folderFiles } from '../helpers/render';

const ENVS = ['dev', 'staging', 'prod'] as const;
const SERVICES = ['web', 'api', 'worker'] as const;
const PAIRS = ENVS.flatMap((env) => SERVICES.map((service) => [env, service] as const));

test.each(PAIRS)('%s %s renders the same bytes as before (snapshot)', (env, service) => {
  expect(folderFiles(`${env}/${service}`)).toMatchSnapshot();
});

const one = (folder: string, kind: string, name?: string) => {
  const found = objects(folder).filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`${folder}: ${found.length} ${kind} objects`);
  return found[0];
};
const workload = (folder: string) => objects(folder).find((o) => o.kind === 'Deployment' || o.kind === 'Rollout');
const kinds = (folder: string) => objects(folder).map((o) => o.kind).sort();

test('dev is small and cheap: Deployments, one replica, no autoscalers, no spread', () => {
  for (const s of SERVICES) {
    const d = one(`dev/${s}`, 'Deployment');
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(kinds(`dev/${s}`)).not.toContain('HorizontalPodAutoscaler');
    expect(kinds(`dev/${s}`)).not.toContain('VerticalPodAutoscaler');
  }
});

test('prod is highly available: autoscaled or several replicas, PDB, spread, VPA recommendations', () => {
  for (const s of SERVICES) {
    const w = workload(`prod/${s}`);
    const hpa = objects(`prod/${s}`).find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpa ? hpa.spec.minReplicas : w.spec.replicas).toBeGreaterThanOrEqual(3);
    expect(one(`prod/${s}`, 'PodDisruptionBudget').spec.selector).toEqual(w.spec.selector);
    expect(one(`prod/${s}`, 'VerticalPodAutoscaler').spec.updatePolicy).toEqual({ updateMode: 'Off' });
  }
});

test('the workload of an autoscaled service leaves replicas to the HPA', () => {
  const hpa = one('prod/web', 'HorizontalPodAutoscaler');
  expect(hpa.apiVersion).toBe('autoscaling/v2');
  expect(hpa.spec).toMatchObject({
    scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web' },
    minReplicas: 3,
    maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
  });
  expect(workload('prod/web').spec).not.toHaveProperty('replicas');
  expect(workload('prod/worker').spec.replicas).toBe(3);
});

test('a Deployment rolls with surge and no unavailability', () => {
  expect(one('dev/web', 'Deployment').spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
});

test('prod web releases as a canary in timed steps', () => {
  const r = one('prod/web', 'Rollout');
  expect(kinds('prod/web')).not.toContain('Deployment');
  expect(r.spec.strategy.canary.steps).toEqual([
    { setWeight: 10 }, { pause: { duration: '300s' } },
    { setWeight: 25 }, { pause: { duration: '300s' } },
    { setWeight: 50 }, { pause: { duration: '600s' } },
  ]);
  expect(r.spec.template.spec.containers[0].name).toBe('web');
});

test('prod api releases blue-green behind an active and a preview Service, promoted by hand', () => {
  const r = one('prod/api', 'Rollout');
  expect(r.spec.strategy.blueGreen).toMatchObject({ activeService: 'api', previewService: 'api-preview', autoPromotionEnabled: false, scaleDownDelaySeconds: 30 });
  const active = one('prod/api', 'Service', 'api');
  const preview = one('prod/api', 'Service', 'api-preview');
  expect(preview.spec.selector).toEqual(active.spec.selector);
  expect(preview.spec.ports).toEqual(active.spec.ports);
  // a PodMonitor scrapes every pod once, the preview's too, under the service's own name
  expect(kinds('prod/api')).not.toContain('ServiceMonitor');
  const monitor = one('prod/api', 'PodMonitor');
  expect(monitor.spec.selector.matchLabels).toEqual(r.spec.selector.matchLabels);
  expect(monitor.spec.podMetricsEndpoints[0].relabelings).toEqual([{ action: 'replace', targetLabel: 'service', replacement: 'api' }]);
});

test.each(PAIRS)('%s %s: Service with named http and metrics ports, scraped by a ServiceMonitor or PodMonitor', (env, s) => {
  const svc = one(`${env}/${s}`, 'Service', s);
  expect(svc.spec.selector).toEqual(workload(`${env}/${s}`).spec.selector.matchLabels);
  expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 9090, targetPort: 9090 }]);
  const monitor = objects(`${env}/${s}`).find((o) => o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor');
  expect(monitor.spec.endpoints ?? monitor.spec.podMetricsEndpoints).toEqual([expect.objectContaining({ port: 'metrics', path: '/metrics', interval: '30s' })]);
  expect(JSON.stringify(objects(`${env}/${s}`))).not.toContain('prometheus.io/scrape');
});

test('only the public web service has an Ingress: TLS from cert-manager inside the environment domain', () => {
  for (const env of ENVS) {
    expect(kinds(`${env}/api`)).not.toContain('Ingress');
    expect(kinds(`${env}/worker`)).not.toContain('Ingress');
  }
  const ingress = one('prod/web', 'Ingress');
  expect(ingress.metadata.annotations).toEqual({
    'cert-manager.io/cluster-issuer': 'letsencrypt',
    'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
    'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
  });
  expect(ingress.spec).toEqual({
    ingressClassName: 'nginx',
    tls: [{ hosts: ['www.shop.example.com'], secretName: 'web-tls' }],
    rules: [{
      host: 'www.shop.example.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] },
    }],
  });
  expect(one('dev/web', 'Ingress').spec.rules[0].host).toBe('www.dev.shop.example.com');
});

test('the worker, which declares AWS permissions, gets the IRSA role ARN of the naming rules; the others none', () => {
  expect(one('prod/worker', 'ServiceAccount').metadata.annotations).toEqual({
    'eks.amazonaws.com/role-arn': 'arn:aws:iam::444444444444:role/irsa/prod-orders-worker',
  });
  expect(one('dev/worker', 'ServiceAccount').metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::222222222222:role/irsa/dev-orders-worker');
  expect(one('prod/web', 'ServiceAccount').metadata.annotations).toBeUndefined();
});

test('the api reads only its named ConfigMap through a Role; services without API access have none', () => {
  const role = one('prod/api', 'Role');
  expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['api-feature-flags'], verbs: ['get', 'watch'] }]);
  expect(one('prod/api', 'RoleBinding')).toMatchObject({
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'api' },
    subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }],
  });
  for (const s of ['web', 'worker']) expect(kinds(`prod/${s}`)).not.toContain('Role');
});

test('PodDisruptionBudgets never block drains: each allows at least one eviction at the fewest replicas', () => {
  for (const [env, s] of PAIRS) {
    const spec = one(`${env}/${s}`, 'PodDisruptionBudget').spec;
    const hpa = objects(`${env}/${s}`).find((o) => o.kind === 'HorizontalPodAutoscaler');
    const fewest = hpa ? hpa.spec.minReplicas : workload(`${env}/${s}`).spec.replicas;
    const evictable = spec.maxUnavailable !== undefined ? spec.maxUnavailable : fewest - spec.minAvailable;
    expect([`${env}/${s}`, evictable >= 1]).toEqual([`${env}/${s}`, true]);
  }
  expect(one('dev/web', 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
});

test('the selector is the stable name/instance pair, never a construct-path label', () => {
  for (const [env, s] of PAIRS) {
    expect(workload(`${env}/${s}`).spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': s, 'app.kubernetes.io/instance': s });
    expect(JSON.stringify(objects(`${env}/${s}`))).not.toContain('cdk8s.io/metadata.addr');
  }
});

test('NetworkPolicies have stable names in the folder of the service they protect; no default-deny there', () => {
  for (const [env, s] of PAIRS) {
    expect(objects(`${env}/${s}`).filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name).sort()).toEqual([`${s}-egress`, `${s}-ingress`]);
  }
});

test('the image is pinned to the tag of the environment versions file', () => {
  expect(workload('dev/web').spec.template.spec.containers[0].image).toBe('111111111111.dkr.ecr.us-west-2.amazonaws.com/platform/web:1.4.2');
  expect(workload('prod/api').spec.template.spec.containers[0].image).toMatch(/platform\/api:1\.9\.4$/);
});

test('environment config overrides the catalog config key by key', () => {
  expect(one('dev/web', 'ConfigMap').data).toMatchObject({ API_URL: 'http://api.shop.svc.cluster.local', LOG_LEVEL: 'debug' });
  expect(one('prod/web', 'ConfigMap').data).toMatchObject({ API_URL: 'http://api.shop.svc.cluster.local', LOG_LEVEL: 'info' });
  expect(one('prod/worker', 'ConfigMap').data.DB_PORT).toBe('5432');
});
