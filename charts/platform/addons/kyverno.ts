import type { AddonDefinition } from './addon';
import { ADDON_NAMESPACES } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';

/** The kyverno chart values the platform sets. */
export interface KyvernoValues {
  readonly admissionController: { readonly replicas: number };
  readonly backgroundController: { readonly replicas: number };
}

export const kyverno: AddonDefinition<KyvernoValues> = {
  name: 'kyverno',
  chart: ADDON_CHARTS.kyverno,
  namespace: ADDON_NAMESPACES.kyverno,
  podSecurity: 'baseline',
  purpose: 'admission policies (the ClusterPolicy kind)',
  usedBy: 'the ClusterPolicies (platform-policies) over every application pod',
  values: ({ production }) => ({ admissionController: { replicas: production ? 3 : 1 }, backgroundController: { replicas: production ? 2 : 1 } }),
};
