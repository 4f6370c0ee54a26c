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

/** How many NAT gateways carry the private subnets' egress. */
export type NatGatewayMode = 'single' | 'onePerAz';

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** The environment's VPC. */
export interface NetworkConfig {
  /** IPv4 CIDR of the VPC, prefix /16 to /20; it must not overlap another environment's. */
  readonly vpcCidr: string;
  /**
   * NAT gateways: `single` (one, in the first zone: cheap, one zone's outage cuts egress) or
   * `onePerAz` (each zone's private subnet leaves through its own zone's NAT; required in prod).
   * @default 'single'
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * Days the VPC flow logs (all traffic) are kept; one of {@link LOG_RETENTION_DAYS}.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
}

/** The environment's EKS cluster. */
export interface ClusterConfig {
  /** EKS cluster name (also used in IAM and tag names). */
  readonly name: string;
  /** Kubernetes minor version, e.g. `1.33`. */
  readonly kubernetesVersion: KubernetesVersion;
  /**
   * CIDRs allowed to reach the public API endpoint. Empty: the public endpoint is off and the API
   * is reachable only from inside the VPC (required in prod). Never `0.0.0.0/0`.
   */
  readonly publicAccessCidrs: readonly string[];
  /** Days the control-plane logs (all five types) are kept; one of {@link LOG_RETENTION_DAYS}. */
  readonly logRetentionDays: number;
  /**
   * IAM role ARNs granted cluster-admin through EKS access entries (no aws-auth ConfigMap).
   * Roles must be in the environment's account.
   */
  readonly adminRoleArns: readonly string[];
  /** Versions of the EKS managed add-ons, pinned (e.g. `v1.19.6-eksbuild.1`). */
  readonly addons: ClusterAddonVersions;
  /** Managed node groups; at least one. */
  readonly nodeGroups: readonly NodeGroupConfig[];
}

/** Pinned versions of the EKS managed add-ons (`aws eks describe-addon-versions`). */
export interface ClusterAddonVersions {
  /** `vpc-cni`. */
  readonly vpcCni: string;
  /** `coredns`. */
  readonly coredns: string;
  /** `kube-proxy`. */
  readonly kubeProxy: string;
  /** `aws-ebs-csi-driver`. */
  readonly ebsCsiDriver: string;
}

/** EC2 capacity of a node group. */
export type CapacityType = 'ON_DEMAND' | 'SPOT';

/** A Kubernetes taint every node of a group carries. */
export interface NodeTaint {
  /** Taint key. */
  readonly key: string;
  /** Taint value. */
  readonly value?: string;
  /** Effect, as EKS spells it. */
  readonly effect: 'NO_SCHEDULE' | 'NO_EXECUTE' | 'PREFER_NO_SCHEDULE';
}

/** One EKS managed node group, in the environment's private subnets. */
export interface NodeGroupConfig {
  /** Name, unique in the environment: a DNS-1123 label. */
  readonly name: string;
  /** EC2 instance types, e.g. `['m6i.large']`; several only make sense for SPOT. */
  readonly instanceTypes: readonly string[];
  /** `ON_DEMAND`, or `SPOT` (refused in prod). */
  readonly capacityType: CapacityType;
  /** EKS AMI type, explicit so nothing is looked up, e.g. `AL2023_x86_64_STANDARD`. */
  readonly amiType: string;
  /** Smallest number of nodes. */
  readonly minSize: number;
  /** Largest number of nodes (cluster-autoscaler stays in between). */
  readonly maxSize: number;
  /** Nodes at creation; later owned by cluster-autoscaler (Terraform ignores drift). */
  readonly desiredSize: number;
  /** Root volume size in GiB (gp3, encrypted). */
  readonly diskSizeGiB: number;
  /** Percentage of nodes replaced at once during an update, 1-100. */
  readonly maxUnavailablePercentage: number;
  /**
   * Kubernetes labels on every node.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Taints on every node.
   * @default - none
   */
  readonly taints?: readonly NodeTaint[];
}

/** Velero's backup bucket of the environment. */
export interface BackupConfig {
  /** Days after which a backup object expires (a backstop behind Velero's own TTL). */
  readonly expireAfterDays: number;
  /** Days an overwritten or deleted object version is kept. */
  readonly noncurrentVersionExpireAfterDays: number;
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

/** Who may reach a service from outside the cluster. */
export type ServiceExposure = 'public' | 'internal';

/**
 * A network destination outside the cluster that a service calls (a database, a broker). The
 * catalog names it and its port; each environment gives its CIDR in `externalCidrs`.
 */
export interface ExternalDependency {
  /** Name of the endpoint, a DNS-1123 label, e.g. `orders-db`. Also the key of `externalCidrs`. */
  readonly name: string;
  /** TCP port the service connects to, e.g. `5432`. */
  readonly port: number;
}

/** ConfigMaps and Secrets a service reads through the Kubernetes API (not mounted). */
export interface KubernetesApiAccess {
  /**
   * ConfigMap names in the service's namespace the service may `get`/`watch`.
   * @default - none
   */
  readonly configMaps?: readonly string[];
  /**
   * Secret names in the service's namespace the service may `get`/`watch`.
   * @default - none
   */
  readonly secrets?: readonly string[];
}

/** Typed configuration values, rendered into the service's ConfigMap as strings. */
export type ServiceConfigValues = Readonly<Record<string, string | number | boolean>>;

/** Length of the rolling window an SLO is measured over (and its error budget spent in). */
export type SloWindow = '28d' | '30d';

/** Availability objective: the share of requests that do not fail with a 5xx status. */
export interface AvailabilityObjective {
  /** Percent of requests that must succeed over the window, from 95 to 99.999 (e.g. `99.9`). */
  readonly target: number;
}

/** Latency objective: the share of requests answered within a threshold. */
export interface LatencyObjective {
  /** Percent of requests that must be faster than `thresholdSeconds`, from 95 to 99.999. */
  readonly target: number;
  /**
   * The threshold in seconds; must be a bucket boundary (`le`) of the service's duration
   * histogram, written as the service exposes it (e.g. `0.3`).
   */
  readonly thresholdSeconds: number;
}

/** The Prometheus metrics an SLO is computed from. */
export interface SloMetrics {
  /**
   * Counter of HTTP requests, with the status code as a label.
   * @default 'http_requests_total'
   */
  readonly requests?: string;
  /**
   * Histogram of request durations in seconds (its `_bucket` and `_count` series are read).
   * @default 'http_request_duration_seconds'
   */
  readonly duration?: string;
  /**
   * Label of `requests` that holds the HTTP status code.
   * @default 'status_code'
   */
  readonly statusCodeLabel?: string;
}

/**
 * The service level objectives of a service: they generate its recording rules, burn-rate
 * alerts, dashboard and the analysis that gates its releases.
 */
export interface ServiceLevelObjectives {
  /** Availability: successful over total requests. */
  readonly availability: AvailabilityObjective;
  /**
   * Latency: requests under a threshold over total requests.
   * @default - no latency objective
   */
  readonly latency?: LatencyObjective;
  /**
   * The window the objectives are measured over.
   * @default '28d'
   */
  readonly window?: SloWindow;
  /**
   * Metric names the service exposes.
   * @default - the HTTP semantic-convention names, see {@link SloMetrics}
   */
  readonly metrics?: SloMetrics;
}

/** What one environment changes of a service's objectives (field by field). */
export interface SloOverrides {
  /**
   * Replaces the catalog's availability objective.
   * @default - the catalog's
   */
  readonly availability?: AvailabilityObjective;
  /**
   * Replaces the catalog's latency objective.
   * @default - the catalog's
   */
  readonly latency?: LatencyObjective;
  /**
   * Replaces the catalog's window.
   * @default - the catalog's
   */
  readonly window?: SloWindow;
}

/** Objectives with the environment's overrides and every default applied: what charts read. */
export interface ResolvedSlo {
  /** Availability objective. */
  readonly availability: AvailabilityObjective;
  /** Latency objective, when the service has one. */
  readonly latency?: LatencyObjective;
  /** The window. */
  readonly window: SloWindow;
  /** Metric names, defaults applied. */
  readonly metrics: Required<SloMetrics>;
}

/** What a service is, independent of environment: an entry of `catalog.ts`. */
export interface ServiceDefinition {
  /** Service name: a DNS-1123 label, unique in the catalog. Also the ECR repository suffix. */
  readonly name: string;
  /** Namespace the service runs in (several services may share one). */
  readonly namespace: string;
  /** One line saying what the service does. */
  readonly description: string;
  /**
   * The team that owns the service and answers its alerts (a DNS-1123 label); Alertmanager routes
   * by it.
   */
  readonly team: string;
  /** The service level objectives; every service has them. */
  readonly slo: ServiceLevelObjectives;
  /** The container's HTTP port (named `http`). */
  readonly port: number;
  /**
   * The container's Prometheus metrics port (named `metrics`); must differ from `port`.
   * @default 9090
   */
  readonly metricsPort?: number;
  /**
   * `public` services get an Ingress (host per environment in `ServiceSettings.host`) and accept
   * traffic from the ingress controller; `internal` ones are reachable only from their dependents.
   * @default 'internal'
   */
  readonly exposure?: ServiceExposure;
  /**
   * Catalog services this one calls over HTTP. Each edge opens exactly one path in the
   * NetworkPolicies: egress from this service, ingress into the dependency.
   * @default - calls no other service
   */
  readonly dependencies?: readonly string[];
  /**
   * Endpoints outside the cluster this service calls; each environment gives their CIDRs.
   * @default - none
   */
  readonly externalDependencies?: readonly ExternalDependency[];
  /**
   * ConfigMaps/Secrets the service reads through the API. When set, its ServiceAccount token is
   * mounted and a Role grants `get`/`watch` on exactly these names; otherwise no token is mounted.
   * @default - no Kubernetes API access
   */
  readonly kubernetesApi?: KubernetesApiAccess;
  /**
   * Seconds the service may take to start before liveness checks begin (a startup probe on
   * `/health`). Leave unset for services that are ready within a few seconds.
   * @default - no startup probe
   */
  readonly startupSeconds?: number;
  /**
   * Seconds between SIGTERM and SIGKILL, long enough to finish in-flight requests.
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Writable cache directory (an emptyDir, since the root filesystem is read-only).
   * @default '/var/cache/app'
   */
  readonly cachePath?: string;
  /**
   * Configuration shared by every environment; `ServiceSettings.config` overrides single keys.
   * @default - no values
   */
  readonly config?: ServiceConfigValues;
  /**
   * AWS permissions the service needs. When set, the Terraform side creates an IRSA role
   * (`irsaRoleName`) trusted only by the service's ServiceAccount, and the ServiceAccount carries
   * the `eks.amazonaws.com/role-arn` annotation (`irsaRoleArn`).
   * @default - no AWS access, no IRSA role
   */
  readonly awsPermissions?: readonly AwsPolicyStatement[];
}

/** Horizontal autoscaling bounds (an autoscaling/v2 HorizontalPodAutoscaler). */
export interface AutoscalingSettings {
  /** Fewest replicas; also what the PodDisruptionBudget is checked against. */
  readonly minReplicas: number;
  /** Most replicas; at least `minReplicas`. */
  readonly maxReplicas: number;
  /**
   * Average CPU utilisation (percent of the request) the autoscaler aims for.
   * @default 70
   */
  readonly targetCpuPercent?: number;
}

/**
 * How many pods a voluntary disruption (a node drain) may take at once. Exactly one field; the
 * budget must always allow at least one eviction, or it would block drains.
 */
export type DisruptionBudgetSettings =
  | { /** Pods that may be unavailable at once; at least 1. */ readonly maxUnavailable: number }
  | { /** Pods that must stay available; below the fewest replicas. */ readonly minAvailable: number };

/** One step of a canary release: shift a share of the pods, then wait. */
export interface CanaryStep {
  /** Percent of pods running the new version after this step (1-100). */
  readonly weight: number;
  /**
   * Seconds to wait before the next step.
   * @default - wait for a manual promotion
   */
  readonly pauseSeconds?: number;
}

/** How a new version replaces the old one. */
export type ReleaseStrategy =
  | {
    /** A Deployment with a rolling update. */
    readonly type: 'rolling';
  }
  | {
    /** An Argo Rollout that shifts pods to the new version in steps. */
    readonly type: 'canary';
    /** The steps, with strictly increasing weights. */
    readonly steps: readonly CanaryStep[];
  }
  | {
    /** An Argo Rollout that starts the new version next to the old and switches the Service. */
    readonly type: 'blueGreen';
    /** Switch traffic without a manual promotion once the preview is ready. */
    readonly autoPromote: boolean;
  };

/** How a service runs in one environment: an entry of `<env>.ts` `services`. */
export interface ServiceSettings {
  /** Pod replicas; ignored (and not rendered) when `autoscaling` is set, since the HPA owns them. */
  readonly replicas: number;
  /** Container requests and limits. */
  readonly resources: ResourceRequirements;
  /**
   * Horizontal autoscaling bounds.
   * @default - fixed `replicas`, no HorizontalPodAutoscaler
   */
  readonly autoscaling?: AutoscalingSettings;
  /**
   * The PodDisruptionBudget.
   * @default { maxUnavailable: 1 }
   */
  readonly disruptionBudget?: DisruptionBudgetSettings;
  /**
   * Release strategy.
   * @default { type: 'rolling' }
   */
  readonly strategy?: ReleaseStrategy;
  /**
   * Spread pods evenly across the environment's availability zones (topologySpreadConstraints).
   * @default false
   */
  readonly spreadAcrossZones?: boolean;
  /**
   * Render a VerticalPodAutoscaler in recommendation mode (`updateMode: "Off"`).
   * @default false
   */
  readonly verticalPodAutoscaler?: boolean;
  /**
   * Public host of the Ingress; required for `public` services, inside `dns.domain`.
   * @default - no Ingress
   */
  readonly host?: string;
  /**
   * CIDR of each of the service's `externalDependencies`, keyed by their name.
   * @default - none (required when the catalog declares external dependencies)
   */
  readonly externalCidrs?: Readonly<Record<string, string>>;
  /**
   * Configuration values of this environment; override the catalog's `config` key by key.
   * @default - the catalog's values
   */
  readonly configOverrides?: ServiceConfigValues;
  /**
   * This environment's changes to the catalog's objectives.
   * @default - the catalog's objectives
   */
  readonly sloOverrides?: SloOverrides;
}

/** A container image reference, pinned by tag. */
export interface ImageReference {
  /** Repository URI in the shared registry, without tag. */
  readonly repository: string;
  /** The tag this environment runs, from `versions/<env>.json`. */
  readonly tag: string;
}

/** A service as one environment runs it: catalog entry + environment settings + image. */
export interface Service extends Omit<ServiceDefinition, 'slo'>, ServiceSettings {
  /** The pinned image this environment runs. */
  readonly image: ImageReference;
  /** The objectives in this environment: the catalog's, the overrides and the defaults applied. */
  readonly slo: ResolvedSlo;
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
  /** Velero's backup bucket. */
  readonly backup: BackupConfig;
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
