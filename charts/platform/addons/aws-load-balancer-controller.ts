import type { AddonDefinition } from './addon';
import { ALB_INGRESS_CLASS, PLATFORM_ADDONS } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';

/** The aws-load-balancer-controller chart values the platform sets. */
export interface LoadBalancerControllerValues {
  readonly clusterName: string;
  readonly region: string;
  readonly vpcTags: Record<string, string>;
  /** The IngressClass every public Ingress names; the chart creates it. */
  readonly ingressClass: string;
  readonly createIngressClassResource: boolean;
}

export const awsLoadBalancerController: AddonDefinition<LoadBalancerControllerValues> = {
  name: 'aws-load-balancer-controller',
  chart: ADDON_CHARTS.loadBalancerController,
  namespace: PLATFORM_ADDONS.loadBalancerController.namespace,
  podSecurity: 'baseline',
  purpose: 'the edge: one internet-facing ALB per environment for every public Ingress (class `alb`, HTTPS only, ACM certificates found by host; IRSA)',
  usedBy: 'every public service\'s Ingress; Argo Rollouts\' request weights of public canaries (the Ingress\'s action annotation)',
  irsa: { serviceAccount: PLATFORM_ADDONS.loadBalancerController },
  values: ({ environment: env }) => ({
    clusterName: env.cluster.name,
    region: env.aws.region,
    // pods cannot reach IMDS (hop limit 1): find the VPC by the Name tag the Network construct sets
    vpcTags: { Name: env.cluster.name },
    ingressClass: ALB_INGRESS_CLASS,
    createIngressClassResource: true,
  }),
};
