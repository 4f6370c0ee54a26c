import type { AddonDefinition } from './addon';
import { ADDON_NAMESPACES } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';

/** The argo-rollouts chart values the platform sets. */
export interface ArgoRolloutsValues {
  readonly controller: {
    readonly replicas: number;
    readonly metrics: { readonly enabled: boolean; readonly serviceMonitor: { readonly enabled: boolean } };
  };
  readonly dashboard: { readonly enabled: boolean };
}

export const argoRollouts: AddonDefinition<ArgoRolloutsValues> = {
  name: 'argo-rollouts',
  chart: ADDON_CHARTS.argoRollouts,
  namespace: ADDON_NAMESPACES.argoRollouts,
  podSecurity: 'baseline',
  purpose: 'canary and blue-green releases (the Rollout kind)',
  usedBy: 'every service\'s Rollout (canary, blue-green and rolling releases, each gated by its analysis)',
  values: ({ production }) => ({
    controller: { replicas: production ? 2 : 1, metrics: { enabled: true, serviceMonitor: { enabled: true } } },
    dashboard: { enabled: false },
  }),
};
