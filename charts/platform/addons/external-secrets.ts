import type { AddonDefinition } from './addon';
import { PLATFORM_ADDONS } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';
import { WAVE } from '../waves';

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
  // before every add-on whose Secrets it creates. It needs nothing of a later wave: its IRSA role is
  // Terraform's, and the chart renders its ServiceMonitor only once the cluster serves that kind
  // (.Capabilities.APIVersions), so Argo CD adds it on a refresh after kube-prometheus-stack
  wave: WAVE.SECRETS_OPERATOR,
  values: () => ({ installCRDs: true, serviceMonitor: { enabled: true } }),
};
