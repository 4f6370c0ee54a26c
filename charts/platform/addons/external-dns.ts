import type { AddonDefinition } from './addon';
import { PLATFORM_ADDONS } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';

/** The external-dns chart values the platform sets. */
export interface ExternalDnsValues {
  readonly provider: { readonly name: 'aws' };
  readonly domainFilters: readonly string[];
  readonly policy: 'upsert-only' | 'sync';
  readonly txtOwnerId: string;
  readonly env: readonly { readonly name: string; readonly value: string }[];
}

export const externalDns: AddonDefinition<ExternalDnsValues> = {
  name: 'external-dns',
  chart: ADDON_CHARTS.externalDns,
  namespace: PLATFORM_ADDONS.externalDns.namespace,
  podSecurity: 'baseline',
  purpose: 'Route 53 alias records from Ingress hosts inside the environment\'s domain to the environment\'s ALB (IRSA)',
  usedBy: 'every public service\'s host name',
  irsa: { serviceAccount: PLATFORM_ADDONS.externalDns },
  values: ({ environment: env }) => ({
    provider: { name: 'aws' },
    domainFilters: [env.dns.domain],
    policy: 'upsert-only',
    txtOwnerId: env.cluster.name,
    env: [{ name: 'AWS_DEFAULT_REGION', value: env.aws.region }],
  }),
};
