import { createHash } from 'node:crypto';
import { loadPlatform } from '../../../environments/load';
import { cpuMillis, memoryBytes } from '../../../environments/quantity';
import { manifests } from '../../helpers/render';

/** Every object committed to dist/k8s, with its folder `<env>/<app>`. */
const rendered = [...manifests()].map(([file, obj]) => ({ folder: file.split('/').slice(0, 2).join('/'), obj }));
const platform = loadPlatform();

interface Found { readonly where: string; readonly folder: string; readonly owner: any; readonly template: any }

/**
 * Every pod template in an object, whatever its kind: any node with `spec.containers` (a Pod,
 * or the template of a Deployment, Rollout, StatefulSet, DaemonSet, Job, CronJob...).
 */
function podTemplates(): Found[] {
  const found: Found[] = [];
  const walk = (node: any, path: string, folder: string, owner: any) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node?.spec?.containers)) found.push({ where: `${folder} ${owner.kind}/${owner.metadata.name}${path}`, folder, owner, template: node });
    for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`, folder, owner);
  };
  // Kyverno policies hold pod *patterns* (what admission checks), not pods that will run
  const isPolicy = (obj: any) => obj.apiVersion.startsWith('kyverno.io/');
  for (const { folder, obj } of rendered) if (!isPolicy(obj)) walk(obj, '', folder, obj);
  return found;
}

const templates = podTemplates();
const catalogEntry = (t: Found) => platform.catalog.find((s) => s.name === t.template.metadata.labels['app.kubernetes.io/name'])!;
const settings = (t: Found) => platform.environments.find((e) => e.name === t.folder.split('/')[0])!.services.find((s) => s.name === catalogEntry(t).name)!;
const eachTemplate = templates.map((t) => [t.where, t] as const);

test('the walk finds exactly one pod template per catalog service per environment', () => {
  const expected = platform.environments.flatMap((e) => e.services.map((s) => `${e.name}/${s.name}`)).sort();
  expect(templates.map((t) => t.folder).sort()).toEqual(expected);
  expect(templates.length).toBe(platform.environments.length * platform.catalog.length);
});

test.each(eachTemplate)('%s follows the restricted Pod Security Standard', (_, { template }) => {
  const pod = template.spec;
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  for (const id of ['runAsUser', 'runAsGroup', 'fsGroup']) expect(pod.securityContext[id]).toBeGreaterThan(0);
  expect([pod.hostNetwork, pod.hostPID, pod.hostIPC].filter(Boolean)).toEqual([]);
  expect((pod.volumes ?? []).filter((v: any) => v.hostPath)).toEqual([]);
  for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
    expect(c.securityContext).toMatchObject({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
    });
    expect(c.securityContext.capabilities.add).toBeUndefined();
    expect(c.securityContext.privileged).not.toBe(true);
    expect(c.securityContext.runAsNonRoot).not.toBe(false);
    if (c.securityContext.runAsUser !== undefined) expect(c.securityContext.runAsUser).toBeGreaterThan(0);
  }
});

test.each(eachTemplate)('%s has writable emptyDirs for /tmp and the cache path, and nothing else writable', (_, t) => {
  const pod = t.template.spec;
  const emptyDirs = new Set(pod.volumes.filter((v: any) => v.emptyDir).map((v: any) => v.name));
  const mounts = pod.containers[0].volumeMounts.filter((m: any) => emptyDirs.has(m.name)).map((m: any) => m.mountPath);
  expect(mounts).toEqual(['/tmp', catalogEntry(t).cachePath ?? '/var/cache/app']);
});

test.each(eachTemplate)('%s sets requests and limits, limits at least the requests', (_, { template }) => {
  for (const c of template.spec.containers) {
    const { requests, limits } = c.resources;
    expect(Object.keys(requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(limits).sort()).toEqual(['cpu', 'memory']);
    expect(cpuMillis(String(limits.cpu))!).toBeGreaterThanOrEqual(cpuMillis(String(requests.cpu))!);
    expect(memoryBytes(limits.memory)!).toBeGreaterThanOrEqual(memoryBytes(requests.memory)!);
  }
});

test.each(eachTemplate)('%s probes /health (liveness) and /ready (readiness) on the named http port', (_, t) => {
  for (const c of t.template.spec.containers) {
    expect(c.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(c.ports.map((p: any) => p.name)).toEqual(['http', 'metrics']);
    // a startup probe exactly where the catalog asks for one, covering the declared start time
    const startup = catalogEntry(t).startupSeconds;
    if (startup === undefined) expect(c.startupProbe).toBeUndefined();
    else expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(startup);
  }
});

test.each(eachTemplate)('%s runs an image pinned to the environment versions file', (_, t) => {
  for (const c of t.template.spec.containers) {
    expect(c.image).toMatch(/^[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/[a-z0-9/-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[a-f0-9]{64})$/);
    expect(c.image).not.toMatch(/:latest$/);
    const { image } = settings(t);
    expect(c.image).toBe(`${image.repository}${image.tag.startsWith('sha256:') ? '@' : ':'}${image.tag}`);
  }
});

test.each(eachTemplate)('%s mounts no ServiceAccount token unless the service reads the API', (_, t) => {
  expect(t.template.spec.automountServiceAccountToken).toBe(catalogEntry(t).kubernetesApi !== undefined);
  const sa = rendered.find(({ folder, obj }) => folder === t.folder && obj.kind === 'ServiceAccount')!.obj;
  expect(sa.metadata.name).toBe(t.template.spec.serviceAccountName);
  expect(sa.automountServiceAccountToken).toBe(catalogEntry(t).kubernetesApi !== undefined);
});

test.each(eachTemplate)('%s carries the checksum of its ConfigMap, so a config change rolls the pods', (_, t) => {
  const cm = rendered.find(({ folder, obj }) => folder === t.folder && obj.kind === 'ConfigMap')!.obj;
  // a service without config renders a ConfigMap without data
  const data = cm.data ?? {};
  const sorted = Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]]));
  expect(t.template.metadata.annotations['checksum/config']).toBe(createHash('sha256').update(JSON.stringify(sorted)).digest('hex'));
  expect(t.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: cm.metadata.name } }]);
});

test.each(eachTemplate)('%s spreads across zones exactly where the environment asks', (_, t) => {
  const spread = (t.template.spec.topologySpreadConstraints ?? []).map((c: any) => c.topologyKey);
  expect(spread).toEqual(settings(t).spreadAcrossZones ? ['topology.kubernetes.io/zone'] : []);
});
