/**
 * THE config model: every type of `environments/` is inferred from these valibot schemas, and
 * the same schemas validate the values at load time (before cdk8s or cdktf load). Objects are
 * strict: an unknown key (a typo) stops the render naming the closest known key.
 *
 * Two passes: this schema checks shapes and single-value grammars; `validate*.ts` checks what
 * needs several values (zones inside the region, CIDR overlaps, tier rules, names across
 * services and environments).
 *
 * Adding a field: add it to the right `strict({...})` below with a JSDoc comment (and
 * `@default` for optional ones), built from the leaves of `schema-rules.ts` (`text`, `int`,
 * `oneOf`, `flag`, `list`, `map`), whose messages say problem and fix. Wrap it in
 * `v.optional(...)` unless every environment must set it. Its type follows automatically
 * (`types.ts` re-exports the inferred types). A rule that reads other fields goes into
 * `validate*.ts`; a rule that depends on production reads `tier`.
 */
import * as v from 'valibot';
import { PolicyEnforcement } from './platform';
import { cpuMillis, memoryBytes } from './quantity';
import { flag, int, list, map, oneOf, says, strict, text } from './schema-rules';
import { DNS_LABEL, show } from './validation-rules';

/**
 * Kubernetes minor versions this repository renders for. The manifests use only APIs that are
 * stable (GA, not deprecated) across this whole range: apps/v1, autoscaling/v2, policy/v1,
 * networking.k8s.io/v1, rbac.authorization.k8s.io/v1, batch/v1.
 */
export const KUBERNETES_VERSIONS = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'] as const;

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** How strict an environment is: every production-only rule reads this, never the name. */
export const TIERS = ['production', 'non-production'] as const;

/** EKS AMI types a node group may use. */
export const AMI_TYPES = [
  'AL2023_x86_64_STANDARD', 'AL2023_ARM_64_STANDARD', 'AL2023_x86_64_NVIDIA', 'AL2023_x86_64_NEURON',
  'BOTTLEROCKET_x86_64', 'BOTTLEROCKET_ARM_64', 'AL2_x86_64', 'AL2_ARM_64',
] as const;

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const TFC_NAME = /^[A-Za-z0-9_-]{1,90}$/;
const CLUSTER_NAME = /^[A-Za-z][A-Za-z0-9-]{0,99}$/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;
const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
/** DNS-1035 label: what a Kubernetes Service name must be (starts with a letter). */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Keys of the ConfigMap become environment variables (envFrom), so they follow that grammar. */
const CONFIG_KEY = /^[A-Z_][A-Z0-9_]*$/;
/** A DNS-1123 subdomain: ConfigMap and Secret names. */
const OBJECT_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** Strings that reach Terraform or Kubernetes as written: no template syntax, no quotes, no control characters. */
const PLAIN = /^[^\p{Cc}"\\$%{}]*$/u;

const cpu = v.pipe(
  v.string(says((i) => `${show(i)} is not a CPU quantity`, 'write CPU as millicores ("250m") or cores ("1")')),
  v.check((q) => cpuMillis(q) !== undefined, says((i) => `${show(i)} is not a CPU quantity`, 'write CPU as millicores ("250m") or cores ("1")')),
);
const memory = v.pipe(
  v.string(says((i) => `${show(i)} is not a memory quantity`, 'write memory with a binary unit such as "256Mi" or "1Gi"')),
  v.check((q) => memoryBytes(q) !== undefined, says((i) => `${show(i)} is not a memory quantity`, 'write memory with a binary unit such as "256Mi" or "1Gi"')),
);
const retention = oneOf(LOG_RETENTION_DAYS, 'is not a CloudWatch Logs retention', `use one of ${LOG_RETENTION_DAYS.join(', ')} days`);
const plain = (fix: string) => text(PLAIN, fix, (i) => `${show(i)} contains a quote, a backslash, "$", "%", a brace or a control character`);

/** Typed configuration values, rendered into the service's ConfigMap as strings. */
const configValues = map(
  v.pipe(v.string(), v.regex(CONFIG_KEY, says((k) => `"${String(k)}" is not an environment variable name`, 'use upper-case letters, digits and "_", e.g. "LOG_LEVEL"'))),
  v.union([v.string(), v.number(), v.boolean()], says((i) => `${show(i)} is not a string, number or boolean`, 'write the value as a string, number or boolean')),
);

// --- shared ---------------------------------------------------------------------------------

const terraformCloud = strict({
  /** Terraform Cloud organization. */
  organization: text(TFC_NAME, 'use the Terraform Cloud organization name (letters, digits, "_" and "-")'),
  /** Workspace name; `terraformWorkspaceName(<stack>)` from the naming rules. */
  workspace: text(TFC_NAME, 'use terraformWorkspaceName(<stack>) from environments/naming.ts'),
}, 'the Terraform Cloud settings');

/** Values shared by every environment: `environments/shared.ts`. */
export const SharedSchema = strict({
  /** Project name: prefix of workspaces, registry repositories and tags. */
  project: text(DNS_LABEL, 'use a DNS-1123 label such as "platform"'),
  /** The shared registry (ECR) every environment pulls from. */
  registry: strict({
    /** AWS account id that owns the ECR repositories. */
    accountId: text(ACCOUNT_ID, 'use the 12-digit AWS account id of the registry account'),
    /** Region of the registry. */
    region: text(REGION, 'use an AWS region name such as "us-west-2"'),
  }, 'the registry'),
  /** Terraform Cloud organization and the workspace of the `shared` stack. */
  terraformCloud,
}, 'the shared config');

// --- catalog ----------------------------------------------------------------------------------

/** One IAM policy statement a service needs, granted through IRSA. */
const AwsPolicyStatementSchema = strict({
  /** IAM actions, `service:Action`, e.g. `s3:GetObject` (wildcards inside the action name allowed). Never `*`. */
  actions: list(v.string(says((i) => `${show(i)} is not an IAM action`, 'name actions such as "s3:GetObject"')), 'list IAM actions such as ["s3:GetObject"]'),
  /** Resource ARNs the actions apply to; `{account}`, `{region}` and `{env}` are substituted per environment. Never `*`. */
  resources: list(v.string(says((i) => `${show(i)} is not a resource ARN`, 'name resource ARNs')), 'list resource ARNs'),
  /**
   * Why the statement needs a sensitive action (`*`, `iam:*`, `iam:PassRole`, `sts:AssumeRole`):
   * required for those; rendered as the role tag `justification/<Sid>`, so reviewers see it in the diff.
   * @default - none (sensitive actions are refused)
   */
  justification: v.optional(text(/^[A-Za-z0-9 _.:/=+@-]{10,200}$/, 'write one sentence (10-200 letters, digits, spaces and _.:/=+@-, an IAM tag value) saying why')),
}, 'an IAM statement');

/** What a service is, independent of environment: an entry of `catalog.ts`. */

/** Objectives are percentages from 95 (below, the fastest burn-rate alert could never fire) to 99.999. */
const sloTarget = v.pipe(
  v.number(says((i) => `${show(i)} is not an objective in percent from 95 to 99.999`, 'write the percentage of good requests, e.g. 99.9')),
  v.check((n) => Number.isFinite(n) && n >= 95 && n <= 99.999,
    says((i) => `${show(i)} is not an objective in percent from 95 to 99.999`, 'write the percentage of good requests, e.g. 99.9')),
);
/** Windows an SLO may be measured over. */
export const SLO_WINDOWS = ['28d', '30d'] as const;
const sloWindow = oneOf(SLO_WINDOWS, 'is not an SLO window', 'use "28d" or "30d"');
const AvailabilitySchema = strict({
  /** Percent of requests that must not fail with a 5xx status over the window, 95 to 99.999 (e.g. `99.9`). */
  target: sloTarget,
}, 'an availability objective');
const LatencySchema = strict({
  /** Percent of requests that must be faster than `thresholdSeconds`, 95 to 99.999. */
  target: sloTarget,
  /**
   * The threshold in seconds: a bucket boundary (`le`) of the service's duration histogram,
   * written as the service exposes it (e.g. `0.5`).
   */
  thresholdSeconds: v.pipe(
    v.number(says((i) => `${show(i)} is not a threshold in seconds`, 'use a bucket boundary of the duration histogram, e.g. 0.5')),
    v.check((n) => Number.isFinite(n) && n > 0 && n <= 60,
      says((i) => `${show(i)} is not a threshold from 0 to 60 seconds`, 'use a bucket boundary of the duration histogram, e.g. 0.5')),
  ),
}, 'a latency objective');
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const PROM_LABEL = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/** The service level objectives of a service: its rules, alerts, dashboard and release gate follow from them. */
const SloSchema = strict({
  /** Availability: requests not failing with 5xx over all requests. */
  availability: AvailabilitySchema,
  /**
   * Latency: requests under a threshold over all requests.
   * @default - no latency objective
   */
  latency: v.optional(LatencySchema),
  /**
   * The window the objectives are measured over (`28d` or `30d`).
   * @default '28d'
   */
  window: v.optional(sloWindow),
  /**
   * Metric names the service exposes.
   * @default - the HTTP semantic-convention names
   */
  metrics: v.optional(strict({
    /**
     * Counter of HTTP requests, with the status code as a label.
     * @default 'http_requests_total'
     */
    requests: v.optional(text(METRIC_NAME, 'use the exact metric name the service exposes, e.g. "http_requests_total"')),
    /**
     * Histogram of request durations in seconds (`_bucket` and `_count` are read).
     * @default 'http_request_duration_seconds'
     */
    duration: v.optional(text(METRIC_NAME, 'use the exact metric name the service exposes, e.g. "http_request_duration_seconds"')),
    /**
     * Label of `requests` holding the HTTP status code.
     * @default 'status_code'
     */
    statusCodeLabel: v.optional(text(PROM_LABEL, 'use the label that holds the status code, e.g. "status_code"')),
  }, 'the SLO metric names')),
}, 'service level objectives');

/** What one environment changes of a service's objectives, field by field. */
const SloOverridesSchema = strict({
  /**
   * Replaces the catalog's availability objective.
   * @default - the catalog's
   */
  availability: v.optional(AvailabilitySchema),
  /**
   * Replaces the catalog's latency objective.
   * @default - the catalog's
   */
  latency: v.optional(LatencySchema),
  /**
   * Replaces the catalog's window.
   * @default - the catalog's
   */
  window: v.optional(sloWindow),
}, 'SLO overrides');

export const ServiceDefinitionSchema = strict({
  /** Service name: a DNS-1035 label (the Kubernetes Service name), unique in the catalog. Also the ECR repository suffix. */
  name: text(DNS_1035_LABEL, 'use a DNS-1035 label: lower-case letters, digits and "-", at most 63 characters, starting with a letter and ending with a letter or digit'),
  /** Namespace the service runs in (several services may share one; never a system or add-on namespace). */
  namespace: text(DNS_LABEL, 'use a DNS-1123 label such as "shop"'),
  /** One line saying what the service does. */
  description: plain('describe the service in plain words'),
  /**
   * The team that owns the service and answers its alerts (a DNS-1123 label); Alertmanager routes
   * by it. Required: `validateCatalog` names a service without one.
   */
  team: v.optional(text(DNS_LABEL, 'set team to the owning team\'s name, a DNS-1123 label such as "storefront"; its alerts are routed by it')),
  /** The service level objectives. Required: `validateCatalog` names a service without them. */
  slo: v.optional(SloSchema),
  /** The container's HTTP port (named `http`). */
  port: int(1024, 65535),
  /**
   * The container's Prometheus metrics port (named `metrics`); must differ from `port`.
   * @default 9090
   */
  metricsPort: v.optional(int(1024, 65535)),
  /**
   * `public` services get an Ingress (host per environment in `ServiceSettings.host`) and accept
   * traffic from the ingress controller; `internal` ones are reachable only from their dependents.
   * @default 'internal'
   */
  exposure: v.optional(oneOf(['public', 'internal'], 'is not an exposure', 'use "public" or "internal"')),
  /**
   * Catalog services this one calls over HTTP. Each edge opens exactly one path in the
   * NetworkPolicies: egress from this service, ingress into the dependency.
   * @default - calls no other service
   */
  dependencies: v.optional(list(v.string(says((i) => `${show(i)} is not a service name`, 'name services of environments/catalog.ts')))),
  /**
   * Endpoints outside the cluster this service calls; each environment gives their CIDRs.
   * @default - none
   */
  externalDependencies: v.optional(list(strict({
    /** Name of the endpoint, a DNS-1123 label, e.g. `orders-db`. Also the key of `externalCidrs`. */
    name: text(DNS_LABEL, 'use a DNS-1123 label such as "orders-db"'),
    /** TCP port the service connects to, e.g. `5432`. */
    port: int(1, 65535),
  }, 'an external dependency'))),
  /**
   * ConfigMaps/Secrets the service reads through the API. When set, its ServiceAccount token is
   * mounted and a Role grants `get`/`watch` on exactly these names; otherwise no token is mounted.
   * @default - no Kubernetes API access
   */
  kubernetesApi: v.optional(strict({
    /**
     * ConfigMap names in the service's namespace the service may `get`/`watch`.
     * @default - none
     */
    configMaps: v.optional(list(text(OBJECT_NAME, 'use the exact name of the object in the service\'s namespace', (i) => `${show(i)} is not a Kubernetes object name`))),
    /**
     * Secret names in the service's namespace the service may `get`/`watch`.
     * @default - none
     */
    secrets: v.optional(list(text(OBJECT_NAME, 'use the exact name of the object in the service\'s namespace', (i) => `${show(i)} is not a Kubernetes object name`))),
  }, 'the Kubernetes API access')),
  /**
   * Seconds the service may take to start before liveness checks begin (a startup probe on
   * `/health`). Leave unset for services that are ready within a few seconds.
   * @default - no startup probe
   */
  startupSeconds: v.optional(int(5, 600)),
  /**
   * Seconds between SIGTERM and SIGKILL, long enough to finish in-flight requests.
   * @default 30
   */
  terminationGracePeriodSeconds: v.optional(int(1, 600)),
  /**
   * Writable cache directory (an emptyDir, since the root filesystem is read-only): a normalised
   * absolute path outside the system folders.
   * @default '/var/cache/app'
   */
  cachePath: v.optional(v.string(says((i) => `${show(i)} is not a usable cache directory`, 'use an absolute path of its own such as "/var/cache/<service>"'))),
  /**
   * Configuration shared by every environment; `ServiceSettings.configOverrides` overrides single keys.
   * @default - no values
   */
  config: v.optional(configValues),
  /**
   * AWS permissions the service needs. When set, the Terraform side creates an IRSA role
   * (`irsaRoleName`) trusted only by the service's ServiceAccount, and the ServiceAccount carries
   * the `eks.amazonaws.com/role-arn` annotation (`irsaRoleArn`).
   * @default - no AWS access, no IRSA role
   */
  awsPermissions: v.optional(list(AwsPolicyStatementSchema)),
}, 'a catalog entry');

/** The service catalog. */
export const CatalogSchema = list(ServiceDefinitionSchema, 'write the catalog as a list of service entries');

// --- one environment --------------------------------------------------------------------------

/** A Kubernetes taint every node of a group carries. */
const NodeTaintSchema = strict({
  /** Taint key (a Kubernetes label key). */
  key: v.string(says((i) => `${show(i)} is not a taint key`, 'use a label key such as "dedicated" or "example.com/pool"')),
  /**
   * Taint value (a Kubernetes label value).
   * @default - none
   */
  value: v.optional(v.string(says((i) => `${show(i)} is not a taint value`, 'use a label value such as "true"'))),
  /** Effect, as EKS spells it. */
  effect: oneOf(['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE'], 'is not a taint effect'),
}, 'a taint');

/** One EKS managed node group, in the environment's private subnets. */
const NodeGroupSchema = strict({
  /** Name, unique in the environment: a DNS-1123 label. */
  name: text(DNS_LABEL, 'give each node group a unique lower-case name', (i) => `${show(i)} is not a unique DNS-1123 label`),
  /** EC2 instance types, e.g. `['m6i.large']`; several only make sense for SPOT. */
  instanceTypes: v.pipe(
    list(text(INSTANCE_TYPE, 'list EC2 instance types such as "m6i.large"', (i) => `${show(i)} is not an instance type`), 'list EC2 instance types such as "m6i.large"'),
    v.minLength(1, says((i) => `${show(i)} is not a list of instance types`, 'list EC2 instance types such as "m6i.large"')),
  ),
  /** `ON_DEMAND`, or `SPOT` (refused in production). */
  capacityType: oneOf(['ON_DEMAND', 'SPOT'], 'is not a capacity type', 'use "ON_DEMAND" or "SPOT"'),
  /** EKS AMI type, explicit so nothing is looked up, e.g. `AL2023_x86_64_STANDARD`. */
  amiType: oneOf(AMI_TYPES, 'is not an EKS AMI type'),
  /** Smallest number of nodes. */
  minSize: int(0, 1000),
  /** Largest number of nodes (cluster-autoscaler stays in between). */
  maxSize: int(1, 1000),
  /** Nodes at creation; later owned by cluster-autoscaler (Terraform ignores drift). */
  desiredSize: int(0, 1000),
  /** Root volume size in GiB (gp3, encrypted). */
  diskSizeGiB: int(20, 16384),
  /** Percentage of nodes replaced at once during an update, 1-100. */
  maxUnavailablePercentage: int(1, 100),
  /**
   * Kubernetes labels on every node (keys and values per Kubernetes' label grammar).
   * @default - none
   */
  labels: v.optional(map(v.string(), v.string(says((i) => `${show(i)} is not a label value`, 'use a label value such as "general"')))),
  /**
   * Taints on every node.
   * @default - none
   */
  taints: v.optional(list(NodeTaintSchema)),
}, 'a node group');

/** Per-environment platform knobs (Kyverno, Prometheus, Velero, Argo CD, telemetry). */
const PlatformSettingsSchema = strict({
  /** What Kyverno does with a violation of the platform policies (`Enforce` in production). */
  policyEnforcement: v.enum(PolicyEnforcement, says((i) => `${show(i)} is not a policy enforcement`, 'use PolicyEnforcement.AUDIT or PolicyEnforcement.ENFORCE')),
  /** Prometheus retention, e.g. `7d`. */
  metricsRetention: text(/^[1-9]\d{0,3}[hdw]$/, 'use a Prometheus duration such as "15d"'),
  /** Velero's daily backup schedule (cron, UTC). */
  backupSchedule: text(/^[0-9*/,-]+( [0-9*/,-]+){4}$/, 'use a five-field cron expression (UTC) such as "0 3 * * *"'),
  /** How long Velero keeps a backup, e.g. `168h0m0s`. */
  backupTtl: text(/^[1-9]\d{0,5}h[0-5]?\dm[0-5]?\ds$/, 'use a Go duration such as "720h0m0s"'),
  /** Argo CD runs highly available: redis-ha and two replicas of the server, repo server and ApplicationSet controller. */
  argocdHighAvailability: flag(),
  /**
   * SSO group that may sync applications in Argo CD; everyone else reads only
   * (letters, digits and `._@:/-`: it is written into Argo CD's RBAC CSV).
   */
  argocdSyncGroup: text(/^[A-Za-z0-9][A-Za-z0-9._@:/-]{0,127}$/, 'use letters, digits and ._@:/- only (no commas, spaces or line breaks)',
    (i) => `${show(i)} is not a group name Argo CD's RBAC CSV can hold`),
  /** Days Tempo's traces and Loki's logs are kept (their buckets' lifecycle and the tools' retention), 1 to 400. */
  telemetryRetentionDays: int(1, 400),
}, 'the platform settings');

const resourceQuantities = strict({
  /** CPU, e.g. `250m` or `1`. */
  cpu,
  /** Memory, e.g. `256Mi` or `1Gi`. */
  memory,
}, 'CPU and memory');

const disruptionBudgetMessage = says((i) => `${show(i)} must set exactly one of maxUnavailable and minAvailable`,
  'write { maxUnavailable: 1 } or { minAvailable: <fewer than the replicas> }');

/**
 * How many pods a voluntary disruption (a node drain) may take at once. Exactly one field; the
 * budget must always allow at least one eviction, or it would block drains.
 */
export type DisruptionBudgetSettings =
  | { /** Pods that may be unavailable at once; at least 1. */ readonly maxUnavailable: number }
  | { /** Pods that must stay available; below the fewest replicas. */ readonly minAvailable: number };

const DisruptionBudgetSchema = v.pipe(
  strict({ maxUnavailable: v.optional(int(0, 100)), minAvailable: v.optional(int(0, 100)) }, 'a disruption budget'),
  v.check((b) => Object.keys(b).length === 1, disruptionBudgetMessage),
) as unknown as v.GenericSchema<DisruptionBudgetSettings, DisruptionBudgetSettings>;

/** How a service runs in one environment: an entry of `<env>.ts` `services`. */
export const ServiceSettingsSchema = strict({
  /** Pod replicas; ignored (and not rendered) when `autoscaling` is set, since the HPA owns them. */
  replicas: int(1, 100),
  /** Container requests and limits. */
  resources: strict({
    /** What the scheduler reserves. */
    requests: resourceQuantities,
    /** The hard ceiling; must be at least the requests. */
    limits: resourceQuantities,
  }, 'requests and limits'),
  /**
   * Horizontal autoscaling bounds.
   * @default - fixed `replicas`, no HorizontalPodAutoscaler
   */
  autoscaling: v.optional(strict({
    /** Fewest replicas; also what the PodDisruptionBudget is checked against. */
    minReplicas: int(1, 100),
    /** Most replicas; at least `minReplicas`. */
    maxReplicas: int(1, 100),
    /**
     * Average CPU utilisation (percent of the request) the autoscaler aims for.
     * @default 70
     */
    targetCpuPercent: v.optional(int(10, 100)),
  }, 'the autoscaling settings')),
  /**
   * The PodDisruptionBudget.
   * @default { maxUnavailable: 1 }
   */
  disruptionBudget: v.optional(DisruptionBudgetSchema),
  /**
   * Release strategy.
   * @default { type: 'rolling' }
   */
  strategy: v.optional(v.variant('type', [
    strict({
      /** A Deployment with a rolling update. */
      type: v.literal('rolling'),
    }, 'a rolling strategy'),
    strict({
      /** An Argo Rollout that shifts pods to the new version in steps. */
      type: v.literal('canary'),
      /** The steps, with strictly increasing weights. */
      steps: list(strict({
        /** Percent of pods running the new version after this step (1-100). */
        weight: int(1, 100),
        /**
         * Seconds to wait before the next step.
         * @default - wait for a manual promotion
         */
        pauseSeconds: v.optional(int(1, 86400)),
      }, 'a canary step'), 'add steps such as [{ weight: 20, pauseSeconds: 300 }, { weight: 50 }]'),
    }, 'a canary strategy'),
    strict({
      /** An Argo Rollout that starts the new version next to the old and switches the Service. */
      type: v.literal('blueGreen'),
      /** Switch traffic without a manual promotion once the preview is ready. */
      autoPromote: flag(),
    }, 'a blue-green strategy'),
  ], says((i) => `${show(i)} is not a release strategy`, 'use "rolling", "canary" or "blueGreen"'))),
  /**
   * Spread pods evenly across the environment's availability zones (topologySpreadConstraints);
   * required in production.
   * @default false
   */
  spreadAcrossZones: v.optional(flag()),
  /**
   * Render a VerticalPodAutoscaler in recommendation mode (`updateMode: "Off"`).
   * @default false
   */
  verticalPodAutoscaler: v.optional(flag()),
  /**
   * Public host of the Ingress; required for `public` services, inside `dns.domain`.
   * @default - no Ingress
   */
  host: v.optional(v.string(says((i) => `${show(i)} is not a host name`, 'use a lower-case DNS name inside the environment\'s domain'))),
  /**
   * CIDR of each of the service's `externalDependencies`, keyed by their name.
   * @default - none (required when the catalog declares external dependencies)
   */
  externalCidrs: v.optional(map(v.string(), v.string(says((i) => `${show(i)} is not a network CIDR`, 'use a CIDR such as "172.20.10.0/24"')))),
  /**
   * Configuration values of this environment; override the catalog's `config` key by key.
   * @default - the catalog's values
   */
  configOverrides: v.optional(configValues),
  /**
   * This environment's changes to the catalog's objectives.
   * @default - the catalog's objectives
   */
  sloOverrides: v.optional(SloOverridesSchema),
}, 'the service settings');

/** Per-environment values as written in `environments/<env>.ts`. */
export const EnvironmentConfigSchema = strict({
  /** Environment name: the Terraform stack name and the `dist/k8s/<env>` folder; also the file name. */
  name: text(DNS_1035_LABEL, 'use a short lower-case name such as "qa" (the file environments/<name>.ts)'),
  /** `production` turns on every production-only rule (HA NAT, private API, on-demand nodes, Enforce, ...). */
  tier: oneOf(TIERS, 'is not a tier', 'use "production" or "non-production"'),
  /** Where the environment lives in AWS. */
  aws: strict({
    /** The 12-digit AWS account id the environment is deployed into. */
    accountId: text(ACCOUNT_ID, 'use the 12-digit AWS account id, as a string'),
    /** AWS region, e.g. `us-west-2`. */
    region: text(REGION, 'use an AWS region name such as "us-west-2"'),
    /**
     * Availability zones used for subnets and node groups, listed explicitly so that nothing is
     * looked up at plan time. At least two, all inside `region`.
     */
    availabilityZones: v.pipe(
      list(v.string(says((i) => `${show(i)} is not a zone`, 'use zones such as "us-west-2a"')), 'list at least two availability zones (EKS needs subnets in two)'),
      v.minLength(2, says((i) => `${show(i)} lists fewer than two zones`, 'list at least two availability zones (EKS needs subnets in two)')),
    ),
  }, 'the AWS settings'),
  /** The VPC. */
  network: strict({
    /** IPv4 CIDR of the VPC, prefix /16 to /20, private (RFC 1918); it must not overlap another environment's. */
    vpcCidr: v.string(says((i) => `${show(i)} is not an IPv4 CIDR with a prefix from /16 to /20`, 'use a private block such as "10.10.0.0/16"')),
    /**
     * NAT gateways: `single` (one, in the first zone: cheap, one zone's outage cuts egress) or
     * `onePerAz` (each zone's private subnet leaves through its own zone's NAT; required in production).
     * @default 'single'
     */
    natGateways: v.optional(oneOf(['single', 'onePerAz'], 'is not a NAT mode', 'use "single" or "onePerAz"')),
    /**
     * Days the VPC flow logs (all traffic) are kept; one of {@link LOG_RETENTION_DAYS}.
     * @default 365
     */
    flowLogRetentionDays: v.optional(retention),
  }, 'the network settings'),
  /** The EKS cluster. */
  cluster: strict({
    /** EKS cluster name (also used in IAM and tag names). */
    name: text(CLUSTER_NAME, 'start with a letter; use letters, digits and "-", at most 100 characters'),
    /** Kubernetes minor version, e.g. `1.33`. */
    kubernetesVersion: oneOf(KUBERNETES_VERSIONS, 'is not a supported version'),
    /**
     * CIDRs allowed to reach the public API endpoint. Empty: the public endpoint is off and the API
     * is reachable only from inside the VPC (required in production). Never `0.0.0.0/0`.
     */
    publicAccessCidrs: list(v.string(says((i) => `${show(i)} is not an IPv4 CIDR`, 'use a block such as "203.0.113.0/24"')), 'list CIDRs, or [] for a private-only API'),
    /** Days the control-plane logs (all five types) are kept; one of {@link LOG_RETENTION_DAYS}. */
    logRetentionDays: retention,
    /**
     * IAM role ARNs granted cluster-admin through EKS access entries (no aws-auth ConfigMap):
     * at least one, each once, all in the environment's account.
     */
    adminRoleArns: list(v.string(says((i) => `${show(i)} is not a role ARN`, 'use "arn:aws:iam::<account>:role/<name>"')), 'list role ARNs'),
    /** Versions of the EKS managed add-ons, pinned (e.g. `v1.19.6-eksbuild.1`; `aws eks describe-addon-versions`). */
    addons: strict({
      /** `vpc-cni`. */
      vpcCni: text(ADDON_VERSION, 'use a version such as "v1.19.6-eksbuild.1"', (i) => `${show(i)} is not a pinned add-on version`),
      /** `coredns`. */
      coredns: text(ADDON_VERSION, 'use a version such as "v1.19.6-eksbuild.1"', (i) => `${show(i)} is not a pinned add-on version`),
      /** `kube-proxy`. */
      kubeProxy: text(ADDON_VERSION, 'use a version such as "v1.19.6-eksbuild.1"', (i) => `${show(i)} is not a pinned add-on version`),
      /** `aws-ebs-csi-driver`. */
      ebsCsiDriver: text(ADDON_VERSION, 'use a version such as "v1.19.6-eksbuild.1"', (i) => `${show(i)} is not a pinned add-on version`),
      /** `metrics-server` (an EKS community add-on): serves `metrics.k8s.io` to HPAs and the VPA recommender. */
      metricsServer: text(ADDON_VERSION, 'use a version such as "v1.19.6-eksbuild.1"', (i) => `${show(i)} is not a pinned add-on version`),
    }, 'the add-on versions'),
    /**
     * Settings of the VPC CNI add-on.
     * @default - NetworkPolicy enforcement on
     */
    vpcCni: v.optional(strict({
      /**
       * Run the VPC CNI's network policy agent, the only engine that enforces the rendered
       * NetworkPolicies (the namespaces' default-deny and every service's policies). `false` is
       * refused: the policies would be decorative.
       * @default true
       */
      enableNetworkPolicy: v.optional(flag()),
    }, 'the VPC CNI settings')),
    /** Managed node groups; at least one. */
    nodeGroups: v.pipe(
      list(NodeGroupSchema, 'add at least one node group'),
      v.minLength(1, says(() => 'no node group is configured', 'add at least one node group')),
    ),
  }, 'the cluster settings'),
  /** DNS for the environment's public endpoints. */
  dns: strict({
    /** The domain every public host of the environment lives in, e.g. `dev.shop.example.com`; no other environment's domain may contain it. */
    domain: text(DNS_NAME, 'use a lower-case DNS name such as "dev.shop.example.com"'),
  }, 'the DNS settings'),
  /** The Terraform Cloud workspace of the environment's stack. */
  terraformCloud,
  /** Velero's backup bucket. */
  backup: strict({
    /** Days after which a backup object expires (a backstop behind Velero's own TTL). */
    expireAfterDays: int(1, 3650),
    /** Days an overwritten or deleted object version is kept. */
    noncurrentVersionExpireAfterDays: int(1, 3650),
  }, 'the backup settings'),
  /** Kyverno, Prometheus, Velero, Argo CD and telemetry settings of the environment. */
  platform: PlatformSettingsSchema,
  /** Settings for every service of the catalog, keyed by service name. */
  services: map(v.string(), ServiceSettingsSchema, 'write { "<service>": { replicas, resources, ... } }'),
}, 'an environment');
