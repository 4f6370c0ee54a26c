/**
 * The shared naming rules: the only place where names that both renderers use are computed.
 *
 * The Kubernetes side never looks anything up at run time: a ServiceAccount's IRSA annotation is
 * `irsaRoleArn(...)`, the very ARN the Terraform side creates with `irsaRoleName(...)` and
 * `IRSA_ROLE_PATH`. Pure functions of their arguments; nothing reads the clock, the network or AWS.
 */
import { subnet } from './cidr';

/** Project name: prefix of Terraform Cloud workspaces and ECR repositories. */
export const PROJECT = 'platform';

/** Label keys that select a workload's pods. They never change once a workload exists. */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_ENVIRONMENT = 'platform.acme.io/environment';

/** IAM path of every IRSA role, so that IAM policies can address them as a group. */
export const IRSA_ROLE_PATH = '/irsa/';

/** The Terraform Cloud workspace of a stack (`dev`, `staging`, `prod`, `shared`). */
export function terraformWorkspaceName(stack: string): string {
  return `${PROJECT}-${stack}`;
}

/** The application namespaces of an environment: each service's namespace, once, sorted. */
export function applicationNamespaces(services: readonly { readonly namespace: string }[]): string[] {
  return [...new Set(services.map(serviceNamespace))].sort();
}

/** Namespace of a service: the namespace its catalog entry declares. */
export function serviceNamespace(service: { readonly namespace: string }): string {
  return service.namespace;
}

/**
 * Labels that select a service's pods. Stable by construction: they depend only on the service
 * name, never on construct paths, so a renamed construct id cannot change an immutable selector.
 */
export function selectorLabels(serviceName: string): Record<string, string> {
  return { [LABEL_NAME]: serviceName, [LABEL_INSTANCE]: serviceName };
}

/** Every label a service's objects carry: the selector labels plus ownership and environment. */
export function serviceLabels(environment: string, serviceName: string): Record<string, string> {
  return {
    ...selectorLabels(serviceName),
    [LABEL_PART_OF]: PROJECT,
    [LABEL_MANAGED_BY]: 'cdk8s',
    [LABEL_ENVIRONMENT]: environment,
  };
}

/** Labels for platform-owned objects (namespaces, policies) that belong to no single service. */
export function platformLabels(environment: string, component: string): Record<string, string> {
  return {
    [LABEL_PART_OF]: PROJECT,
    [LABEL_MANAGED_BY]: 'cdk8s',
    [LABEL_COMPONENT]: component,
    [LABEL_ENVIRONMENT]: environment,
  };
}

/** The ServiceAccount a service's pods run as. */
export function serviceAccountName(serviceName: string): string {
  return serviceName;
}

/**
 * IAM role name for IRSA, trusted by exactly one ServiceAccount. IAM role names are at most 64
 * characters; `validate` refuses configs that would exceed it.
 */
export function irsaRoleName(environment: string, namespace: string, serviceAccount: string): string {
  return `${environment}-${namespace}-${serviceAccount}`;
}

/** The ARN of the IRSA role, as the ServiceAccount annotation `eks.amazonaws.com/role-arn` needs it. */
export function irsaRoleArn(accountId: string, environment: string, namespace: string, serviceAccount: string): string {
  return `arn:aws:iam::${accountId}:role${IRSA_ROLE_PATH}${irsaRoleName(environment, namespace, serviceAccount)}`;
}

/** The OIDC `sub` claim of a ServiceAccount, which an IRSA trust policy must match exactly. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/** ECR repository name of a service in the shared registry. */
export function ecrRepositoryName(serviceName: string): string {
  return `${PROJECT}/${serviceName}`;
}

/** ECR repository URI (without tag) of a service. */
export function ecrRepositoryUri(registry: { accountId: string; region: string }, serviceName: string): string {
  return `${registry.accountId}.dkr.ecr.${registry.region}.amazonaws.com/${ecrRepositoryName(serviceName)}`;
}

/** A platform add-on's ServiceAccount that gets an IRSA role. */
export interface AddonServiceAccount {
  /** Namespace the add-on runs in. */
  readonly namespace: string;
  /** Its ServiceAccount name. */
  readonly serviceAccount: string;
}

/**
 * The platform add-ons that call AWS, and the ServiceAccounts their IRSA roles trust. The
 * Terraform side creates one role per entry; the platform charts annotate these ServiceAccounts.
 */
export const PLATFORM_ADDONS = {
  externalSecrets: { namespace: 'external-secrets', serviceAccount: 'external-secrets' },
  velero: { namespace: 'velero', serviceAccount: 'velero' },
  ebsCsiDriver: { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' },
  loadBalancerController: { namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller' },
  externalDns: { namespace: 'external-dns', serviceAccount: 'external-dns' },
  clusterAutoscaler: { namespace: 'kube-system', serviceAccount: 'cluster-autoscaler' },
  tempo: { namespace: 'observability', serviceAccount: 'tempo' },
  loki: { namespace: 'observability', serviceAccount: 'loki' },
} as const satisfies Record<string, AddonServiceAccount>;

/** What a telemetry bucket of an environment holds. */
export type TelemetrySignal = 'traces' | 'logs';

/** S3 bucket of an environment's traces (Tempo) or logs (Loki); the account id makes it unique. */
export function telemetryBucketName(environment: string, accountId: string, signal: TelemetrySignal): string {
  return `${PROJECT}-${environment}-${signal}-${accountId}`;
}

/**
 * S3 bucket holding Velero's backups of an environment. The account id makes the name globally
 * unique and predictable, so the Velero chart names the bucket without a lookup.
 */
export function backupBucketName(environment: string, accountId: string): string {
  return `${PROJECT}-${environment}-velero-${accountId}`;
}

/**
 * Name prefix of the Secrets Manager secrets of an environment (`<env>/<service>/...`): the only
 * secrets External Secrets may read there.
 */
export function secretNamePrefix(environment: string): string {
  return `${environment}/`;
}

/** ARN of a service's ECR repository in the shared registry. */
export function ecrRepositoryArn(registry: { accountId: string; region: string }, serviceName: string): string {
  return `arn:aws:ecr:${registry.region}:${registry.accountId}:repository/${ecrRepositoryName(serviceName)}`;
}

/**
 * The edge: the AWS Load Balancer Controller's ingress class. Its ALB sends requests straight to
 * pod IPs from ENIs in the public subnets, so the service NetworkPolicies admit those subnets.
 */
export const ALB_INGRESS_CLASS = 'alb';
/** The Prometheus Operator's namespace, whose Prometheus scrapes every service's metrics port. */
export const MONITORING_NAMESPACE = 'monitoring';
/** Name of the load balancer's peer in NetworkPolicies and the pair evaluator. */
export const LOAD_BALANCER_PEER = 'alb';

/** Namespace label telling the AWS Load Balancer Controller to gate its pods' readiness on their ALB targets. */
export const ALB_READINESS_GATE_LABEL = 'elbv2.k8s.aws/pod-readiness-gate-inject';
/** Namespace label of the namespaces whose Ingresses may use the ALB class: those holding a public service. */
export const PUBLIC_INGRESS_NAMESPACE_LABEL = 'platform.acme.io/public-ingress';
/** The TLS policy of the ALB's HTTPS listener: TLS 1.3 and 1.2 only. */
export const ALB_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
/** Attributes of every ALB: requests whose header names are not valid HTTP are dropped, not forwarded. */
export const ALB_LOAD_BALANCER_ATTRIBUTES: Readonly<Record<string, string>> = { 'routing.http.drop_invalid_header_fields.enabled': 'true' };

/** The ALB every public Ingress of an environment shares (`group.name`): one load balancer per environment. */
export function albGroupName(environment: string): string {
  return `${PROJECT}-${environment}`;
}

/** The Service Argo Rollouts points at the canary pods of a weighted public release. */
export function canaryServiceName(serviceName: string): string {
  return `${serviceName}-canary`;
}

/** The Service Argo Rollouts points at the stable pods of a weighted public release. */
export function stableServiceName(serviceName: string): string {
  return `${serviceName}-stable`;
}

/** The blue-green preview Service of a service (the active one carries the service name). */
export function previewServiceName(serviceName: string): string {
  return `${serviceName}-preview`;
}

/** Stable NetworkPolicy name of a service: never derived from construct paths or rule order. */
export function networkPolicyName(serviceName: string, direction: 'ingress' | 'egress'): string {
  return `${serviceName}-${direction}`;
}

/** The namespace's default-deny NetworkPolicy. */
export const DEFAULT_DENY_POLICY_NAME = 'default-deny';

/**
 * Folders of `dist/k8s/<env>/` that the platform renders next to the services (and Argo CD
 * applications of the same names); a service may not take one of these names.
 */
export const PLATFORM_APP_NAMES = [
  'argocd', 'namespaces', 'platform-secrets', 'platform-monitoring', 'platform-policies',
] as const;

/** Namespaces of the add-ons that call no AWS API (the others are in {@link PLATFORM_ADDONS}). */
export const ADDON_NAMESPACES = {
  argoRollouts: 'argo-rollouts',
  kyverno: 'kyverno',
} as const;

/**
 * Namespaces no service may use: Kubernetes' own (`default`, `kube-*`), Argo CD's and every
 * platform add-on's. A service there would get the services project's rights over it, PSS
 * restricted and a default-deny policy, and moving the service away would prune the namespace.
 */
export function reservedNamespaces(argocdNamespace: string): string[] {
  return [...new Set([
    'default', argocdNamespace, MONITORING_NAMESPACE,
    ...Object.values(PLATFORM_ADDONS).map((a) => a.namespace), ...Object.values(ADDON_NAMESPACES),
  ])].sort();
}

/** True for a namespace of {@link reservedNamespaces} or any `kube-*` one. */
export function isReservedNamespace(namespace: string, argocdNamespace: string): boolean {
  return namespace.startsWith('kube-') || reservedNamespaces(argocdNamespace).includes(namespace);
}

/** One subnet of the VPC: its zone and block. */
export interface ZoneSubnet {
  /** Availability zone, e.g. `us-west-2a`. */
  readonly availabilityZone: string;
  /** IPv4 CIDR inside the VPC. */
  readonly cidrBlock: string;
}

/** What the subnet plans need of an environment. */
interface SubnetPlanInput {
  readonly network: { readonly vpcCidr: string };
  readonly aws: { readonly availabilityZones: readonly string[] };
}

/**
 * Most zones an environment may list: blocks 0-5 of the VPC's eighths hold the private subnets,
 * block 6 the VPC endpoints, block 7 the public subnets.
 */
export const MAX_AVAILABILITY_ZONES = 6;

/**
 * The private subnets (nodes, pods, the EKS API server's private endpoint): the first eighths of
 * the VPC, one per zone. Here, not in the stack, because the NetworkPolicies name them too.
 */
export function privateSubnetPlan(env: SubnetPlanInput): ZoneSubnet[] {
  return env.aws.availabilityZones.map((az, i) => ({ availabilityZone: az, cidrBlock: subnet(env.network.vpcCidr, 3, i) }));
}

/**
 * The VPC endpoint subnets (interface endpoints to AWS APIs, nothing else): the seventh eighth of
 * the VPC cut into eight, one per zone (a /22 each in a /16). Apart from the private subnets, so
 * that a NetworkPolicy can open the AWS APIs without opening the API server, and the reverse.
 */
export function endpointSubnetPlan(env: SubnetPlanInput): ZoneSubnet[] {
  const block = subnet(env.network.vpcCidr, 3, 6);
  return env.aws.availabilityZones.map((az, i) => ({ availabilityZone: az, cidrBlock: subnet(block, 3, i) }));
}

/**
 * The public subnets (internet-facing load balancers, NAT gateways): the last eighth of the VPC
 * cut into eight, one per zone (a /22 each in a /16).
 */
export function publicSubnetPlan(env: SubnetPlanInput): ZoneSubnet[] {
  const tail = subnet(env.network.vpcCidr, 3, 7);
  return env.aws.availabilityZones.map((az, i) => ({ availabilityZone: az, cidrBlock: subnet(tail, 3, i) }));
}

/** How a VPC reaches an AWS API privately. */
export type VpcEndpointType = 'Interface' | 'Gateway';

/** A VPC endpoint: its service name suffix (`com.amazonaws.<region>.<service>`) and type. */
export interface VpcEndpointService {
  /** Service name suffix, e.g. `sqs`, `ecr.api`. */
  readonly service: string;
  /** `Interface`: ENIs in the endpoint subnets; `Gateway`: a route on the private route tables. */
  readonly type: VpcEndpointType;
}

/**
 * The VPC endpoint of each IAM action prefix a service may name in `awsPermissions`. A prefix not
 * listed has no private path, and with NetworkPolicies enforced the service could not reach it.
 */
export const VPC_ENDPOINT_SERVICES: Readonly<Record<string, VpcEndpointService>> = {
  sts: { service: 'sts', type: 'Interface' },
  sqs: { service: 'sqs', type: 'Interface' },
  sns: { service: 'sns', type: 'Interface' },
  kms: { service: 'kms', type: 'Interface' },
  secretsmanager: { service: 'secretsmanager', type: 'Interface' },
  ssm: { service: 'ssm', type: 'Interface' },
  logs: { service: 'logs', type: 'Interface' },
  events: { service: 'events', type: 'Interface' },
  kinesis: { service: 'kinesis-streams', type: 'Interface' },
  firehose: { service: 'kinesis-firehose', type: 'Interface' },
  states: { service: 'states', type: 'Interface' },
  lambda: { service: 'lambda', type: 'Interface' },
  cloudwatch: { service: 'monitoring', type: 'Interface' },
  xray: { service: 'xray', type: 'Interface' },
  ecr: { service: 'ecr.api', type: 'Interface' },
  s3: { service: 's3', type: 'Gateway' },
  dynamodb: { service: 'dynamodb', type: 'Gateway' },
};

/**
 * The external dependency a service must declare to reach a gateway endpoint's service: gateway
 * endpoints route to the service's public addresses (its prefix list), which a NetworkPolicy can
 * only open as an ipBlock given per environment in `externalCidrs`.
 */
export function gatewayDependencyName(service: string): string {
  return `aws-${service}`;
}

/**
 * Actions that are permissions only, never an API call the service makes (another service checks
 * them when the service hands it a role), so they need no network path.
 */
export const PERMISSION_ONLY_ACTIONS: readonly string[] = ['iam:PassRole'];

/** The IAM action prefixes (`sqs` of `sqs:ReceiveMessage`) a service's permissions call, sorted. */
export function awsActionPrefixes(service: { readonly awsPermissions?: readonly { readonly actions: readonly string[] }[] }): string[] {
  return [...new Set((service.awsPermissions ?? []).flatMap((st) => st.actions)
    .filter((a) => !PERMISSION_ONLY_ACTIONS.includes(a)).map((a) => a.split(':')[0]))].sort();
}

/**
 * The VPC endpoints an environment creates: STS always (every IRSA role is assumed through it),
 * S3 always (nodes pull image layers from it), and those the services' actions name. Sorted by
 * service name; prefixes without an endpoint are refused at load time.
 */
export function vpcEndpointsFor(
  services: readonly { readonly awsPermissions?: readonly { readonly actions: readonly string[] }[] }[],
): VpcEndpointService[] {
  const names = new Set(['sts', 's3', ...services.flatMap(awsActionPrefixes)]);
  return [...names].flatMap((n) => (VPC_ENDPOINT_SERVICES[n] ? [VPC_ENDPOINT_SERVICES[n]] : []))
    .sort((a, b) => a.service.localeCompare(b.service));
}

/**
 * The Service IP range of every cluster, pinned: pods call the API server at the `kubernetes`
 * Service's address (the range's first host), which kube-proxy translates to the private
 * endpoint only after the network policy agent has judged the packet, so the egress rule names
 * both. Outside every VPC and external CIDR (validated), inside no RFC 1918 range we use.
 */
export const SERVICE_IPV4_CIDR = '10.100.0.0/16';
/** The `kubernetes` Service's ClusterIP: the first host of {@link SERVICE_IPV4_CIDR}. */
export const KUBERNETES_SERVICE_IP = '10.100.0.1';

/** Port of every AWS API endpoint and of the EKS API server's private endpoint. */
export const HTTPS_PORT = 443;
/** Names of the destinations outside the cluster that catalog declarations open (egress annotations, the pair evaluator). */
export const AWS_APIS_PEER = 'aws-apis';
export const KUBE_APISERVER_PEER = 'kube-apiserver';
