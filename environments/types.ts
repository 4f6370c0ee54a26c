/**
 * The typed shape of every environment. Values live in `dev.ts`, `staging.ts`, `prod.ts`,
 * `catalog.ts` and `versions/<env>.json`; `load.ts` validates them and returns frozen
 * `Environment` objects that charts and stacks translate into construct props.
 */

/** The environments, in promotion order. */
export const ENVIRONMENT_NAMES = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/**
 * Kubernetes minor versions this repository renders for. The manifests use only APIs that are
 * stable (GA, not deprecated) across this whole range: apps/v1, autoscaling/v2, policy/v1,
 * networking.k8s.io/v1, rbac.authorization.k8s.io/v1, batch/v1.
 */
export const KUBERNETES_VERSIONS = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'] as const;
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

/** Where an environment lives in AWS. */
export interface AwsConfig {
  /** The 12-digit AWS account id the environment is deployed into. */
  readonly accountId: string;
  /** AWS region, e.g. `us-west-2`. */
  readonly region: string;
  /**
   * Availability zones used for subnets and node groups, listed explicitly so that nothing is
   * looked up at plan time. At least two, all inside `region`.
   */
  readonly availabilityZones: readonly string[];
}

/** The environment's VPC. */
export interface NetworkConfig {
  /** IPv4 CIDR of the VPC, prefix /16 to /20; it must not overlap another environment's. */
  readonly vpcCidr: string;
}

/** The environment's EKS cluster. */
export interface ClusterConfig {
  /** EKS cluster name (also used in IAM and tag names). */
  readonly name: string;
  /** Kubernetes minor version, e.g. `1.33`. */
  readonly kubernetesVersion: KubernetesVersion;
}

/** DNS for the environment's public endpoints. */
export interface DnsConfig {
  /** The domain every public host of the environment lives in, e.g. `dev.shop.example.com`. */
  readonly domain: string;
}

/** The Terraform Cloud workspace that runs this environment's stack. */
export interface TerraformCloudConfig {
  /** Terraform Cloud organization. */
  readonly organization: string;
  /** Workspace name; `terraformWorkspaceName(<stack>)` from the naming rules. */
  readonly workspace: string;
}

/** CPU and memory, in Kubernetes quantity notation (`250m`, `256Mi`). */
export interface ResourceQuantities {
  /** CPU, e.g. `250m` or `1`. */
  readonly cpu: string;
  /** Memory, e.g. `256Mi` or `1Gi`. */
  readonly memory: string;
}

/** Requests and limits of a container. */
export interface ResourceRequirements {
  /** What the scheduler reserves. */
  readonly requests: ResourceQuantities;
  /** The hard ceiling; must be at least the requests. */
  readonly limits: ResourceQuantities;
}

/** One IAM policy statement a service needs, granted through IRSA. */
export interface AwsPolicyStatement {
  /** IAM actions, e.g. `s3:GetObject`. Never `*`. */
  readonly actions: readonly string[];
  /** Resource ARNs the actions apply to; `{account}`, `{region}` and `{env}` are substituted per environment. */
  readonly resources: readonly string[];
}

/** What a service is, independent of environment: an entry of `catalog.ts`. */
export interface ServiceDefinition {
  /** Service name: a DNS-1123 label, unique in the catalog. Also the ECR repository suffix. */
  readonly name: string;
  /** Namespace the service runs in (several services may share one). */
  readonly namespace: string;
  /** One line saying what the service does. */
  readonly description: string;
  /** The container's HTTP port (named `http`). */
  readonly port: number;
  /**
   * AWS permissions the service needs. When set, the Terraform side creates an IRSA role
   * (`irsaRoleName`) trusted only by the service's ServiceAccount, and the ServiceAccount carries
   * the `eks.amazonaws.com/role-arn` annotation (`irsaRoleArn`).
   * @default - no AWS access, no IRSA role
   */
  readonly awsPermissions?: readonly AwsPolicyStatement[];
}

/** How a service runs in one environment: an entry of `<env>.ts` `services`. */
export interface ServiceSettings {
  /** Pod replicas. */
  readonly replicas: number;
  /** Container requests and limits. */
  readonly resources: ResourceRequirements;
}

/** A container image reference, pinned by tag. */
export interface ImageReference {
  /** Repository URI in the shared registry, without tag. */
  readonly repository: string;
  /** The tag this environment runs, from `versions/<env>.json`. */
  readonly tag: string;
}

/** A service as one environment runs it: catalog entry + environment settings + image. */
export interface Service extends ServiceDefinition, ServiceSettings {
  /** The pinned image this environment runs. */
  readonly image: ImageReference;
}

/** Per-environment values as written in `environments/<env>.ts`. */
export interface EnvironmentConfig {
  /** Environment name: the Terraform stack name and the `dist/k8s/<env>` folder. */
  readonly name: EnvironmentName;
  /** Account, region and availability zones. */
  readonly aws: AwsConfig;
  /** The VPC. */
  readonly network: NetworkConfig;
  /** The EKS cluster. */
  readonly cluster: ClusterConfig;
  /** Public DNS. */
  readonly dns: DnsConfig;
  /** The Terraform Cloud workspace of the environment's stack. */
  readonly terraformCloud: TerraformCloudConfig;
  /** Settings for every service of the catalog, keyed by service name. */
  readonly services: Readonly<Record<string, ServiceSettings>>;
}

/** A validated, frozen environment: what charts and stacks consume. */
export interface Environment extends Omit<EnvironmentConfig, 'services'> {
  /** The catalog's services as this environment runs them, in catalog order. */
  readonly services: readonly Service[];
}

/** Values shared by every environment: `environments/shared.ts`. */
export interface SharedConfig {
  /** Project name: prefix of workspaces, registry repositories and tags. */
  readonly project: string;
  /** The shared registry (ECR) every environment pulls from. */
  readonly registry: {
    /** AWS account id that owns the ECR repositories. */
    readonly accountId: string;
    /** Region of the registry. */
    readonly region: string;
  };
  /** Terraform Cloud organization and the workspace of the `shared` stack. */
  readonly terraformCloud: TerraformCloudConfig;
}
