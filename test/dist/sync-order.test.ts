import type { Placed } from './closure';
import { namespaceProblems, referenceProblems, referencesIn } from './sync-order';
import { loadPlatform } from '../../environments/load';
import { manifests } from '../helpers/render';

/**
 * A fresh cluster's first sync finishes: everything an object names (a Secret or ConfigMap in
 * an add-on's Helm values or a pod spec) and the namespace it lives in exist before the wave that
 * applies it, in every environment (the rule is in sync-order.ts).
 */
const ENVS = loadPlatform().environments.map((e) => e.name);

const parsed = new Map<string, Placed[]>();
/** One environment's rendered objects by folder (shared: copy before editing). */
function environment(env: string): Placed[] {
  if (!parsed.has(env)) {
    parsed.set(env, [...manifests()].filter(([f]) => f.startsWith(`${env}/`)).map(([f, object]) => ({ folder: f.split('/')[1], object })));
  }
  return parsed.get(env)!;
}

test.each(ENVS)('%s: every Secret and ConfigMap an add-on or a workload names is created in an earlier wave', (env) => {
  expect(referenceProblems(env, environment(env))).toEqual([]);
});

test.each(ENVS)('%s: every object\'s namespace exists before its wave, and its project allows it', (env) => {
  expect(namespaceProblems(env, environment(env))).toEqual([]);
});

test.each(ENVS)('%s: the check reads the references the render makes, in add-on values and in pod specs', (env) => {
  // not vacuous: both places the render names Secrets and ConfigMaps from are in the check's sight
  const objects = environment(env);
  const fromValues = objects.filter((p) => p.object.kind === 'Application').flatMap((p) => referencesIn(p.object.spec.source?.helm?.valuesObject));
  const fromPods = objects.filter((p) => p.object.spec?.template?.spec?.containers).flatMap((p) => referencesIn(p.object.spec));
  expect(fromValues.some((r) => r.kind === 'Secret')).toBe(true);
  expect(fromPods.length).toBeGreaterThan(0);
});

describe('crafted', () => {
  const someEnv = ENVS[0];
  const copy = () => structuredClone(environment(someEnv));
  /** The problems a crafted copy adds to those of the render (which the tests above keep empty). */
  const added = (check: typeof referenceProblems, objects: Placed[]) => {
    const before = new Set(check(someEnv, environment(someEnv)));
    return check(someEnv, objects).filter((p) => !before.has(p));
  };
  const addonApp = (objects: Placed[]) => objects.find((p) => p.object.kind === 'Application' && p.object.spec.source?.chart && p.object.metadata.annotations?.['argocd.argoproj.io/sync-wave'])!;
  const folderApp = (objects: Placed[], folder: string) => objects.find((p) => p.object.kind === 'Application' && String(p.object.spec.source?.path).endsWith(`/${folder}`))!;
  const secret = (name: string, namespace: string) => ({
    apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name, namespace }, spec: { target: { name } },
  });

  test('an add-on naming a Secret nothing creates fails with the environment, the add-on and the path', () => {
    const objects = copy();
    const app = addonApp(objects).object;
    app.spec.source.helm.valuesObject = { ...app.spec.source.helm.valuesObject, admin: { existingSecret: 'nobody-makes-me' } };
    expect(added(referenceProblems, objects)).toEqual([
      `${someEnv}: Application argocd/${app.metadata.name} (argocd/, wave ${app.metadata.annotations['argocd.argoproj.io/sync-wave']}) names Secret ${app.spec.destination.namespace}/nobody-makes-me (values.admin.existingSecret), which nothing rendered in ${someEnv} creates`,
    ]);
  });

  test('an add-on naming a Secret of its own or a later wave fails with both waves; an earlier wave passes', () => {
    const objects = copy();
    const app = addonApp(objects).object;
    const addonWave = Number(app.metadata.annotations['argocd.argoproj.io/sync-wave']);
    const ns = app.spec.destination.namespace;
    app.spec.source.helm.valuesObject = { ...app.spec.source.helm.valuesObject, alertmanagerSpec: { secrets: ['late'] } };
    // a folder of a later wave, and one of an earlier wave
    const later = objects.find((p) => p.folder !== 'argocd' && Number(folderApp(objects, p.folder)?.object.metadata.annotations?.['argocd.argoproj.io/sync-wave']) > addonWave)!;
    const earlier = objects.find((p) => p.folder !== 'argocd' && Number(folderApp(objects, p.folder)?.object.metadata.annotations?.['argocd.argoproj.io/sync-wave']) < addonWave)!;
    const lateWave = folderApp(objects, later.folder).object.metadata.annotations['argocd.argoproj.io/sync-wave'];
    expect(added(referenceProblems, [...objects, { folder: later.folder, object: secret('late', ns) }])).toEqual([
      `${someEnv}: Application argocd/${app.metadata.name} (argocd/, wave ${addonWave}) names Secret ${ns}/late (values.alertmanagerSpec.secrets[0]), which ExternalSecret ${ns}/late (${later.folder}/) creates in wave ${lateWave}, not before wave ${addonWave}`,
    ]);
    expect(added(referenceProblems, [...objects, { folder: earlier.folder, object: secret('late', ns) }])).toEqual([]);
  });

  test('a workload may name what its own Application creates; anything else of its wave may not', () => {
    const objects = copy();
    const workload = objects.find((p) => p.object.spec?.template?.spec?.containers)!;
    const ns = workload.object.metadata.namespace;
    workload.object.spec.template.spec.containers[0].env = [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'token', key: 'value' } } }];
    expect(added(referenceProblems, [...objects, { folder: workload.folder, object: secret('token', ns) }])).toEqual([]);
    // another folder moved into the workload's wave: its Application is not the workload's
    const other = objects.find((p) => p.folder !== workload.folder && p.folder !== 'argocd')!;
    const workloadWave = folderApp(objects, workload.folder).object.metadata.annotations['argocd.argoproj.io/sync-wave'];
    folderApp(objects, other.folder).object.metadata.annotations['argocd.argoproj.io/sync-wave'] = workloadWave;
    expect(added(referenceProblems, [...objects, { folder: other.folder, object: secret('token', ns) }])).toEqual([
      `${someEnv}: ${workload.object.kind} ${ns}/${workload.object.metadata.name} (${workload.folder}/, wave ${workloadWave}) names Secret ${ns}/token (spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef), which ExternalSecret ${ns}/token (${other.folder}/) creates in wave ${workloadWave}, not before wave ${workloadWave}`,
    ]);
  });

  test('an object in a namespace that only a later Application creates fails, naming that Application', () => {
    const objects = copy();
    const app = addonApp(objects).object;
    app.spec.destination.namespace = 'brand-new';
    app.spec.syncPolicy.syncOptions = [...app.spec.syncPolicy.syncOptions.filter((o: string) => o !== 'CreateNamespace=true'), 'CreateNamespace=true'];
    const earlier = objects.find((p) => p.folder !== 'argocd'
      && Number(folderApp(objects, p.folder).object.metadata.annotations?.['argocd.argoproj.io/sync-wave']) < Number(app.metadata.annotations['argocd.argoproj.io/sync-wave']))!;
    const problems = added(namespaceProblems, [...objects, { folder: earlier.folder, object: secret('x', 'brand-new') }]);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^${someEnv}: ExternalSecret brand-new/x \\(${earlier.folder}/, wave -?\\d+\\) lives in namespace brand-new, which only Application ${app.metadata.name} \\(CreateNamespace\\) in wave`)),
      expect.stringMatching(new RegExp(`^${someEnv}: ExternalSecret brand-new/x .* which project platform of Application .* does not allow$`)),
    ]));
  });

  test('reference forms: chart keys, pod spec refs, Prometheus Operator lists and mounted file paths', () => {
    expect(referencesIn({
      a: { existingSecret: 's1', existingConfigMap: 'c1', secretName: '' },
      env: [{ valueFrom: { secretKeyRef: { name: 's2' } } }, { valueFrom: { configMapKeyRef: { name: 'c2' } } }],
      envFrom: [{ secretRef: { name: 's3' } }, { configMapRef: { name: 'c3' } }],
      volumes: [{ secret: { secretName: 's4' } }, { configMap: { name: 'c4' } }],
      imagePullSecrets: [{ name: 's5' }],
      spec: { secrets: ['s6'], configMaps: ['c6'] },
      receiver: { api_url_file: '/etc/alertmanager/secrets/s7/url' },
    }).map((r) => `${r.kind} ${r.name}`).sort()).toEqual([
      'ConfigMap c1', 'ConfigMap c2', 'ConfigMap c3', 'ConfigMap c4', 'ConfigMap c6',
      'Secret s1', 'Secret s2', 'Secret s3', 'Secret s4', 'Secret s5', 'Secret s6', 'Secret s7',
    ]);
  });
});
