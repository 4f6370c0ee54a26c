/**
 * The shared naming rules: the only place where names that both renderers use are computed.
 *
 * The Kubernetes side never looks anything up at run time: a ServiceAccount's IRSA annotation is
 * `irsaRoleArn(...)`, the very ARN the Terraform side creates with `irsaRoleName(...)` and
 * `IRSA_ROLE_PATH`. Pure functions of their arguments; nothing reads the clock, the network or AWS.
 */

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
 * Where the cluster's shared HTTP entry and monitoring live. The service NetworkPolicies admit
 * traffic from these namespaces by their `kubernetes.io/metadata.name` label (set by the API
 * server, so it cannot be forged by relabelling a namespace).
 */
export const INGRESS_CONTROLLER = { namespace: 'ingress-nginx', className: 'nginx' } as const;
/** The Prometheus Operator's namespace, whose Prometheus scrapes every service's metrics port. */
export const MONITORING_NAMESPACE = 'monitoring';
/** The cert-manager ClusterIssuer that signs every public service's certificate. */
export const CLUSTER_ISSUER = 'letsencrypt';

/** The TLS Secret cert-manager writes for a public service's Ingress. */
export function tlsSecretName(serviceName: string): string {
  return `${serviceName}-tls`;
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
  'argocd', 'namespaces', 'platform-secrets', 'platform-certificates', 'platform-monitoring', 'platform-policies',
] as const;
