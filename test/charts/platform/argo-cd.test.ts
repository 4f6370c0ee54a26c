import { APPLICATION_HEALTH_LUA, SYNC_ROLE } from '../../../charts/platform/addons/argo-cd';
import { buildPlatform, defaultInput, loadPlatform } from '../../../environments/load';
import { gitops } from '../../../environments/platform';
import { objects } from '../../helpers/render';

const platform = loadPlatform();
const envs = platform.environments.map((e) => e.name);
const settingsOf = (env: string) => platform.environments.find((e) => e.name === env)!.platform;
const argoCdApps = (env: string) => objects(`${env}/argocd`).filter((o) => o.kind === 'Application' && o.spec.source.chart === 'argo-cd');

test.each(envs)('%s: Argo CD runs from its own pinned chart, into its namespace, so every later change is a reviewed diff', (env) => {
  const [app, ...others] = argoCdApps(env);
  expect(others).toEqual([]);
  expect(app.spec.source.targetRevision).toMatch(/^\d+\.\d+\.\d+$/);
  expect(app.spec.destination.namespace).toBe(gitops.argocdNamespace);
  expect(app.spec.project).toBe('platform');
  // deleting the Application must not uninstall the Argo CD that runs the deletion
  expect(app.metadata.finalizers).toBeUndefined();
});

test.each(envs)('%s: argocd-cm carries the Application health check, so sync waves wait for healthy children', (env) => {
  const cm = argoCdApps(env)[0].spec.source.helm.valuesObject.configs.cm;
  expect(cm['resource.customizations.health.argoproj.io_Application']).toBe(APPLICATION_HEALTH_LUA);
});

test.each(envs)('%s: RBAC reads only by default; only the configured group may sync', (env) => {
  const rbac = argoCdApps(env)[0].spec.source.helm.valuesObject.configs.rbac;
  expect(rbac['policy.default']).toBe('role:readonly');
  const lines = rbac['policy.csv'].trim().split('\n').map((l: string) => l.split(',').map((x) => x.trim()));
  const grants = lines.filter((l: string[]) => l[0] === 'g');
  expect(grants).toEqual([['g', settingsOf(env).argocdSyncGroup, SYNC_ROLE]]);
  // the sync role may read and sync applications, nothing else (no delete, no update of projects or settings)
  const perms = lines.filter((l: string[]) => l[0] === 'p');
  for (const p of perms) expect([p[1], p[2], p[5]]).toEqual([SYNC_ROLE, 'applications', 'allow']);
  expect(perms.map((p: string[]) => p[3]).sort()).toEqual(['get', 'sync']);
});

test.each(envs)('%s: Argo CD is highly available exactly where the settings ask', (env) => {
  const values = argoCdApps(env)[0].spec.source.helm.valuesObject;
  const ha = settingsOf(env).argocdHighAvailability;
  expect(values['redis-ha'].enabled).toBe(ha);
  for (const part of ['server', 'repoServer', 'applicationSet']) expect(values[part].replicas).toBe(ha ? 2 : 1);
});

test('production runs Argo CD highly available', () => {
  for (const env of platform.environments.filter((e) => e.tier === 'production')) expect(env.platform.argocdHighAvailability).toBe(true);
});

test.each(envs)('%s: the repository credentials come from Secrets Manager through the ClusterSecretStore, never a literal', (env) => {
  // with the store, in the wave before the add-ons
  const secrets = objects(`${env}/platform-secrets`).filter((o) => o.kind === 'ExternalSecret');
  const repo = secrets.find((s) => s.spec.target.template?.metadata?.labels?.['argocd.argoproj.io/secret-type'] === 'repository');
  expect(repo.metadata.namespace).toBe(gitops.argocdNamespace);
  expect(repo.spec.target.template.data.url).toBe(gitops.repoUrl);
  for (const key of ['username', 'password']) expect(repo.spec.target.template.data[key]).toBe(`{{ .${key} }}`);
  expect(repo.spec.data.map((d: any) => d.remoteRef.key)).toEqual([`${env}/platform/${gitops.repoCredentialsSecret}`, `${env}/platform/${gitops.repoCredentialsSecret}`]);
  const store = objects(`${env}/platform-secrets`).find((o) => o.kind === 'ClusterSecretStore');
  expect(repo.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: store.metadata.name });
  expect(store.spec.conditions[0].namespaces).toContain(gitops.argocdNamespace);
  // the ExternalSecret applies after external-secrets (its CRD) in the root app's waves
  const apps = objects(`${env}/argocd`).filter((o) => o.kind === 'Application');
  const eso = apps.find((o) => o.spec.source.chart === 'external-secrets');
  const folder = apps.find((o) => o.spec.source.path === `dist/k8s/${env}/platform-secrets`);
  const wave = (o: any) => Number(o.metadata.annotations['argocd.argoproj.io/sync-wave']);
  expect(wave(folder)).toBeGreaterThan(wave(eso));
});

test.each([',', 'team, role:admin', 'a\ng, evil, role:admin', ''])('a sync group %j that could rewrite the RBAC CSV is a config error', (group) => {
  const input = defaultInput();
  const [first, ...rest] = input.environments;
  const changed = { ...input, environments: [{ ...first, platform: { ...first.platform, argocdSyncGroup: group } }, ...rest] };
  expect(() => buildPlatform(changed)).toThrow(`environment "${first.name}", field "platform.argocdSyncGroup"`);
});

test.each(envs)('%s: the root app\'s project allows only this repository and Argo CD\'s namespace, which is all its folder needs', (env) => {
  const folder = objects(`${env}/argocd`);
  const root = folder.find((o) => o.kind === 'Application' && o.spec.source.path === `dist/k8s/${env}/argocd`);
  const project = folder.find((o) => o.kind === 'AppProject' && o.metadata.name === root.spec.project);
  expect(project.spec.sourceRepos).toEqual([gitops.repoUrl]);
  expect(project.spec.destinations.map((d: any) => d.namespace)).toEqual([gitops.argocdNamespace]);
  expect(project.spec.clusterResourceWhitelist).toEqual([]);
  for (const o of folder) expect(`${o.kind}/${o.metadata.name} in ${o.metadata.namespace}`).toBe(`${o.kind}/${o.metadata.name} in ${gitops.argocdNamespace}`);
});
