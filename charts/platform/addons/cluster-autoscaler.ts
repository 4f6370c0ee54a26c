import type { AddonDefinition } from './addon';
import { PLATFORM_ADDONS } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';

/** The cluster-autoscaler chart values the platform sets. */
export interface ClusterAutoscalerValues {
  readonly autoDiscovery: { readonly clusterName: string };
  readonly awsRegion: string;
  readonly extraArgs: Record<string, boolean | string>;
}

export const clusterAutoscaler: AddonDefinition<ClusterAutoscalerValues> = {
  name: 'cluster-autoscaler',
  chart: ADDON_CHARTS.clusterAutoscaler,
  namespace: PLATFORM_ADDONS.clusterAutoscaler.namespace,
  podSecurity: 'baseline',
  purpose: 'grows and shrinks the node groups (auto-discovered by cluster tag; IRSA)',
  usedBy: 'pods that do not fit (HPA scale-out, rollouts\' surge pods)',
  irsa: { serviceAccount: PLATFORM_ADDONS.clusterAutoscaler, valuesPath: ['rbac', 'serviceAccount'] },
  values: ({ environment: env }) => ({
    autoDiscovery: { clusterName: env.cluster.name },
    awsRegion: env.aws.region,
    extraArgs: { 'balance-similar-node-groups': true, 'skip-nodes-with-system-pods': false },
  }),
};
