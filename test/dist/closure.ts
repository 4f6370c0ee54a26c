/**
 * The closure of one environment's render: every API and feature its objects rely on (an add-on
 * Application: also the kinds its values switch on in its chart), and whether the provider that
 * `environments/providers.ts` names is installed in the same environment (an add-on Application
 * in its argocd folder, an EKS add-on or a resource of its Terraform stack) in an earlier sync
 * wave than the object.
 */
import {
  API_PROVIDERS, BUILT_IN_API_GROUPS, CAPABILITY_GUARDED_CHARTS, CHART_VALUES_KINDS, type CapabilityProvider, FEATURE_PROVIDERS,
  INGRESS_CLASS_PROVIDERS, INGRESS_CONTROLLER_PROVIDERS, STORAGE_CLASS_PROVIDERS, STORAGE_PROVISIONER_PROVIDERS,
} from '../../environments/providers';

/** A rendered object and the folder of `dist/k8s/<env>/` it lives in. */
export interface Placed {
  readonly folder: string;
  readonly object: any;
}

/** One thing an object relies on. */
interface Requirement {
  /** What it relies on, for people: `kind Rollout (argoproj.io)`, `NetworkPolicy enforcement`. */
  readonly what: string;
  /** Its provider, or undefined when none is known. */
  readonly provider?: CapabilityProvider;
}

/** Sync wave of something that exists before Argo CD syncs anything (Terraform, the bootstrap). */
const BEFORE_ARGO_CD = Number.NEGATIVE_INFINITY;
const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';
const ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

/** The sync wave an object carries (Argo CD's default 0). */
export const wave = (o: any): number => Number(o.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
/** `Kind namespace/name`, for people. */
export const label = (o: any): string => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;
export const describeProvider = (p: CapabilityProvider): string => ('helmAddon' in p ? `add-on Application "${p.helmAddon}"`
  : 'eksAddon' in p ? `EKS add-on "${p.eksAddon}"${p.configuration ? ` with ${JSON.stringify(p.configuration)}` : ''}`
    : 'terraform' in p ? `Terraform resource ${p.terraform}` : `${p.bootstrap} (bootstrap)`);

/** Does any value below `v` hold an IRSA annotation (add-on values annotate their ServiceAccounts)? */
function mentionsIrsa(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(mentionsIrsa);
  if (v && typeof v === 'object') return Object.entries(v).some(([k, x]) => k === IRSA_ANNOTATION || mentionsIrsa(x));
  return false;
}

/** The kinds an add-on's chart renders because its values switch them on (`serviceMonitor: { enabled: true }`), with where. */
function chartValuesKinds(values: unknown, path = 'values'): { kind: string; via: string }[] {
  if (Array.isArray(values)) return values.flatMap((v, i) => chartValuesKinds(v, `${path}[${i}]`));
  if (!values || typeof values !== 'object') return [];
  return Object.entries(values).flatMap(([k, v]) => [
    ...(CHART_VALUES_KINDS[k] && (v as any)?.enabled === true ? [{ kind: CHART_VALUES_KINDS[k], via: `${path}.${k}` }] : []),
    ...chartValuesKinds(v, `${path}.${k}`),
  ]);
}

/** What one object relies on. */
function requirements(o: any, all: readonly Placed[]): Requirement[] {
  const found: Requirement[] = [];
  const [group, version] = String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/') : ['', o.apiVersion];
  if (!version) found.push({ what: `apiVersion "${o.apiVersion}" of ${o.kind}` });
  if (!BUILT_IN_API_GROUPS.includes(group)) {
    found.push({ what: `kind ${o.kind} (${group})`, provider: API_PROVIDERS[`${group}/${o.kind}`] ?? API_PROVIDERS[group] });
  }
  const rendered = (kind: string, name: string) => all.find((p) => p.object.kind === kind && p.object.metadata?.name === name)?.object;
  switch (o.kind) {
    case 'NetworkPolicy':
      found.push({ what: 'NetworkPolicy enforcement', provider: FEATURE_PROVIDERS.networkPolicy });
      break;
    case 'HorizontalPodAutoscaler':
      for (const m of o.spec.metrics ?? []) {
        found.push(m.type === 'Resource' || m.type === 'ContainerResource'
          ? { what: 'resource metrics (metrics.k8s.io)', provider: FEATURE_PROVIDERS.resourceMetrics }
          : { what: `${m.type} metrics (custom.metrics.k8s.io / external.metrics.k8s.io)` });
      }
      break;
    case 'VerticalPodAutoscaler':
      found.push({ what: 'resource metrics (metrics.k8s.io) for the VPA recommender', provider: FEATURE_PROVIDERS.resourceMetrics });
      break;
    case 'Ingress': {
      const name = o.spec.ingressClassName ?? o.metadata.annotations?.['kubernetes.io/ingress.class'];
      const ingressClass = name === undefined ? undefined : rendered('IngressClass', name);
      found.push({
        what: `ingress class ${JSON.stringify(name)}`,
        provider: ingressClass
          ? INGRESS_CONTROLLER_PROVIDERS[ingressClass.spec.controller]
          : name === undefined ? undefined : INGRESS_CLASS_PROVIDERS[name],
      });
      const issuer = o.metadata.annotations?.[ISSUER_ANNOTATION];
      if (issuer !== undefined && !rendered('ClusterIssuer', issuer)) found.push({ what: `ClusterIssuer "${issuer}" (not rendered in this environment)` });
      break;
    }
    case 'ServiceAccount':
      if (o.metadata.annotations?.[IRSA_ANNOTATION]) found.push({ what: 'IAM roles for ServiceAccounts', provider: FEATURE_PROVIDERS.irsa });
      break;
    case 'Application':
      if (mentionsIrsa(o.spec?.source?.helm)) found.push({ what: 'IAM roles for ServiceAccounts', provider: FEATURE_PROVIDERS.irsa });
      // a chart's own ServiceMonitor fails its sync until the kind is served, unless the chart waits for it
      if (!CAPABILITY_GUARDED_CHARTS.includes(o.spec?.source?.chart)) {
        for (const { kind, via } of chartValuesKinds(o.spec?.source?.helm?.valuesObject)) {
          const [g, k] = kind.split('/');
          found.push({ what: `kind ${k} (${g}) from its chart (${via})`, provider: API_PROVIDERS[kind] ?? API_PROVIDERS[g] });
        }
      }
      break;
    default:
  }
  const claims = o.kind === 'PersistentVolumeClaim' ? [o] : o.spec?.volumeClaimTemplates ?? [];
  for (const claim of claims) {
    const name = claim.spec?.storageClassName;
    const storageClass = name === undefined ? undefined : rendered('StorageClass', name);
    found.push({
      what: `storage class ${JSON.stringify(name)}`,
      provider: storageClass
        ? STORAGE_PROVISIONER_PROVIDERS[storageClass.provisioner]
        : name === undefined ? undefined : STORAGE_CLASS_PROVIDERS[name],
    });
  }
  return found;
}

/**
 * Everything missing from one environment's closure, one line each naming the environment, the
 * object and its kind, what it relies on, and the missing (or late) provider.
 */
export function closureProblems(env: string, objects: readonly Placed[], stack: any): string[] {
  const applications = objects.filter((p) => p.folder === 'argocd' && p.object.kind === 'Application').map((p) => p.object);
  // the wave of each folder: the Application that syncs it (the argocd folder's own objects carry theirs)
  const folderWave = new Map(applications.filter((a) => a.spec.source?.path).map((a) => [String(a.spec.source.path).split('/').pop(), wave(a)]));
  const addons = stack.resource?.aws_eks_addon ?? {};

  const providerWave = (p: CapabilityProvider): number | undefined => {
    if ('helmAddon' in p) {
      const app = applications.find((a) => a.spec.source?.chart && (a.spec.source.helm?.releaseName ?? a.spec.source.chart) === p.helmAddon);
      return app ? wave(app) : undefined;
    }
    if ('eksAddon' in p) {
      const addon = Object.values(addons).find((a: any) => a.addon_name === p.eksAddon) as any;
      if (!addon) return undefined;
      const values = addon.configuration_values ? JSON.parse(addon.configuration_values) : {};
      return Object.entries(p.configuration ?? {}).every(([k, v]) => values[k] === v) ? BEFORE_ARGO_CD : undefined;
    }
    if ('terraform' in p) return Object.keys(stack.resource?.[p.terraform] ?? {}).length > 0 ? BEFORE_ARGO_CD : undefined;
    return BEFORE_ARGO_CD;
  };

  const problems: string[] = [];
  for (const placed of objects) {
    const o = placed.object;
    const consumerWave = placed.folder === 'argocd' ? wave(o) : folderWave.get(placed.folder);
    const where = `${env}: ${label(o)} (${placed.folder}/)`;
    if (consumerWave === undefined) problems.push(`${where}: no Application syncs this folder`);
    for (const r of requirements(o, objects)) {
      if (!r.provider) {
        problems.push(`${where} relies on ${r.what}, which has no provider in environments/providers.ts`);
        continue;
      }
      const at = providerWave(r.provider);
      if (at === undefined) {
        problems.push(`${where} relies on ${r.what}, but its provider, ${describeProvider(r.provider)}, is not installed in ${env}`);
      } else if (consumerWave !== undefined && !(at < consumerWave)) {
        problems.push(`${where} relies on ${r.what}, but its provider, ${describeProvider(r.provider)}, syncs in wave ${at}, not before wave ${consumerWave}`);
      }
    }
  }
  return problems;
}

/** The providers one environment's objects rely on (to prove that removing each one is noticed). */
export function requiredProviders(objects: readonly Placed[]): CapabilityProvider[] {
  const seen = new Map<string, CapabilityProvider>();
  for (const p of objects) for (const r of requirements(p.object, objects)) if (r.provider) seen.set(describeProvider(r.provider), r.provider);
  return [...seen.values()];
}
