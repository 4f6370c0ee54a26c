import type { AddonDefinition } from './addon';
import { PLATFORM_ADDONS } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';

/** The aws-load-balancer-controller chart values the platform sets. */
export interface LoadBalancerControllerValues {
  readonly clusterName: string;
  readonly region: string;
  readonly vpcTags: Record<string, string>;
}

export const awsLoadBalancerController: AddonDefinition<LoadBalancerControllerValues> = {
  name: 'aws-load-balancer-controller',
  chart: ADDON_CHARTS.loadBalancerController,
  namespace: PLATFORM_ADDONS.loadBalancerController.namespace,
  podSecurity: 'baseline',
  purpose: 'NLBs and ALBs for Services and Ingresses (IRSA)',
  usedBy: 'ingress-nginx\'s LoadBalancer Service',
  irsa: { serviceAccount: PLATFORM_ADDONS.loadBalancerController },
  values: ({ environment: env }) => ({
    clusterName: env.cluster.name,
    region: env.aws.region,
    // pods cannot reach IMDS (hop limit 1): find the VPC by the Name tag the Network construct sets
    vpcTags: { Name: env.cluster.name },
  }),
};
