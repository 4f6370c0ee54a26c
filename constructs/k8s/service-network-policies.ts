import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';

/** The label the API server sets on every namespace; selecting by it cannot be spoofed. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Pods of another workload, addressed by namespace and pod labels. */
export interface PodPeer {
  /** Namespace of the pods. */
  readonly namespace: string;
  /** Labels that select the pods. */
  readonly podLabels: Record<string, string>;
  /** TCP port on the destination pod (the container port, not the Service port). */
  readonly port: number;
}

/** Every pod of a namespace (e.g. the ingress controller, Prometheus). */
export interface NamespacePeer {
  /** Namespace name. */
  readonly namespace: string;
  /** TCP port on this service's pods they may reach. */
  readonly port: number;
}

/** A named network destination outside the cluster. */
export interface CidrPeer {
  /** Name, for people reading the policy (an annotation lists them). */
  readonly name: string;
  /** IPv4 CIDR. */
  readonly cidr: string;
  /** TCP port. */
  readonly port: number;
}

/** Props of {@link ServiceNetworkPolicies}. */
export interface ServiceNetworkPoliciesProps {
  /** Name of the ingress policy (stable: from the naming rules, never from construct paths). */
  readonly ingressPolicyName: string;
  /** Name of the egress policy. */
  readonly egressPolicyName: string;
  /** Namespace of the service. */
  readonly namespace: string;
  /** Labels on the policies. */
  readonly labels: Record<string, string>;
  /** Labels selecting the service's pods. */
  readonly podSelector: Record<string, string>;
  /**
   * Namespaces whose every pod may connect (ingress controller, monitoring).
   * @default - none
   */
  readonly ingressFromNamespaces?: readonly NamespacePeer[];
  /**
   * Pods that may connect: the services that declare this one as a dependency.
   * @default - none
   */
  readonly ingressFromPods?: readonly PodPeer[];
  /**
   * Address blocks that may connect, on their port: a load balancer's subnets when it sends
   * requests straight to pod IPs.
   * @default - none
   */
  readonly ingressFromCidrs?: readonly CidrPeer[];
  /**
   * Pods this service may connect to: its declared dependencies.
   * @default - none
   */
  readonly egressToPods?: readonly PodPeer[];
  /**
   * Destinations outside the cluster.
   * @default - none
   */
  readonly egressToCidrs?: readonly CidrPeer[];
  /**
   * The cluster DNS every pod must reach.
   * @default kube-dns in kube-system (labels `k8s-app: kube-dns`), port 53 UDP and TCP
   */
  readonly dns?: { readonly namespace: string; readonly podLabels: Record<string, string> };
}

const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
const inNamespace = (namespace: string): k8s.LabelSelector => ({ matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } });

/**
 * The NetworkPolicies that protect one service, rendered with the service: one for ingress
 * (who may call it) and one for egress (what it may call, plus DNS). The namespace's
 * default-deny policy makes everything else unreachable. One rule per peer, in the caller's
 * order, so that a catalog edge maps to exactly one rule.
 */
export class ServiceNetworkPolicies extends Construct {
  /** The ingress policy. */
  public readonly ingress: k8s.KubeNetworkPolicy;
  /** The egress policy. */
  public readonly egress: k8s.KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: ServiceNetworkPoliciesProps) {
    super(scope, id);
    const podSelector = { matchLabels: props.podSelector };
    const dns = props.dns ?? { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } };

    this.ingress = new k8s.KubeNetworkPolicy(this, 'Ingress', {
      metadata: {
        name: props.ingressPolicyName,
        namespace: props.namespace,
        labels: props.labels,
        // the rules carry no names; this says which source each ipBlock is
        annotations: props.ingressFromCidrs?.length
          ? { 'platform.acme.io/external-sources': props.ingressFromCidrs.map((c) => `${c.name}=${c.cidr}:${c.port}`).join(',') }
          : undefined,
      },
      spec: {
        podSelector,
        policyTypes: ['Ingress'],
        ingress: [
          ...(props.ingressFromNamespaces ?? []).map((p) => ({ from: [{ namespaceSelector: inNamespace(p.namespace) }], ports: [tcp(p.port)] })),
          ...(props.ingressFromPods ?? []).map((p) => ({
            from: [{ namespaceSelector: inNamespace(p.namespace), podSelector: { matchLabels: p.podLabels } }],
            ports: [tcp(p.port)],
          })),
          ...(props.ingressFromCidrs ?? []).map((c) => ({ from: [{ ipBlock: { cidr: c.cidr } }], ports: [tcp(c.port)] })),
        ],
      },
    });

    const cidrs = props.egressToCidrs ?? [];
    this.egress = new k8s.KubeNetworkPolicy(this, 'Egress', {
      metadata: {
        name: props.egressPolicyName,
        namespace: props.namespace,
        labels: props.labels,
        // the rules carry no names; this says which external endpoint each ipBlock is
        annotations: cidrs.length > 0
          ? { 'platform.acme.io/external-endpoints': cidrs.map((c) => `${c.name}=${c.cidr}:${c.port}`).join(',') }
          : undefined,
      },
      spec: {
        podSelector,
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: inNamespace(dns.namespace), podSelector: { matchLabels: dns.podLabels } }],
            ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcp(53)],
          },
          ...(props.egressToPods ?? []).map((p) => ({
            to: [{ namespaceSelector: inNamespace(p.namespace), podSelector: { matchLabels: p.podLabels } }],
            ports: [tcp(p.port)],
          })),
          ...cidrs.map((c) => ({ to: [{ ipBlock: { cidr: c.cidr } }], ports: [tcp(c.port)] })),
        ],
      },
    });
  }
}
