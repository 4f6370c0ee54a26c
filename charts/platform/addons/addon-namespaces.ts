import type { AddonDefinition } from './addon';
import { ADDONS } from './catalog';
import type { PodSecurityLevel } from '../../../constructs/k8s/helm-addon';

/** Kubernetes' own namespace of the add-ons: it exists, and is not ours to label. */
const EXISTING = ['kube-system'];

/** A namespace of the add-ons and the Pod Security level it enforces. */
export interface AddonNamespace {
  /** The namespace. */
  readonly name: string;
  /** The level every add-on in it runs at. */
  readonly podSecurity: PodSecurityLevel;
}

/**
 * The add-ons' namespaces the namespaces folder creates, in the first wave: the ExternalSecrets
 * an add-on names sync before the add-on, into its namespace, so the namespace cannot wait for the
 * add-on's Application to create it. Argo CD's namespace is the bootstrap's. Add-ons sharing a
 * namespace must agree on its level.
 */
export function addonNamespaces(argocdNamespace: string, addons: readonly AddonDefinition[] = ADDONS): AddonNamespace[] {
  const byName = new Map<string, PodSecurityLevel>();
  for (const a of addons) {
    if (EXISTING.includes(a.namespace) || a.namespace === argocdNamespace) continue;
    const level = byName.get(a.namespace);
    if (level !== undefined && level !== a.podSecurity) {
      throw new Error(`add-on ${a.name}: namespace ${a.namespace} enforces Pod Security "${level}" for another add-on, not "${a.podSecurity}"; give both the same podSecurity`);
    }
    byName.set(a.namespace, a.podSecurity);
  }
  return [...byName].map(([name, podSecurity]) => ({ name, podSecurity })).sort((x, y) => x.name.localeCompare(y.name));
}
