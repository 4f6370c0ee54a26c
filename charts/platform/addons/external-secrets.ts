import type { AddonDefinition } from './addon';
import { PLATFORM_ADDONS } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';

/** The external-secrets chart values the platform sets. */
export interface ExternalSecretsValues {
  readonly installCRDs: boolean;
  readonly serviceMonitor: { readonly enabled: boolean };
}

export const externalSecrets: AddonDefinition<ExternalSecretsValues> = {
  name: 'external-secrets',
  chart: ADDON_CHARTS.externalSecrets,
  namespace: PLATFORM_ADDONS.externalSecrets.namespace,
  podSecurity: 'baseline',
  purpose: 'Secrets Manager secrets as Kubernetes Secrets (IRSA, the environment\'s secrets only)',
  usedBy: 'the ClusterSecretStore (platform-secrets), Grafana\'s admin login, Argo CD\'s repository credentials',
  irsa: { serviceAccount: PLATFORM_ADDONS.externalSecrets },
  values: () => ({ installCRDs: true, serviceMonitor: { enabled: true } }),
};
