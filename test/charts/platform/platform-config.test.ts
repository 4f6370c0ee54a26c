import { loadPlatform } from '../../../environments/load';
import { isProduction } from '../../helpers/input';
import { objects } from '../../helpers/render';

const platform = loadPlatform();
const ENVS = platform.environments.map((e) => e.name);

const settings = (env: string) => platform.environments.find((e) => e.name === env)!.platform;

test.each(ENVS)('%s: every policy enforces or audits as the platform settings say', (env) => {
  const actions = new Set(objects(`${env}/platform-policies`).map((p) => p.spec.validationFailureAction));
  expect(actions).toEqual(new Set([settings(env).policyEnforcement]));
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

test.each(platform.environments.map((e) => [e.name, e] as const))('%s: the secret store reads the environment region through the External Secrets IRSA ServiceAccount', (env, e) => {
  const store = objects(`${env}/platform-secrets`)[0];
  expect(store.spec.provider.aws).toEqual({
    service: 'SecretsManager',
    region: e.aws.region,
    auth: { jwt: { serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
  });
});

test.each(platform.environments.map((e) => [e.name, e] as const))('%s: production pages on errors; other environments only warn', (env, e) => {
  const severities = new Set(objects(`${env}/platform-monitoring`).filter((o) => o.kind === 'PrometheusRule')
    .flatMap((o) => o.spec.groups.flatMap((g: any) => g.rules.filter((r: any) => r.alert).map((r: any) => r.labels?.severity))));
  if (isProduction(e)) expect(severities).toContain('critical');
  else expect(severities).toEqual(new Set(['warning']));
});

test.each(ENVS)('%s: Grafana\'s admin login comes from Secrets Manager, never the chart default', (env) => {
  const secret = objects(`${env}/platform-secrets`).find((o) => o.kind === 'ExternalSecret' && o.metadata.name === 'grafana-admin');
  expect(secret.metadata).toMatchObject({ name: 'grafana-admin', namespace: 'monitoring' });
  expect(secret.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws-secrets-manager' });
  for (const d of secret.spec.data) expect(d.remoteRef.key).toBe(`${env}/platform/grafana-admin`);
  const grafana = objects(`${env}/argocd`).find((o) => o.metadata.name === `${env}-kube-prometheus-stack`).spec.source.helm.valuesObject.grafana;
  expect(grafana.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
  // the store admits the monitoring namespace, where the ExternalSecret lives
  const store = objects(`${env}/platform-secrets`).find((o) => o.kind === 'ClusterSecretStore');
  expect(store.spec.conditions[0].namespaces).toContain('monitoring');
});
