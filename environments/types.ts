/**
 * The typed shape of every environment, inferred from the schemas of `schema.ts` (the one
 * source of the types and of their validation). Values live in the environment files registered
 * in `index.ts`, `catalog.ts`, `shared.ts` and `versions/<env>.json`; `load.ts` validates them and
 * returns frozen `Environment` objects that charts and stacks translate into construct props.
 */
import type * as v from 'valibot';
import type {
  CatalogSchema, EnvironmentConfigSchema, KUBERNETES_VERSIONS, ServiceDefinitionSchema, ServiceSettingsSchema, SharedSchema, TIERS,
} from './schema';

export { AMI_TYPES, KUBERNETES_VERSIONS, LOG_RETENTION_DAYS, TIERS, type DisruptionBudgetSettings } from './schema';

/** A Kubernetes minor version of {@link KUBERNETES_VERSIONS}. */
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];
/** `production` or `non-production`. */
export type Tier = (typeof TIERS)[number];

/** Values every environment shares: `environments/shared.ts`. */
export type SharedConfig = v.InferOutput<typeof SharedSchema>;
/** What a service is, independent of environment: an entry of `catalog.ts`. */
export type ServiceDefinition = v.InferOutput<typeof ServiceDefinitionSchema>;
/** The catalog. */
export type Catalog = v.InferOutput<typeof CatalogSchema>;
/** How a service runs in one environment: an entry of `<env>.ts` `services`. */
export type ServiceSettings = v.InferOutput<typeof ServiceSettingsSchema>;
/** Per-environment values as written in `environments/<env>.ts`. */
export type EnvironmentConfig = v.InferOutput<typeof EnvironmentConfigSchema>;

/** Where an environment lives in AWS. */
export type AwsConfig = EnvironmentConfig['aws'];
/** The environment's VPC. */
export type NetworkConfig = EnvironmentConfig['network'];
/** How many NAT gateways carry the private subnets' egress. */
export type NatGatewayMode = NonNullable<NetworkConfig['natGateways']>;
/** The environment's EKS cluster. */
export type ClusterConfig = EnvironmentConfig['cluster'];
/** Pinned versions of the EKS managed add-ons. */
export type ClusterAddonVersions = ClusterConfig['addons'];
/** Configuration values of the `vpc-cni` add-on. */
export type VpcCniSettings = NonNullable<ClusterConfig['vpcCni']>;
/** One EKS managed node group. */
export type NodeGroupConfig = ClusterConfig['nodeGroups'][number];
/** EC2 capacity of a node group. */
export type CapacityType = NodeGroupConfig['capacityType'];
/** A Kubernetes taint every node of a group carries. */
export type NodeTaint = NonNullable<NodeGroupConfig['taints']>[number];
/** Velero's backup bucket of the environment. */
export type BackupConfig = EnvironmentConfig['backup'];
/** DNS for the environment's public endpoints. */
export type DnsConfig = EnvironmentConfig['dns'];
/** The Terraform Cloud workspace that runs a stack. */
export type TerraformCloudConfig = EnvironmentConfig['terraformCloud'];
/** Kyverno, Prometheus, Velero, Argo CD and telemetry settings of an environment. */
export type PlatformSettings = EnvironmentConfig['platform'];
/** Requests and limits of a container. */
export type ResourceRequirements = ServiceSettings['resources'];
/** CPU and memory, in Kubernetes quantity notation (`250m`, `256Mi`). */
export type ResourceQuantities = ResourceRequirements['requests'];
/** Horizontal autoscaling bounds. */
export type AutoscalingSettings = NonNullable<ServiceSettings['autoscaling']>;
/** How a new version replaces the old one. */
export type ReleaseStrategy = NonNullable<ServiceSettings['strategy']>;
/** One step of a canary release. */
export type CanaryStep = Extract<ReleaseStrategy, { type: 'canary' }>['steps'][number];
/** One IAM policy statement a service needs, granted through IRSA. */
export type AwsPolicyStatement = NonNullable<ServiceDefinition['awsPermissions']>[number];
/** Who may reach a service from outside the cluster. */
export type ServiceExposure = NonNullable<ServiceDefinition['exposure']>;
/** A network destination outside the cluster that a service calls. */
export type ExternalDependency = NonNullable<ServiceDefinition['externalDependencies']>[number];
/** ConfigMaps and Secrets a service reads through the Kubernetes API (not mounted). */
export type KubernetesApiAccess = NonNullable<ServiceDefinition['kubernetesApi']>;
/** Typed configuration values, rendered into the service's ConfigMap as strings. */
export type ServiceConfigValues = NonNullable<ServiceDefinition['config']>;

/** A container image reference, pinned by tag. */
export interface ImageReference {
  /** Repository URI in the shared registry, without tag. */
  readonly repository: string;
  /** The tag this environment runs, from `versions/<env>.json`. */
  readonly tag: string;
}

/** The service level objectives of a catalog entry. */
export type ServiceLevelObjectives = NonNullable<ServiceDefinition['slo']>;
/** Length of the window an SLO is measured over. */
export type SloWindow = NonNullable<ServiceLevelObjectives['window']>;
/** The metric names an SLO reads. */
export type SloMetrics = NonNullable<ServiceLevelObjectives['metrics']>;
/** An environment's changes to a service's objectives. */
export type SloOverrides = NonNullable<ServiceSettings['sloOverrides']>;

/** Objectives with the environment's overrides and every default applied: what charts read. */
export interface ResolvedSlo {
  /** Availability objective. */
  readonly availability: ServiceLevelObjectives['availability'];
  /** Latency objective, when the service has one. */
  readonly latency?: NonNullable<ServiceLevelObjectives['latency']>;
  /** The window. */
  readonly window: SloWindow;
  /** Metric names, defaults applied. */
  readonly metrics: Required<SloMetrics>;
}

/** A service as one environment runs it: catalog entry + environment settings + image. */
export interface Service extends ServiceDefinition, ServiceSettings {
  /** The pinned image this environment runs. */
  readonly image: ImageReference;
  /** The owning team (validated present). */
  readonly team: string;
  /** The objectives in this environment: the catalog's, the overrides and the defaults applied. */
  readonly slo: ResolvedSlo;
}

/** A validated, frozen environment: what charts and stacks consume. */
export interface Environment extends Omit<EnvironmentConfig, 'services'> {
  /** The catalog's services as this environment runs them, in catalog order. */
  readonly services: readonly Service[];
}
