import { WAVE } from '../../../charts/platform/gitops-chart';
import { loadPlatform } from '../../../environments/load';
import { PLATFORM_APP_NAMES } from '../../../environments/naming';
import { strictProblems } from '../../dist/k8s/strict-schema';
import { objects, render } from '../../helpers/render';

const platform = loadPlatform();
const ENVS = platform.environments.map((e) => e.name);
const FIRST = ENVS[0];
/** The folders rendered for an environment. */
const folders = (env: string) => [...new Set([...render().k8s.keys()].filter((f) => f.startsWith(`${env}/`)).map((f) => f.split('/')[1]))].sort();
const apps = (env: string) => objects(`${env}/argocd`).filter((o) => o.kind === 'Application');
const project = (env: string, name: string) => objects(`${env}/argocd`).find((o) => o.kind === 'AppProject' && o.metadata.name === name);

test.each(ENVS)('%s: every rendered folder has exactly one Application, pointing at a folder that exists', (env) => {
  const paths = apps(env).filter((a) => a.spec.source.path).map((a) => a.spec.source.path as string).sort();
  expect(paths).toEqual(folders(env).map((f) => `dist/k8s/${env}/${f}`));
  expect(new Set(paths).size).toBe(paths.length);
});

test.each(ENVS)('%s: the root Application manages its own folder, so one kubectl apply bootstraps the cluster', (env) => {
  const root = apps(env).find((a) => a.metadata.name === `${env}-root`);
  expect(root.spec.source).toMatchObject({ path: `dist/k8s/${env}/argocd`, targetRevision: 'main' });
});

test.each(ENVS)('%s: services sync only into their namespaces, through a project without cluster-scoped rights', (env) => {
  const services = project(env, 'services');
  expect(services.spec.clusterResourceWhitelist).toEqual([]);
  const namespaces = [...new Set(platform.environments.find((e) => e.name === env)!.services.map((s) => s.namespace))].sort();
  expect(services.spec.destinations.map((d: any) => d.namespace)).toEqual(namespaces);
  const serviceNames = platform.environments.find((e) => e.name === env)!.services.map((s) => s.name);
  for (const a of apps(env).filter((x) => serviceNames.includes(x.metadata.name.slice(env.length + 1)))) {
    expect(a.spec.project).toBe('services');
    expect(namespaces).toContain(a.spec.destination.namespace);
  }
});

test.each(ENVS)('%s: every upstream Helm chart is pinned to an exact version', (env) => {
  const helm = apps(env).filter((a) => a.spec.source.chart);
  expect(helm.length).toBeGreaterThan(0);
  for (const a of helm) expect(a.spec.source.targetRevision).toMatch(/^v?\d+\.\d+\.\d+$/);
});

test.each(ENVS)('%s: sync waves order namespaces, the secrets operator, the secrets, monitoring, the other operators, their configuration, services', (env) => {
  const wave = (a: any) => Number(a.metadata.annotations['argocd.argoproj.io/sync-wave']);
  const byName = new Map(apps(env).map((a) => [a.metadata.name, wave(a)]));
  const order = ['namespaces', 'external-secrets', 'platform-secrets', 'kube-prometheus-stack', 'argo-rollouts', 'platform-monitoring', platform.catalog[0].name]
    .map((n) => byName.get(`${env}-${n}`)!);
  // strictly increasing as rendered: each group syncs after the one it needs
  expect(order.every((w, i) => i === 0 || w > order[i - 1])).toBe(true);
  expect(order).toEqual([WAVE.NAMESPACES, WAVE.SECRETS_OPERATOR, WAVE.SECRETS, WAVE.MONITORING, WAVE.OPERATORS, WAVE.CONFIGURATION, WAVE.SERVICES]);
});

test.each(ENVS)('%s: automated sync prunes and self-heals, and deleting an Application deletes what it deployed (except Argo CD itself)', (env) => {
  for (const a of apps(env)) {
    expect(a.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    const argoCdItself = a.spec.source.chart === 'argo-cd';
    expect(a.metadata.finalizers).toEqual(argoCdItself ? undefined : ['resources-finalizer.argocd.argoproj.io']);
  }
});

test('the platform folders are exactly the names reserved for them, so no service can collide with one', () => {
  for (const env of platform.environments) {
    const serviceNames = env.services.map((s) => s.name);
    expect(folders(env.name).filter((f) => !serviceNames.includes(f))).toEqual([...PLATFORM_APP_NAMES].sort());
  }
});

test('the strict schema check catches a typo in an Application but not in its free-form Helm values', () => {
  const app = structuredClone(apps(FIRST).find((a) => a.spec.source.helm?.valuesObject));
  expect(strictProblems(app)).toEqual([]);
  app.spec.source.helm.valuesObject.anyChartKey = { nested: true };
  expect(strictProblems(app)).toEqual([]);
  app.spec.syncPolicy.automatd = app.spec.syncPolicy.automated;
  expect(strictProblems(app)).toEqual(['/spec/syncPolicy/automatd: unknown field']);
});
