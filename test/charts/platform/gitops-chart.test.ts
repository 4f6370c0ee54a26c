import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WAVE } from '../../../charts/platform/gitops-chart';
import { loadPlatform } from '../../../environments/load';
import { PLATFORM_APP_NAMES } from '../../../environments/naming';
import { strictProblems } from '../../dist/k8s/strict-schema';
import { folderFiles, objects } from '../../helpers/render';
import { DIST } from '../../helpers/repo';

const ENVS = ['dev', 'staging', 'prod'];
const apps = (env: string) => objects(`${env}/argocd`).filter((o) => o.kind === 'Application');
const project = (env: string, name: string) => objects(`${env}/argocd`).find((o) => o.kind === 'AppProject' && o.metadata.name === name);

test('prod argocd renders the same bytes as before (snapshot)', () => {
  expect(folderFiles('prod/argocd')).toMatchSnapshot();
});

test.each(ENVS)('%s: every rendered folder has exactly one Application, pointing at a folder that exists', (env) => {
  const folders = readdirSync(join(DIST, 'k8s', env)).sort();
  const paths = apps(env).filter((a) => a.spec.source.path).map((a) => a.spec.source.path as string).sort();
  expect(paths).toEqual(folders.map((f) => `dist/k8s/${env}/${f}`));
  expect(new Set(paths).size).toBe(paths.length);
});

test.each(ENVS)('%s: the root Application manages its own folder, so one kubectl apply bootstraps the cluster', (env) => {
  const root = apps(env).find((a) => a.metadata.name === `${env}-root`);
  expect(root.spec.source).toMatchObject({ path: `dist/k8s/${env}/argocd`, targetRevision: 'main' });
});

test.each(ENVS)('%s: services sync only into their namespaces, through a project without cluster-scoped rights', (env) => {
  const services = project(env, 'services');
  expect(services.spec.clusterResourceWhitelist).toEqual([]);
  const namespaces = [...new Set(loadPlatform().environments.find((e) => e.name === env)!.services.map((s) => s.namespace))].sort();
  expect(services.spec.destinations.map((d: any) => d.namespace)).toEqual(namespaces);
  const serviceNames = loadPlatform().environments.find((e) => e.name === env)!.services.map((s) => s.name);
  for (const a of apps(env).filter((x) => serviceNames.includes(x.metadata.name.slice(env.length + 1)))) {
    expect(a.spec.project).toBe('services');
    expect(namespaces).toContain(a.spec.destination.namespace);
  }
});

test.each(ENVS)('%s: every upstream Helm chart is pinned to an exact version', (env) => {
  const helm = apps(env).filter((a) => a.spec.source.chart);
  expect(helm.length).toBeGreaterThanOrEqual(10);
  for (const a of helm) expect(a.spec.source.targetRevision).toMatch(/^v?\d+\.\d+\.\d+$/);
});

test('sync waves order namespaces before operators before their configuration before services', () => {
  const wave = (a: any) => Number(a.metadata.annotations['argocd.argoproj.io/sync-wave']);
  const byName = new Map(apps('prod').map((a) => [a.metadata.name, wave(a)]));
  const order = ['prod-namespaces', 'prod-cert-manager', 'prod-platform-certificates', 'prod-web'].map((n) => byName.get(n)!);
  // strictly increasing as rendered: each group syncs after the one it needs
  expect(order.every((w, i) => i === 0 || w > order[i - 1])).toBe(true);
  expect(order).toEqual([WAVE.NAMESPACES, WAVE.OPERATORS, WAVE.CONFIGURATION, WAVE.SERVICES]);
});

test('automated sync prunes and self-heals, and deleting an Application deletes what it deployed (except Argo CD itself)', () => {
  for (const a of apps('prod')) {
    expect(a.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    const argoCdItself = a.spec.source.chart === 'argo-cd';
    expect(a.metadata.finalizers).toEqual(argoCdItself ? undefined : ['resources-finalizer.argocd.argoproj.io']);
  }
});

test('the platform folders are exactly the names reserved for them, so no service can collide with one', () => {
  const serviceNames = loadPlatform().environments[0].services.map((s) => s.name);
  const platformFolders = readdirSync(join(DIST, 'k8s', 'dev')).filter((f) => !serviceNames.includes(f)).sort();
  expect(platformFolders).toEqual([...PLATFORM_APP_NAMES].sort());
});

test('the strict schema check catches a typo in an Application but not in its free-form Helm values', () => {
  const app = structuredClone(apps('prod').find((a) => a.metadata.name === 'prod-velero'));
  expect(strictProblems(app)).toEqual([]);
  app.spec.source.helm.valuesObject.anyChartKey = { nested: true };
  expect(strictProblems(app)).toEqual([]);
  app.spec.syncPolicy.automatd = app.spec.syncPolicy.automated;
  expect(strictProblems(app)).toEqual(['/spec/syncPolicy/automatd: unknown field']);
});
