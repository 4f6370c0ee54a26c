/**
 * A small NetworkPolicy evaluator with the semantics of the Kubernetes API (networking.k8s.io/v1),
 * used to prove which connections the rendered policies allow:
 * - a pod is isolated for a direction when at least one policy that selects it has that policy
 *   type; an isolated pod admits a connection only if some rule of such a policy matches;
 * - a connection needs both the source's egress and the destination's ingress to allow it;
 * - a peer without namespaceSelector means the policy's own namespace; with both selectors, both
 *   must match; an empty rule peer list or port list matches everything;
 * - policyTypes defaults to Ingress, plus Egress when the policy has egress rules.
 */
import { contains, parseCidr } from '../../../environments/cidr';

/** One endpoint of a connection: a pod in the cluster or an address outside it. */
export type Endpoint =
  | { readonly kind: 'pod'; readonly name: string; readonly namespace: string; readonly labels: Record<string, string>; readonly ports: Record<string, number> }
  | { readonly kind: 'external'; readonly name: string; readonly ip: string };

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };

/** Does a label selector select these labels? */
export function selects(selector: Selector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((e) => {
    switch (e.operator) {
      case 'In': return e.values!.includes(labels[e.key]);
      case 'NotIn': return !(e.key in labels) || !e.values!.includes(labels[e.key]);
      case 'Exists': return e.key in labels;
      case 'DoesNotExist': return !(e.key in labels);
      default: throw new Error(`unknown selector operator ${e.operator}`);
    }
  });
  return byLabel && byExpression;
}

/** The policies and namespaces of one environment. */
export class NetworkModel {
  private readonly policies: any[];
  private readonly namespaceLabels: Map<string, Record<string, string>>;

  constructor(objects: readonly any[]) {
    this.policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    this.namespaceLabels = new Map(objects.filter((o) => o.kind === 'Namespace').map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
  }

  /** Whether `from` may open a connection to `to` on `port`/`protocol`. */
  allows(from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
    return this.directionAllows('Egress', from, to, port, protocol) && this.directionAllows('Ingress', to, from, port, protocol);
  }

  private nsLabels(namespace: string): Record<string, string> {
    // the API server sets this label on every namespace
    return { ...this.namespaceLabels.get(namespace), 'kubernetes.io/metadata.name': namespace };
  }

  /** `subject` is the pod the policies select; `peer` the other end. */
  private directionAllows(type: 'Ingress' | 'Egress', subject: Endpoint, peer: Endpoint, port: number, protocol: string): boolean {
    if (subject.kind === 'external') return true; // policies do not govern what is outside the cluster
    const types = (p: any): string[] => p.spec.policyTypes ?? (p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
    const isolating = this.policies.filter((p) =>
      p.metadata.namespace === subject.namespace && selects(p.spec.podSelector, subject.labels) && types(p).includes(type));
    if (isolating.length === 0) return true;
    const destination = type === 'Ingress' ? subject : peer;
    return isolating.some((p) => ((type === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some((rule: any) => {
      const peers = type === 'Ingress' ? rule.from : rule.to;
      const peerOk = !peers || peers.length === 0 || peers.some((x: any) => this.peerMatches(x, p.metadata.namespace, peer));
      const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((x: any) => portMatches(x, destination, port, protocol));
      return peerOk && portOk;
    }));
  }

  private peerMatches(peer: any, policyNamespace: string, endpoint: Endpoint): boolean {
    if (peer.ipBlock) {
      if (endpoint.kind !== 'external') return false; // our ipBlocks name addresses outside the cluster
      const ip = parseCidr(`${endpoint.ip}/32`)!;
      return contains(parseCidr(peer.ipBlock.cidr)!, ip) && !(peer.ipBlock.except ?? []).some((c: string) => contains(parseCidr(c)!, ip));
    }
    if (endpoint.kind === 'external') return false;
    const namespaceOk = peer.namespaceSelector
      ? selects(peer.namespaceSelector, this.nsLabels(endpoint.namespace))
      : endpoint.namespace === policyNamespace;
    return namespaceOk && selects(peer.podSelector, endpoint.labels);
  }
}

function portMatches(rule: any, destination: Endpoint, port: number, protocol: string): boolean {
  if ((rule.protocol ?? 'TCP') !== protocol) return false;
  if (rule.port === undefined) return true;
  // a named port resolves against the destination pod's container ports
  const number = typeof rule.port === 'string' ? (destination.kind === 'pod' ? destination.ports[rule.port] : undefined) : rule.port;
  if (number === undefined) return false;
  return rule.endPort === undefined ? number === port : port >= number && port <= rule.endPort;
}

/** The pods of the rendered workloads: one representative pod per pod template. */
export function workloadPods(objects: readonly any[]): Endpoint[] {
  return objects.filter((o) => o.spec?.template?.spec?.containers).map((o) => ({
    kind: 'pod' as const,
    name: o.metadata.name,
    namespace: o.metadata.namespace,
    labels: o.spec.template.metadata.labels,
    ports: Object.fromEntries(o.spec.template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => [p.name, p.containerPort]))),
  }));
}

/** An address inside a subnet: the tenth host, where an ENI could sit. */
function hostIn(cidr: string): string {
  return cidr.replace(/^(\d+\.\d+\.\d+)\.(\d+)\/\d+$/, (_m, head: string, last: string) => `${head}.${Number(last) + 10}`);
}

/** `${aws_subnet.<name>.id}` references of a Terraform attribute -> the subnets' cidr_block. */
function subnetCidrs(stack: any, references: readonly string[]): string[] {
  return references.map((ref) => {
    const name = /^\$\{aws_subnet\.([^.]+)\.id\}$/.exec(ref)?.[1];
    const cidr = name ? stack.resource.aws_subnet?.[name]?.cidr_block : undefined;
    if (!cidr) throw new Error(`${ref} is not a subnet of the stack`);
    return cidr;
  });
}

/**
 * The destinations outside the cluster that catalog declarations open, read from the
 * environment's Terraform stack (so that both renders must agree): `aws-apis` is an address in
 * every subnet of the interface VPC endpoints, `kube-apiserver` one in every subnet the EKS
 * control plane places its private endpoint in. One endpoint per zone.
 */
export function awsDestinations(stack: any): Record<'aws-apis' | 'kube-apiserver', Endpoint[]> {
  const interfaces = Object.values(stack.resource.aws_vpc_endpoint ?? {}).filter((e: any) => e.vpc_endpoint_type === 'Interface') as any[];
  const endpointCidrs = [...new Set(interfaces.flatMap((e) => subnetCidrs(stack, e.subnet_ids)))].sort();
  const clusters = Object.values(stack.resource.aws_eks_cluster ?? {}) as any[];
  const apiCidrs = [...new Set(clusters.flatMap((c) => subnetCidrs(stack, c.vpc_config.subnet_ids)))].sort();
  const external = (name: string, cidrs: string[]): Endpoint[] => cidrs.map((c) => ({ kind: 'external', name, ip: hostIn(c) }));
  return { 'aws-apis': external('aws-apis', endpointCidrs), 'kube-apiserver': external('kube-apiserver', apiCidrs) };
}
