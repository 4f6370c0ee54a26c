import type { AddonDefinition } from './addon';
import { INGRESS_CONTROLLER } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';

/** The ingress-nginx chart values the platform sets. */
export interface IngressNginxValues {
  readonly controller: {
    readonly ingressClassResource: { readonly name: string; readonly default: boolean };
    readonly replicaCount: number;
    readonly service: { readonly annotations: Record<string, string> };
    readonly metrics: { readonly enabled: boolean; readonly serviceMonitor: { readonly enabled: boolean } };
  };
}

export const ingressNginx: AddonDefinition<IngressNginxValues> = {
  name: 'ingress-nginx',
  chart: ADDON_CHARTS.ingressNginx,
  namespace: INGRESS_CONTROLLER.namespace,
  podSecurity: 'baseline',
  purpose: `the ingress class \`${INGRESS_CONTROLLER.className}\` behind an internet-facing NLB`,
  usedBy: 'every public service\'s Ingress; cert-manager\'s HTTP-01 challenges',
  values: ({ production }) => ({
    controller: {
      ingressClassResource: { name: INGRESS_CONTROLLER.className, default: true },
      replicaCount: production ? 3 : 1,
      service: {
        annotations: {
          'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
          'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
          'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
        },
      },
      metrics: { enabled: true, serviceMonitor: { enabled: true } },
    },
  }),
};
