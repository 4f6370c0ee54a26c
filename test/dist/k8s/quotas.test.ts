import { loadPlatform } from '../../../environments/load';
import { cpuMillis, memoryBytes } from '../../../environments/quantity';
import { objects } from '../../helpers/render';

/**
 * The namespaces' ResourceQuotas never block a release: computed here from the rendered
 * workloads alone (not from the catalog the chart reads), the worst moment of every workload's
 * release strategy fits its namespace's quota, and the LimitRange admits every container.
 */
const platform = loadPlatform();

type Totals = { 'pods': number; 'requests.cpu': number; 'requests.memory': number; 'limits.cpu': number; 'limits.memory': number };

/** `25%` of n rounded up (as Kubernetes and Argo Rollouts round a surge), or an absolute number. */
function surge(value: number | string | undefined, n: number): number {
  const v = value ?? '25%';
  return typeof v === 'number' ? v : Math.ceil((Number(v.replace('%', '')) * n) / 100);
}

/** The largest replica count: the maximum of an HPA that scales the workload, else its replicas. */
function replicas(workload: any, all: readonly any[]): number {
  const hpa = all.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.namespace === workload.metadata.namespace
    && o.spec.scaleTargetRef.kind === workload.kind && o.spec.scaleTargetRef.name === workload.metadata.name);
  return hpa ? hpa.spec.maxReplicas : workload.spec.replicas ?? 1;
}

/** Most pods of a workload at once, during its release. */
function worstMoment(workload: any, all: readonly any[]): number {
  const n = replicas(workload, all);
  const where = `${workload.kind} ${workload.metadata.namespace}/${workload.metadata.name}`;
  if (workload.kind === 'Deployment') {
    const s = workload.spec.strategy ?? {};
    return s.type === 'Recreate' ? n : n + surge(s.rollingUpdate?.maxSurge, n);
  }
  if (workload.kind === 'Rollout') {
    const { blueGreen, canary } = workload.spec.strategy;
    // the preview ReplicaSet runs next to the active one until the switch
    if (blueGreen) return n + (blueGreen.previewReplicaCount ?? n);
    // with traffic routing the stable ReplicaSet stays at full size while the canary grows to full size
    if (canary) return canary.trafficRouting ? 2 * n : n + surge(canary.maxSurge, n);
  }
  throw new Error(`${where}: no model of this workload's release; add one here`);
}

/** Requests and limits of one pod: its containers together, or its largest init container. */
function podResources(template: any): Omit<Totals, 'pods'> {
  const sum = (list: any[] | undefined, f: (c: any) => number) => (list ?? []).reduce((n, c) => n + f(c), 0);
  const most = (list: any[] | undefined, f: (c: any) => number) => Math.max(0, ...(list ?? []).map(f));
  const field = (kind: 'requests' | 'limits', res: 'cpu' | 'memory') => (c: any) => {
    const q = c.resources?.[kind]?.[res];
    if (q === undefined) throw new Error(`container ${c.name} has no ${kind}.${res}`);
    return res === 'cpu' ? cpuMillis(String(q))! : memoryBytes(String(q))!;
  };
  const { containers, initContainers } = template.spec;
  const pod = (kind: 'requests' | 'limits', res: 'cpu' | 'memory') =>
    Math.max(sum(containers, field(kind, res)), most(initContainers, field(kind, res)));
  return {
    'requests.cpu': pod('requests', 'cpu'),
    'requests.memory': pod('requests', 'memory'),
    'limits.cpu': pod('limits', 'cpu'),
    'limits.memory': pod('limits', 'memory'),
  };
}

const quantity = (key: string, q: unknown): number =>
  (key === 'pods' ? Number(q) : key.endsWith('cpu') ? cpuMillis(String(q))! : memoryBytes(String(q))!);

/** What each application namespace's quota does not cover, or its LimitRange refuses: one line each. */
function problems(env: string, all: readonly any[]): string[] {
  const found: string[] = [];
  // the rendered namespaces that hold rendered workloads (the add-ons' pods come from their charts)
  const namespaces = all.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)
    .filter((ns) => all.some((o) => o.metadata?.namespace === ns && o.spec?.template?.spec?.containers));
  for (const ns of namespaces) {
    const quotas = all.filter((o) => o.kind === 'ResourceQuota' && o.metadata.namespace === ns);
    const ranges = all.filter((o) => o.kind === 'LimitRange' && o.metadata.namespace === ns);
    if (quotas.length !== 1 || ranges.length !== 1) {
      found.push(`${env}/${ns}: ${quotas.length} ResourceQuotas and ${ranges.length} LimitRanges, want one each`);
      continue;
    }
    const workloads = all.filter((o) => o.metadata?.namespace === ns && o.spec?.template?.spec?.containers);
    const need: Totals = { 'pods': 0, 'requests.cpu': 0, 'requests.memory': 0, 'limits.cpu': 0, 'limits.memory': 0 };
    for (const w of workloads) {
      const pods = worstMoment(w, all);
      const per = podResources(w.spec.template);
      need.pods += pods;
      for (const k of Object.keys(per) as (keyof typeof per)[]) need[k] += pods * per[k];
    }
    for (const [key, wanted] of Object.entries(need)) {
      const hard = quotas[0].spec.hard[key];
      if (hard === undefined || quantity(key, hard) < wanted) found.push(`${env}/${ns}: quota ${key} ${hard} < ${wanted} at the worst moment of its releases`);
    }
    const limit = ranges[0].spec.limits.find((l: any) => l.type === 'Container');
    for (const res of ['cpu', 'memory'] as const) {
      const q = (v: unknown) => (res === 'cpu' ? cpuMillis(String(v))! : memoryBytes(String(v))!);
      if (q(limit.defaultRequest[res]) > q(limit.default[res])) found.push(`${env}/${ns}: LimitRange defaultRequest.${res} exceeds default.${res}`);
      if (q(limit.default[res]) > q(limit.max[res])) found.push(`${env}/${ns}: LimitRange default.${res} exceeds max.${res}`);
      for (const w of workloads) {
        for (const c of w.spec.template.spec.containers) {
          if (q(c.resources.limits[res]) > q(limit.max[res])) found.push(`${env}/${ns}/${w.metadata.name}: limits.${res} above the LimitRange max`);
          if (limit.min && q(c.resources.requests[res]) < q(limit.min[res])) found.push(`${env}/${ns}/${w.metadata.name}: requests.${res} below the LimitRange min`);
        }
      }
    }
  }
  return found;
}

/** Every object rendered for an environment (all its folders). */
const rendered = (env: string) => objects(env);

test.each(platform.environments.map((e) => e.name))('%s: every application namespace\'s quota covers the worst moment of every release in it', (env) => {
  const all = rendered(env);
  expect(all.filter((o) => o.kind === 'Namespace').length).toBeGreaterThan(0);
  expect(problems(env, all)).toEqual([]);
});

test('every release strategy the catalog uses is exercised by a rendered workload', () => {
  const kinds = new Set(platform.environments.flatMap((e) => rendered(e.name))
    .filter((o) => o.spec?.template?.spec?.containers)
    // a rolling release as a Rollout: a canary whose one weight step takes every pod at once
    .map((o) => (o.kind !== 'Rollout' ? 'rolling'
      : o.spec.strategy.canary?.steps?.[0]?.setWeight === 100 ? 'rolling' : Object.keys(o.spec.strategy)[0])));
  const used = new Set(platform.environments.flatMap((e) => e.services.map((s) => s.strategy?.type ?? 'rolling')));
  expect([...kinds].sort()).toEqual([...used].sort());
});

describe('the check fails on a release that outgrows the quota', () => {
  const env = platform.environments[platform.environments.length - 1].name;
  const bigger = (pick: (o: any) => boolean, edit: (o: any) => void) => {
    const all = structuredClone(rendered(env));
    const target = all.find(pick);
    expect(target).toBeDefined();
    edit(target);
    return problems(env, all);
  };
  test.each([
    ['a replica-weighted release surging its whole size', (o: any) => o.spec?.strategy?.canary && !o.spec.strategy.canary.trafficRouting,
      (o: any) => { o.spec.strategy.canary.maxSurge = '100%'; }],
    ['an HPA allowed twice as many pods', (o: any) => o.kind === 'HorizontalPodAutoscaler', (o: any) => { o.spec.maxReplicas *= 2; }],
    ['a larger container', (o: any) => o.spec?.template?.spec?.containers, (o: any) => { o.spec.template.spec.containers[0].resources.limits.memory = '64Gi'; }],
  ])('%s', (_name, pick, edit) => {
    const found = bigger(pick, edit);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(new RegExp(`^${env}/`));
  });
});
