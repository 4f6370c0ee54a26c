import type { AddonDefinition } from './addon';
import { ADDON_NAMESPACES } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';

/** The cert-manager chart values the platform sets. */
export interface CertManagerValues {
  readonly crds: { readonly enabled: boolean };
  readonly replicaCount: number;
  readonly prometheus: { readonly servicemonitor: { readonly enabled: boolean } };
}

export const certManager: AddonDefinition<CertManagerValues> = {
  name: 'cert-manager',
  chart: ADDON_CHARTS.certManager,
  namespace: ADDON_NAMESPACES.certManager,
  podSecurity: 'baseline',
  purpose: 'TLS certificates from Let\'s Encrypt (ACME HTTP-01)',
  usedBy: 'the ClusterIssuer (platform-certificates) and every public Ingress\'s TLS secret',
  values: ({ production }) => ({ crds: { enabled: true }, replicaCount: production ? 2 : 1, prometheus: { servicemonitor: { enabled: true } } }),
};
