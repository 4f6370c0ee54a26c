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
} as const satisfies Record<string, AddonServiceAccount>;
