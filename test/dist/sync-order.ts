/**
 * What an environment's first sync needs to exist before each object, in Argo CD's order: the
 * Secrets and ConfigMaps it names, and the namespace it lives in. The root app applies one
 * wave's Applications and waits until they are Healthy before the next wave, so an add-on that
 * names a Secret created in its own or a later wave never becomes Healthy and the sync stops
 * there for good.
 *
 * The rule: whatever an object names is created by an Application of a strictly earlier wave,
 * or, only when the object is a plain workload (a pod template), by the same Application: Argo
 * CD applies ConfigMaps and Secrets before workloads, the kubelet retries a pod until what it
 * mounts exists (an ExternalSecret's Secret appears a moment later), and nothing in that wave
 * waits on the pod to create it. An add-on's Helm values never qualify: the chart's pods are its
 * own, and this repository renders nothing into the chart.
 */
import { label, type Placed, wave } from './closure';

/** A Secret or ConfigMap something names. */
export interface Reference {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly name: string;
  /** Where it is named, a dotted path inside the values or the spec. */
  readonly via: string;
}

/** Where Prometheus Operator mounts the `secrets`/`configMaps` of Prometheus and Alertmanager. */
const MOUNTED = /\/etc\/(?:alertmanager|prometheus)\/(secrets|configmaps)\/([^/]+)\//;
/** Kinds whose pods retry until what they mount exists. */
const WORKLOADS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Rollout']);
/** Namespaces that exist before Argo CD syncs anything (Argo CD's own comes from the bootstrap). */
const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Every Secret and ConfigMap named below `value`, in the forms charts and pod specs use:
 * `existingSecret`, `existingConfigMap`, `secretName`, `secretKeyRef`/`secretRef`/`configMapKeyRef`/
 * `configMapRef`/`configMap` `{ name }`, `imagePullSecrets`, Prometheus Operator's `secrets`/`configMaps`
 * lists, and file paths under their mount folders (`api_url_file: /etc/alertmanager/secrets/<name>/...`).
 */
export function referencesIn(value: unknown, path = ''): Reference[] {
  const found: Reference[] = [];
  const add = (kind: Reference['kind'], name: unknown, via: string) => {
    if (typeof name === 'string' && name !== '') found.push({ kind, name, via });
  };
  const walk = (v: unknown, at: string): void => {
    if (typeof v === 'string') {
      const m = MOUNTED.exec(v);
      if (m) add(m[1] === 'secrets' ? 'Secret' : 'ConfigMap', m[2], at);
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${at}[${i}]`));
      return;
    }
    if (!isObject(v)) return;
    for (const [k, x] of Object.entries(v)) {
      const here = at ? `${at}.${k}` : k;
      switch (k) {
        case 'existingSecret':
        case 'secretName':
          add('Secret', x, here);
          break;
        case 'existingConfigMap':
          add('ConfigMap', x, here);
          break;
        case 'secretKeyRef':
        case 'secretRef':
          if (isObject(x)) add('Secret', x.name, here);
          break;
        case 'configMapKeyRef':
        case 'configMapRef':
        case 'configMap':
          if (isObject(x)) add('ConfigMap', x.name, here);
          break;
        case 'imagePullSecrets':
        case 'secrets':
        case 'configMaps':
          if (Array.isArray(x)) {
            x.forEach((item, i) => add(k === 'configMaps' ? 'ConfigMap' : 'Secret', isObject(item) ? item.name : item, `${here}[${i}]`));
          }
          break;
        default:
      }
      walk(x, here);
    }
  };
  walk(value, path);
  return found;
}

/** The Application that applies an object, and its wave in the root app. */
interface Sync {
  readonly application: string;
  readonly wave: number;
}

/** How the root app syncs one environment's folders. */
class SyncPlan {
  private readonly byFolder: Map<string, any>;
  readonly root: any;
  readonly applications: any[];
  readonly projects: Map<string, any>;

  constructor(objects: readonly Placed[]) {
    this.applications = objects.filter((p) => p.folder === 'argocd' && p.object.kind === 'Application').map((p) => p.object);
    this.byFolder = new Map(this.applications.filter((a) => a.spec.source?.path).map((a): [string, any] => [String(a.spec.source.path).split('/').pop() ?? '', a]));
    this.root = this.byFolder.get('argocd');
    this.projects = new Map(objects.filter((p) => p.folder === 'argocd' && p.object.kind === 'AppProject').map((p) => [p.object.metadata.name, p.object]));
  }

  /** The Application that applies `placed`: an add-on Application applies its own chart; the root app this folder. */
  applicationOf(placed: Placed): any {
    if (placed.folder === 'argocd') return placed.object.kind === 'Application' && placed.object.spec.source?.chart ? placed.object : this.root;
    return this.byFolder.get(placed.folder);
  }

  /** When `placed` is applied (objects of the argocd folder carry their own wave). */
  syncOf(placed: Placed): Sync | undefined {
    const app = this.applicationOf(placed);
    if (!app) return undefined;
    return { application: app.metadata.name, wave: placed.folder === 'argocd' ? wave(placed.object) : wave(app) };
  }
}

/** The namespace an object's own resources land in: its own, or an add-on Application's destination. */
function namespaceOf(placed: Placed): string | undefined {
  const o = placed.object;
  if (o.kind === 'Application' && o.spec.source?.chart) return o.spec.destination?.namespace;
  return o.metadata?.namespace;
}

/** Whether an Application creates `namespace` before it syncs (its destination, with `CreateNamespace`). */
function createsNamespace(app: any, namespace: string): boolean {
  return app.spec.destination?.namespace === namespace && (app.spec.syncPolicy?.syncOptions ?? []).includes('CreateNamespace=true');
}

/** The Secrets and ConfigMaps an object names, read where they matter: an add-on's values, anything else's spec. */
function referencesOf(o: any): Reference[] {
  if (o.kind === 'Application') return o.spec.source?.helm?.valuesObject ? referencesIn(o.spec.source.helm.valuesObject, 'values') : [];
  return referencesIn(o.spec, 'spec');
}

/** The Secrets and ConfigMaps an object creates: itself, or an ExternalSecret's target. */
function produced(o: any): { kind: Reference['kind']; name: string }[] {
  if (o.kind === 'Secret' || o.kind === 'ConfigMap') return [{ kind: o.kind, name: o.metadata.name }];
  if (o.kind === 'ExternalSecret') return [{ kind: 'Secret', name: o.spec?.target?.name ?? o.metadata.name }];
  return [];
}

/**
 * Every Secret or ConfigMap an object of one environment names that is not created by an
 * Application of a strictly earlier wave (or the workload's own Application), one line each
 * naming the environment, the consumer, the reference, its creator and both waves.
 */
export function referenceProblems(env: string, objects: readonly Placed[]): string[] {
  const plan = new SyncPlan(objects);
  const problems: string[] = [];
  for (const placed of objects) {
    const consumer = placed.object;
    const namespace = namespaceOf(placed);
    const at = plan.syncOf(placed);
    if (!at || namespace === undefined) continue;
    for (const ref of referencesOf(consumer)) {
      const what = `${ref.kind} ${namespace}/${ref.name} (${ref.via})`;
      const where = `${env}: ${label(consumer)} (${placed.folder}/, wave ${at.wave}) names ${what}`;
      const creators = objects.filter((p) => (p.object.metadata?.namespace === namespace)
        && produced(p.object).some((x) => x.kind === ref.kind && x.name === ref.name));
      if (creators.length === 0) {
        problems.push(`${where}, which nothing rendered in ${env} creates`);
        continue;
      }
      const ok = creators.some((p) => {
        const made = plan.syncOf(p);
        if (!made) return false;
        return made.wave < at.wave || (made.application === at.application && WORKLOADS.has(consumer.kind));
      });
      if (!ok) {
        const c = creators[0];
        const made = plan.syncOf(c);
        problems.push(`${where}, which ${label(c.object)} (${c.folder}/) creates in wave ${made?.wave ?? '(no Application)'}${made?.application === at.application ? ' of the same Application' : ''}, not before wave ${at.wave}`);
      }
    }
  }
  return problems;
}

/**
 * Every object of one environment whose namespace does not exist when it is applied (a Namespace
 * of an earlier wave or of its own Application, its Application's `CreateNamespace`, a built-in one,
 * or Argo CD's, which the bootstrap creates), or that its Application's AppProject does not allow,
 * one line each.
 */
export function namespaceProblems(env: string, objects: readonly Placed[]): string[] {
  const plan = new SyncPlan(objects);
  const problems: string[] = [];
  const namespaces = objects.filter((p) => p.object.kind === 'Namespace');
  const existing = new Set([...BUILT_IN_NAMESPACES, plan.root?.metadata?.namespace]);
  for (const placed of objects) {
    const namespace = namespaceOf(placed);
    const at = plan.syncOf(placed);
    const app = plan.applicationOf(placed);
    if (namespace === undefined || !at || !app) continue;
    const where = `${env}: ${label(placed.object)} (${placed.folder}/, wave ${at.wave}) lives in namespace ${namespace}`;
    const createdByOwnSync = createsNamespace(app, namespace);
    const createdBefore = namespaces.some((p) => {
      if (p.object.metadata.name !== namespace) return false;
      const made = plan.syncOf(p);
      return made !== undefined && (made.wave < at.wave || made.application === at.application);
    }) || plan.applications.some((a) => createsNamespace(a, namespace) && wave(a) < at.wave);
    if (!existing.has(namespace) && !createdByOwnSync && !createdBefore) {
      const creators = [
        ...namespaces.filter((p) => p.object.metadata.name === namespace).map((p) => `${label(p.object)} (${p.folder}/) in wave ${plan.syncOf(p)?.wave}`),
        ...plan.applications.filter((a) => createsNamespace(a, namespace))
          .map((a) => `Application ${a.metadata.name} (CreateNamespace) in wave ${wave(a)}`),
      ];
      problems.push(`${where}, which ${creators.length ? `only ${creators.join(' and ')} creates` : 'nothing creates'}, not before wave ${at.wave}`);
    }
    const project = plan.projects.get(app.spec.project);
    const allowed = (project?.spec?.destinations ?? []).some((d: any) => d.namespace === '*' || d.namespace === namespace);
    if (!allowed) problems.push(`${where}, which project ${app.spec.project} of Application ${app.metadata.name} does not allow`);
  }
  return problems;
}
