import type { AddonDefinition } from './addon';
import {
  ALB_INGRESS_CLASS, ALB_LOAD_BALANCER_ATTRIBUTES, ALB_SSL_POLICY, albGroupName, PLATFORM_ADDONS, PUBLIC_INGRESS_NAMESPACE_LABEL,
} from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';

/** The aws-load-balancer-controller chart values the platform sets. */
export interface LoadBalancerControllerValues {
  readonly clusterName: string;
  readonly region: string;
  readonly vpcTags: Record<string, string>;
  /** The IngressClass every public Ingress names; the chart creates it. */
  readonly ingressClass: string;
  readonly createIngressClassResource: boolean;
  /**
   * The class's IngressClassParams: what it sets wins over an Ingress's annotations (scheme, group,
   * TLS policy, attributes), and only the selected namespaces may use the class at all.
   */
  readonly ingressClassParams: {
    readonly create: boolean;
    readonly name: string;
    readonly spec: {
      readonly namespaceSelector: { readonly matchLabels: Record<string, string> };
      readonly group: { readonly name: string };
      readonly scheme: 'internet-facing' | 'internal';
      readonly sslPolicy: string;
      readonly loadBalancerAttributes: readonly { readonly key: string; readonly value: string }[];
    };
  };
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
    // the class enforces the edge's defaults: an annotation on one Ingress cannot weaken them, and
    // a namespace without a public service cannot expose anything through the ALB
    ingressClassParams: {
      create: true,
      name: ALB_INGRESS_CLASS,
      spec: {
        namespaceSelector: { matchLabels: { [PUBLIC_INGRESS_NAMESPACE_LABEL]: 'true' } },
        group: { name: albGroupName(env.name) },
        scheme: 'internet-facing',
        sslPolicy: ALB_SSL_POLICY,
        loadBalancerAttributes: Object.entries(ALB_LOAD_BALANCER_ATTRIBUTES).map(([key, value]) => ({ key, value })),
      },
    },
  }),
};
