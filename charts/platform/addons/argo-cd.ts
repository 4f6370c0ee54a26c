import type { AddonDefinition } from './addon';
import { ADDON_CHARTS, gitops } from '../../../environments/platform';

/**
 * Argo CD's health check of its own Applications (removed from Argo CD's defaults in 1.8): an
 * app-of-apps waits for each sync wave's Applications to be Healthy before the next wave.
 */
export const APPLICATION_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil then
  if obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then
      hs.message = obj.status.health.message
    end
  end
end
return hs
`;

/** The role the sync group gets: read everything (the default role) and sync applications. */
export const SYNC_ROLE = 'role:sync';

/** Argo CD's RBAC: everyone reads; only `group` may sync. */
export function argoCdRbac(group: string): ArgoCdValues['configs']['rbac'] {
  return {
    'policy.default': 'role:readonly',
    'policy.csv': [
      `p, ${SYNC_ROLE}, applications, get, */*, allow`,
      `p, ${SYNC_ROLE}, applications, sync, */*, allow`,
      `g, ${group}, ${SYNC_ROLE}`,
      '',
    ].join('\n'),
    'scopes': '[groups]',
  };
}

/** The argo-cd chart values the platform sets. */
export interface ArgoCdValues {
  readonly 'configs': {
    /** argocd-cm: settings a person would otherwise edit by hand. */
    readonly cm: {
      readonly 'resource.customizations.health.argoproj.io_Application': string;
      readonly 'application.resourceTrackingMethod': 'label' | 'annotation' | 'annotation+label';
      readonly 'exec.enabled': boolean;
    };
    /** argocd-rbac-cm. */
    readonly rbac: { readonly 'policy.default': string; readonly 'policy.csv': string; readonly 'scopes': string };
  };
  readonly 'redis-ha': { readonly enabled: boolean };
  readonly 'controller': { readonly replicas: number };
  readonly 'server': { readonly replicas: number };
  readonly 'repoServer': { readonly replicas: number };
  readonly 'applicationSet': { readonly replicas: number };
}

export const argoCd: AddonDefinition<ArgoCdValues> = {
  name: 'argo-cd',
  chart: ADDON_CHARTS.argoCd,
  namespace: gitops.argocdNamespace,
  podSecurity: 'baseline',
  purpose: 'Argo CD itself: syncs every folder of `dist/k8s/<env>/`, including its own configuration',
  usedBy: 'every Application and AppProject (the root app of apps and all below it)',
  // deleting its Application must not uninstall the Argo CD that runs the deletion
  cascadeDelete: false,
  values: ({ settings }) => {
    const ha = settings.argocdHighAvailability;
    return {
      'configs': {
        cm: {
          'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA,
          // annotations: Helm charts' own app.kubernetes.io/instance labels cannot confuse the tracking
          'application.resourceTrackingMethod': 'annotation',
          'exec.enabled': false,
        },
        rbac: argoCdRbac(settings.argocdSyncGroup),
      },
      // the chart's HA mode: redis-ha (three sentinels) and two replicas of the stateless parts
      'redis-ha': { enabled: ha },
      'controller': { replicas: 1 },
      'server': { replicas: ha ? 2 : 1 },
      'repoServer': { replicas: ha ? 2 : 1 },
      'applicationSet': { replicas: ha ? 2 : 1 },
    };
  },
};
