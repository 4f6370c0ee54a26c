import { loadPlatform } from '../../../environments/load';
import { CLUSTER_ISSUER, INGRESS_CONTROLLER } from '../../../environments/naming';
import { folderFiles, objects } from '../../helpers/render';

const ENVS = ['dev', 'staging', 'prod'];
const platform = loadPlatform();

test.each(['platform-secrets', 'platform-certificates', 'platform-monitoring', 'platform-policies'])('prod %s renders the same bytes as before (snapshot)', (app) => {
  expect(folderFiles(`prod/${app}`)).toMatchSnapshot();
});

test.each(ENVS)('%s: the ClusterIssuer every public Ingress names exists and solves through their ingress class', (env) => {
  const issuer = objects(`${env}/platform-certificates`).find((o) => o.kind === 'ClusterIssuer');
  expect(issuer.metadata.name).toBe(CLUSTER_ISSUER);
  expect(issuer.spec.acme.solvers[0].http01.ingress.ingressClassName).toBe(INGRESS_CONTROLLER.className);
  const ingresses = objects(env).filter((o) => o.kind === 'Ingress');
  for (const ing of ingresses) {
    expect(ing.metadata.annotations['cert-manager.io/cluster-issuer']).toBe(issuer.metadata.name);
    expect(ing.spec.ingressClassName).toBe(INGRESS_CONTROLLER.className);
  }
});

test('only prod and staging get certificates from a trusted CA; dev uses the staging CA', () => {
  const server = (env: string) => objects(`${env}/platform-certificates`)[0].spec.acme.server;
  expect(server('prod')).toBe('https://acme-v02.api.letsencrypt.org/directory');
  expect(server('staging')).toBe('https://acme-v02.api.letsencrypt.org/directory');
  expect(server('dev')).toMatch(/acme-staging/);
});

test('policies enforce in prod and staging and only audit in dev', () => {
  const actions = (env: string) => new Set(objects(`${env}/platform-policies`).map((p) => p.spec.validationFailureAction));
  expect(actions('prod')).toEqual(new Set(['Enforce']));
  expect(actions('staging')).toEqual(new Set(['Enforce']));
  expect(actions('dev')).toEqual(new Set(['Audit']));
});

test.each(ENVS)('%s: every rendered application image comes from the registry the policy allows', (env) => {
  const policy = objects(`${env}/platform-policies`).find((p) => p.metadata.name === 'restrict-image-registries');
  const allowed: string = policy.spec.rules[0].validate.pattern.spec.containers[0].image;
  expect(allowed.endsWith('/*')).toBe(true);
  const images = objects(env).flatMap((o) => {
    const pod = o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec;
    return pod ? [...(pod.containers ?? []), ...(pod.initContainers ?? [])].map((c: any) => c.image as string) : [];
  });
  expect(images.length).toBeGreaterThan(0);
  for (const image of images) expect(image.startsWith(allowed.slice(0, -1))).toBe(true);
});

test.each(ENVS)('%s: the policies and alerts cover exactly the application namespaces', (env) => {
  const namespaces = [...new Set(platform.environments.find((e) => e.name === env)!.services.map((s) => s.namespace))].sort();
  for (const p of objects(`${env}/platform-policies`)) expect(p.spec.rules[0].match.any[0].resources.namespaces).toEqual(namespaces);
  const rules = objects(`${env}/platform-monitoring`).filter((o) => o.kind === 'PrometheusRule').flatMap((o) => o.spec.groups.flatMap((g: any) => g.rules));
  const rule = rules.find((r: any) => r.alert === 'PodCrashLooping');
  expect(rule.expr).toContain(`namespace=~"${namespaces.join('|')}"`);
});

test('the secret store reads the environment region through the External Secrets IRSA ServiceAccount', () => {
  const store = objects('prod/platform-secrets')[0];
  expect(store.spec.provider.aws).toEqual({
    service: 'SecretsManager',
    region: 'us-west-2',
    auth: { jwt: { serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
  });
});

test('prod pages on errors; other environments only warn', () => {
  const severities = (env: string) => new Set(objects(`${env}/platform-monitoring`).filter((o) => o.kind === 'PrometheusRule')
    .flatMap((o) => o.spec.groups.flatMap((g: any) => g.rules)).filter((r: any) => r.alert).map((r: any) => r.labels.severity));
  expect(severities('prod')).toEqual(new Set(['critical', 'warning']));
  expect(severities('dev')).toEqual(new Set(['warning']));
});

test.each(ENVS)('%s: Grafana\'s admin login comes from Secrets Manager, never the chart default', (env) => {
  const secret = objects(`${env}/platform-monitoring`).find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'grafana-admin');
  expect(secret.metadata).toMatchObject({ name: 'grafana-admin', namespace: 'monitoring' });
  expect(secret.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws-secrets-manager' });
  for (const d of secret.spec.data) expect(d.remoteRef.key).toBe(`${env}/platform/grafana-admin`);
  const grafana = objects(`${env}/argocd`).find((o) => o.metadata.name === `${env}-kube-prometheus-stack`).spec.source.helm.valuesObject.grafana;
  expect(grafana.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
  // the store admits the monitoring namespace, where the ExternalSecret lives
  const store = objects(`${env}/platform-secrets`)[0];
  expect(store.spec.conditions[0].namespaces).toContain('monitoring');
});
