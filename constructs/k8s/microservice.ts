import { ApiObject, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { ArgoAnalysisTemplate } from './argo-analysis-template';
import { ArgoRollout, type ArgoRolloutSpec } from './argo-rollout';
import { PodMonitor } from './pod-monitor';
import { CONFIG_CHECKSUM_ANNOTATION, type ContainerQuantities, restrictedPodTemplate } from './pod-template';
import { ServiceMonitor } from './service-monitor';
import { type CidrPeer, type NamespacePeer, type PodPeer, ServiceNetworkPolicies } from './service-network-policies';
import { VerticalPodAutoscaler } from './vertical-pod-autoscaler';

/** The annotation EKS reads to give a ServiceAccount's pods an IAM role (IRSA). */
export const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';
/**
 * Tells EKS's pod identity webhook to point the SDK at the regional STS endpoint: the service's
 * egress reaches AWS only through the VPC's STS interface endpoint, whose private DNS answers the
 * regional name; the global sts.amazonaws.com would resolve to public addresses and be dropped.
 */
export const STS_REGIONAL_ANNOTATION = 'eks.amazonaws.com/sts-regional-endpoints';

/** A container image, pinned. */
export interface MicroserviceImage {
  /** Repository URI without tag. */
  readonly repository: string;
  /** An immutable tag (`1.4.2`) or a digest (`sha256:<64 hex>`); never `latest`, never empty. */
  readonly tag: string;
}

/** Requests and limits of the container. */
export interface MicroserviceResources {
  /** What the scheduler reserves. */
  readonly requests: ContainerQuantities;
  /** The ceiling; at least the requests. */
  readonly limits: ContainerQuantities;
}

/** HorizontalPodAutoscaler bounds; when set, the HPA owns the replica count. */
export interface MicroserviceAutoscaling {
  /** Fewest replicas. */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /**
   * Average CPU utilisation target, percent of the request.
   * @default 70
   */
  readonly targetCpuPercent?: number;
}

/** A PodDisruptionBudget: exactly one of the two. */
export type MicroserviceDisruptionBudget =
  | { /** Pods that may be unavailable at once. */ readonly maxUnavailable: number }
  | { /** Pods that must stay available. */ readonly minAvailable: number };

/** One canary step. */
export interface MicroserviceCanaryStep {
  /** Percent of pods on the new version. */
  readonly weight: number;
  /**
   * How long to wait before the next step.
   * @default - until promoted by hand
   */
  readonly pause?: Duration;
}

/** How a new version replaces the old one. */
export type MicroserviceReleaseStrategy =
  | {
    /**
     * A rolling update (25% surge, none unavailable): a Deployment, or with `analysis` an Argo
     * Rollout that replaces every pod the same way and then measures the new version.
     */
    readonly type: 'rolling';
  }
  | { /** Argo Rollout, canary. */ readonly type: 'canary'; /** The steps. */ readonly steps: readonly MicroserviceCanaryStep[] }
  | {
    /** Argo Rollout, blue-green. */
    readonly type: 'blueGreen';
    /** Switch the active Service without a manual promotion. */
    readonly autoPromote: boolean;
    /**
     * Name of the preview Service.
     * @default `${name}-preview`
     */
    readonly previewServiceName?: string;
  };

/** TLS policies of the ALB's HTTPS listener: TLS 1.3 and 1.2 only (`Res`: 1.2 with AEAD ciphers only). */
export type AlbSslPolicy = 'ELBSecurityPolicy-TLS13-1-2-2021-06' | 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06' | 'ELBSecurityPolicy-TLS13-1-3-2021-06';

/** An Ingress served by the AWS Load Balancer Controller's ALB. */
export interface MicroserviceAlb {
  /** `group.name`: every Ingress naming the same group shares one ALB (one per environment). */
  readonly groupName: string;
  /**
   * Whether the ALB has public addresses.
   * @default 'internet-facing'
   */
  readonly scheme?: 'internet-facing' | 'internal';
  /**
   * TLS policy of the HTTPS listener.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06'
   */
  readonly sslPolicy?: AlbSslPolicy;
}

/** The public entry of a service. */
export interface MicroserviceIngress {
  /** Host name, inside the environment's domain. */
  readonly host: string;
  /**
   * Serve it through the AWS Load Balancer Controller: class `alb`, targets are pod IPs, HTTPS
   * only on 443 (no plain HTTP listener), a TLS 1.2+ policy, invalid header fields dropped, the
   * health check on the readiness path, and the certificate found in ACM by the host.
   * @default - no controller settings: `className` and `annotations` say everything
   */
  readonly alb?: MicroserviceAlb;
  /**
   * IngressClass name.
   * @default - `alb` when `alb` is set, else the cluster's default IngressClass
   */
  readonly className?: string;
  /**
   * Annotations of the Ingress, added to (and overriding) those `alb` sets: the escape hatch.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Secret the certificate lives in.
   * @default - the `tls` section lists the host without a Secret: the controller finds the
   * certificate itself (the ALB: an issued ACM certificate matching the host)
   */
  readonly tlsSecretName?: string;
  /**
   * Path prefix routed to the service.
   * @default '/'
   */
  readonly path?: string;
}

/** The AnalysisTemplate argument holding the new version's pod-template hash. */
export const CANARY_HASH_ARG = 'canary-hash';
/** The pod label Argo Rollouts sets to the pod-template hash of each version. */
export const ROLLOUT_HASH_LABEL = 'rollouts-pod-template-hash';
/** The same label on scraped series (the ServiceMonitor copies it from the pods). */
export const ROLLOUT_HASH_METRIC_LABEL = 'rollouts_pod_template_hash';

/** A measurement a release must pass. */
export interface MicroserviceAnalysisMetric {
  /** Name of the measurement, a DNS-1123 label. */
  readonly name: string;
  /**
   * PromQL returning one value; `{{args.canary-hash}}` is the new version's pod-template hash,
   * matched by the `rollouts_pod_template_hash` label (see {@link ROLLOUT_HASH_METRIC_LABEL}).
   */
  readonly query: string;
  /** Argo Rollouts condition on the value, e.g. `result[0] <= 0.001`. */
  readonly successCondition: string;
}

/** The analysis that gates each release of a canary or blue-green service. */
export interface MicroserviceReleaseAnalysis {
  /** Prometheus URL the measurements query. */
  readonly prometheusAddress: string;
  /** The measurements. */
  readonly metrics: readonly MicroserviceAnalysisMetric[];
  /**
   * Time between measurements.
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;
  /**
   * Failed measurements tolerated; one more aborts the release and rolls back.
   * @default 1
   */
  readonly failureLimit?: number;
  /**
   * Measurements before a blue-green promotion and after a rolling release's last pod (a canary
   * measures until it is fully promoted).
   * @default 5
   */
  readonly prePromotionCount?: number;
  /**
   * Name of the AnalysisTemplate.
   * @default `${name}-release`
   */
  readonly templateName?: string;
}

/** HTTP paths the kubelet probes on the `http` port. */
export interface MicroserviceProbes {
  /**
   * Liveness (and startup) path: restart the container when it fails.
   * @default '/health'
   */
  readonly livenessPath?: string;
  /**
   * Readiness path: take the pod out of its Services when it fails.
   * @default '/ready'
   */
  readonly readinessPath?: string;
}

/** What the service's pods may talk to and who may talk to them. */
export interface MicroserviceNetwork {
  /**
   * Namespace of an in-cluster ingress controller, admitted on the http port.
   * @default - no traffic from an ingress controller's pods
   */
  readonly ingressControllerNamespace?: string;
  /**
   * Address blocks admitted on the http port (`port` is ignored): the load balancer's subnets
   * when it sends requests straight to pod IPs (an ALB with target type `ip`).
   * @default - none
   */
  readonly allowFromCidrs?: readonly CidrPeer[];
  /**
   * Namespace of Prometheus, admitted on the metrics port.
   * @default - metrics are not reachable from outside the pod
   */
  readonly monitoringNamespace?: string;
  /**
   * Workloads that call this service (they declare it as a dependency); port is this service's.
   * @default - none
   */
  readonly allowFrom?: readonly PodPeer[];
  /**
   * Workloads this service calls; port is theirs.
   * @default - none
   */
  readonly allowTo?: readonly PodPeer[];
  /**
   * Destinations outside the cluster.
   * @default - none
   */
  readonly allowToCidrs?: readonly CidrPeer[];
}

/** ConfigMaps and Secrets the service reads through the Kubernetes API. */
export interface MicroserviceApiAccess {
  /**
   * ConfigMap names.
   * @default - none
   */
  readonly configMaps?: readonly string[];
  /**
   * Secret names.
   * @default - none
   */
  readonly secrets?: readonly string[];
}

/** Props of a {@link Microservice}. */
export interface MicroserviceProps {
  /**
   * Service name: the name of every object (except the policies and the preview Service).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Namespace of every object.
   * @default - the chart's namespace (one of the two is required)
   */
  readonly namespace?: string;
  /**
   * Labels on every object; must include `selectorLabels`.
   * @default - the selector labels
   */
  readonly labels?: Record<string, string>;
  /**
   * Labels that select the pods; never derived from construct paths.
   * @default - `app.kubernetes.io/name` and `app.kubernetes.io/instance` set to the name
   */
  readonly selectorLabels?: Record<string, string>;
  /** The image, pinned by tag or digest. */
  readonly image: MicroserviceImage;
  /** Container HTTP port, named `http`. */
  readonly port: number;
  /**
   * Port of the Service in front of `http`.
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * Probe paths.
   * @default - liveness `/health`, readiness `/ready`
   */
  readonly probes?: MicroserviceProbes;
  /**
   * Pod annotation holding the ConfigMap's checksum, so a config change rolls the pods.
   * @default 'checksum/config'
   */
  readonly configChecksumAnnotation?: string;
  /**
   * Container metrics port, named `metrics`.
   * @default 9090
   */
  readonly metricsPort?: number;
  /**
   * Pod replicas; not rendered when `autoscaling` is set.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Horizontal autoscaling.
   * @default - fixed replicas
   */
  readonly autoscaling?: MicroserviceAutoscaling;
  /** Requests and limits. */
  readonly resources: MicroserviceResources;
  /**
   * PodDisruptionBudget. Must allow at least one eviction.
   * @default { maxUnavailable: 1 }
   */
  readonly disruptionBudget?: MicroserviceDisruptionBudget;
  /**
   * Release strategy.
   * @default { type: 'rolling' }
   */
  readonly strategy?: MicroserviceReleaseStrategy;
  /**
   * Time a slow starter may take before liveness applies (a startup probe on `/health`).
   * @default - no startup probe
   */
  readonly startupTimeout?: Duration;
  /**
   * Grace period between SIGTERM and SIGKILL.
   * @default Duration.seconds(30)
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * UID, GID and fsGroup of the pods (never 0).
   * @default 10001
   */
  readonly user?: number;
  /**
   * Writable cache directory.
   * @default '/var/cache/app'
   */
  readonly cachePath?: string;
  /**
   * ConfigMap data, loaded as environment variables.
   * @default - an empty ConfigMap
   */
  readonly config?: Record<string, string>;
  /**
   * Kubernetes API access. When set, the token is mounted and a Role grants `get`/`watch` on
   * exactly these objects; otherwise no token is mounted and no Role exists.
   * @default - no API access
   */
  readonly apiAccess?: MicroserviceApiAccess;
  /**
   * IAM role ARN for IRSA, annotated on the ServiceAccount.
   * @default - no AWS access
   */
  readonly awsRoleArn?: string;
  /**
   * The analysis every release step must pass: background analysis for a canary, and for a
   * rolling release (then an Argo Rollout) also a last step after every pod is replaced;
   * `prePromotionAnalysis` and `postPromotionAnalysis` for blue-green. A failed analysis aborts
   * and rolls back (blue-green: the active Service goes back to the previous version).
   * @default - releases advance on their pauses alone (a rolling release is a Deployment)
   */
  readonly analysis?: MicroserviceReleaseAnalysis;
  /**
   * What a canary's weight (and a rolling Rollout's switch) divides: `replicas`, the share of
   * pods on the new version; or `alb`, the share of requests at the Ingress's ALB: Argo Rollouts
   * writes the Ingress's action annotation and points the `<name>-canary` and `<name>-stable`
   * Services at each version. `alb` needs `ingress.alb` and a canary or rolling strategy.
   * @default 'replicas'
   */
  readonly trafficRouting?: 'replicas' | 'alb';
  /**
   * Names of the Services Argo Rollouts points at each version when `trafficRouting` is `alb`.
   * @default - `<name>-canary` and `<name>-stable`
   */
  readonly weightedServiceNames?: { readonly canary: string; readonly stable: string };
  /**
   * Public Ingress.
   * @default - internal only
   */
  readonly ingress?: MicroserviceIngress;
  /**
   * Spread pods across availability zones.
   * @default false
   */
  readonly spreadAcrossZones?: boolean;
  /**
   * Add a VerticalPodAutoscaler in recommendation mode.
   * @default false
   */
  readonly verticalPodAutoscaler?: boolean;
  /**
   * Network paths in and out; everything else is denied by the namespace's default-deny policy.
   * @default - only DNS out, nothing in
   */
  readonly network?: MicroserviceNetwork;
  /**
   * Names of the service's NetworkPolicies (stable, never from construct paths).
   * @default - `<name>-ingress` and `<name>-egress`
   */
  readonly networkPolicyNames?: { readonly ingress: string; readonly egress: string };
}

/** Metadata every object of a service shares. */
interface NamedMetadata { readonly name: string; readonly namespace: string; readonly labels: Record<string, string> }

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** The full image reference; throws for `latest` or an untagged image. */
export function pinnedImage(image: MicroserviceImage): string {
  if (DIGEST.test(image.tag)) return `${image.repository}@${image.tag}`;
  if (!TAG.test(image.tag) || image.tag === 'latest') {
    throw new Error(`image ${image.repository} must be pinned by tag or digest, got "${image.tag}"`);
  }
  return `${image.repository}:${image.tag}`;
}

/**
 * One deployable HTTP service with everything it needs to run safely: the workload (Deployment,
 * or an Argo Rollout for canary/blue-green) under the restricted Pod Security Standard, its
 * ConfigMap, Service(s), ServiceMonitor, ServiceAccount (+ Role), HPA, PDB, optional VPA and
 * Ingress, and its NetworkPolicies. Every child is exposed, so a team can patch what the props
 * do not cover (`microservice.deployment?.addJsonPatch(...)`).
 */
export class Microservice extends Construct {
  /** The service name every object carries. */
  public readonly name: string;
  /** The namespace of every object. */
  public readonly namespace: string;
  /** The workload's kind: `Deployment` or `Rollout`. */
  public readonly workloadKind: 'Deployment' | 'Rollout';
  /** The Deployment (rolling strategy without analysis). */
  public readonly deployment?: k8s.KubeDeployment;
  /** The Argo Rollout (canary, blue-green, or rolling with analysis). */
  public readonly rollout?: ArgoRollout;
  /** The Deployment or the Rollout, whichever runs the pods. */
  public readonly workload: ApiObject;
  /** The ConfigMap loaded with `envFrom`. */
  public readonly configMap: kplus.ConfigMap;
  /** The pods' ServiceAccount. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The Role and RoleBinding of `apiAccess`. */
  public readonly role?: k8s.KubeRole;
  /** The binding of `role` to the ServiceAccount. */
  public readonly roleBinding?: k8s.KubeRoleBinding;
  /** The Service named after the service (the active one for blue-green). */
  public readonly service: kplus.Service;
  /** The blue-green preview Service. */
  public readonly previewService?: kplus.Service;
  /** The Services Argo Rollouts points at each version when the ALB weighs requests. */
  public readonly canaryService?: kplus.Service;
  /** See {@link canaryService}. */
  public readonly stableService?: kplus.Service;
  /** The ServiceMonitor Prometheus scrapes the `metrics` port through (rolling and canary). */
  public readonly serviceMonitor?: ServiceMonitor;
  /**
   * The PodMonitor of a blue-green service: the active Service selects only the active pods, so
   * the preview's pods would go unmeasured behind a ServiceMonitor.
   */
  public readonly podMonitor?: PodMonitor;
  /** The HorizontalPodAutoscaler, when `autoscaling` is set. */
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** The PodDisruptionBudget. */
  public readonly disruptionBudget: k8s.KubePodDisruptionBudget;
  /** The VerticalPodAutoscaler, when asked for. */
  public readonly verticalPodAutoscaler?: VerticalPodAutoscaler;
  /** The public Ingress. */
  public readonly ingress?: k8s.KubeIngress;
  /** The AnalysisTemplate that gates releases. */
  public readonly analysisTemplate?: ArgoAnalysisTemplate;
  /** The ingress and egress NetworkPolicies. */
  public readonly networkPolicies: ServiceNetworkPolicies;

  constructor(scope: Construct, id: string, props: MicroserviceProps) {
    super(scope, id);
    const name = props.name ?? id;
    const namespace = props.namespace ?? Chart.of(this).namespace;
    if (!namespace) throw new Error(`${name}: no namespace: set props.namespace or the chart's namespace`);
    this.name = name;
    this.namespace = namespace;
    const selectorLabels = props.selectorLabels ?? { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
    const labels = props.labels ?? selectorLabels;
    const network = props.network ?? {};
    const policyNames = props.networkPolicyNames ?? { ingress: `${name}-ingress`, egress: `${name}-egress` };
    const strategy = props.strategy ?? { type: 'rolling' };
    const metricsPort = props.metricsPort ?? 9090;
    const metadata = { name, namespace, labels };
    const minReplicas = props.autoscaling?.minReplicas ?? props.replicas ?? 1;
    // checked before synthesis, so the user sees every problem of the app at once
    this.node.addValidation({ validate: () => checkProps(props, { name, namespace, labels, selectorLabels, metricsPort, minReplicas }) });

    // cdk8s-plus's ConfigMap, ServiceAccount and Service say what we mean without extra fields
    const config = Object.fromEntries(Object.entries(props.config ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));
    this.configMap = new kplus.ConfigMap(this, 'Config', { metadata, data: config });

    const automount = props.apiAccess !== undefined;
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { ...metadata, annotations: props.awsRoleArn ? { [IRSA_ANNOTATION]: props.awsRoleArn, [STS_REGIONAL_ANNOTATION]: 'true' } : undefined },
      automountToken: automount,
    });
    if (props.apiAccess) [this.role, this.roleBinding] = this.addRole(props.apiAccess, metadata);

    const template = restrictedPodTemplate({
      name,
      labels,
      selectorLabels,
      image: pinnedImage(props.image),
      port: props.port,
      metricsPort,
      requests: props.resources.requests,
      limits: props.resources.limits,
      serviceAccountName: name,
      automountServiceAccountToken: automount,
      user: props.user ?? 10001,
      terminationGracePeriodSeconds: (props.terminationGracePeriod ?? Duration.seconds(30)).toSeconds(),
      cachePath: props.cachePath ?? '/var/cache/app',
      startupSeconds: props.startupTimeout?.toSeconds(),
      configMapName: name,
      configData: config,
      spreadAcrossZones: props.spreadAcrossZones ?? false,
      livenessPath: props.probes?.livenessPath,
      readinessPath: props.probes?.readinessPath,
      configChecksumAnnotation: props.configChecksumAnnotation ?? CONFIG_CHECKSUM_ANNOTATION,
    });
    // an HPA owns the replica count: rendering it too would reset the scale on every sync
    const replicas = props.autoscaling ? undefined : props.replicas ?? 1;
    const selector = { matchLabels: selectorLabels };

    const previewName = strategy.type === 'blueGreen' ? strategy.previewServiceName ?? `${name}-preview` : undefined;
    const analysisName = props.analysis ? props.analysis.templateName ?? `${name}-release` : undefined;
    const servicePort = props.servicePort ?? 80;
    const weighted = props.trafficRouting === 'alb' && strategy.type !== 'blueGreen' && props.ingress?.alb !== undefined;
    const routing: AlbRouting | undefined = weighted
      ? {
        ingress: name,
        rootService: name,
        canaryService: props.weightedServiceNames?.canary ?? `${name}-canary`,
        stableService: props.weightedServiceNames?.stable ?? `${name}-stable`,
        servicePort,
      }
      : undefined;
    if (props.analysis) {
      // a canary measures until fully promoted; blue-green and rolling releases a fixed number of times
      this.analysisTemplate = this.addAnalysisTemplate(props.analysis, analysisName!, metadata, strategy.type !== 'canary');
    }
    if (strategy.type === 'rolling' && !props.analysis) {
      this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
        metadata,
        spec: {
          replicas,
          revisionHistoryLimit: 5,
          selector,
          // surge first, never go below the wanted count: safe for a single replica too
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
          template,
        },
      });
      this.workload = this.deployment;
    } else {
      this.rollout = new ArgoRollout(this, 'Rollout', {
        metadata,
        spec: {
          replicas,
          revisionHistoryLimit: 5,
          selector,
          template: k8s.toJson_PodTemplateSpec(template) as ArgoRolloutSpec['template'],
          strategy: rolloutStrategy(strategy, name, previewName!, analysisName, routing),
        },
      });
      this.workload = this.rollout;
    }
    const target = { apiVersion: this.workload.apiVersion, kind: this.workload.kind as 'Deployment' | 'Rollout' };
    this.workloadKind = target.kind;

    this.service = this.addService(name, namespace, labels, selectorLabels, props.port, servicePort, metricsPort);
    if (previewName) {
      // its own instance label: nothing that selects the service's objects by label picks it up twice
      this.previewService = this.addService(previewName, namespace, { ...labels, 'app.kubernetes.io/instance': previewName },
        selectorLabels, props.port, servicePort, metricsPort, 'Preview');
    }
    if (routing) {
      // http only, and instance labels of their own: the ServiceMonitor scrapes each pod once, through the main Service
      this.canaryService = this.addService(routing.canaryService, namespace, { ...labels, 'app.kubernetes.io/instance': routing.canaryService },
        selectorLabels, props.port, servicePort, undefined, 'CanaryService');
      this.stableService = this.addService(routing.stableService, namespace, { ...labels, 'app.kubernetes.io/instance': routing.stableService },
        selectorLabels, props.port, servicePort, undefined, 'StableService');
    }
    // each version's series carry its pod-template hash, so an analysis can measure the new one alone
    const podTargetLabels = this.workload.kind === 'Rollout' ? [ROLLOUT_HASH_LABEL] : undefined;
    if (strategy.type === 'blueGreen') {
      this.podMonitor = new PodMonitor(this, 'PodMonitor', {
        metadata, podSelector: selectorLabels, port: 'metrics', podTargetLabels, staticLabels: { service: name },
      });
    } else {
      this.serviceMonitor = new ServiceMonitor(this, 'ServiceMonitor', { metadata, serviceSelector: labels, port: 'metrics', podTargetLabels });
    }

    if (props.autoscaling) {
      this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name },
          minReplicas: props.autoscaling.minReplicas,
          maxReplicas: props.autoscaling.maxReplicas,
          metrics: [{
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: props.autoscaling.targetCpuPercent ?? 70 } },
          }],
        },
      });
    }

    const budget = props.disruptionBudget ?? { maxUnavailable: 1 };
    this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata,
      spec: {
        selector,
        ...('maxUnavailable' in budget
          ? { maxUnavailable: k8s.IntOrString.fromNumber(budget.maxUnavailable) }
          : { minAvailable: k8s.IntOrString.fromNumber(budget.minAvailable) }),
      },
    });

    if (props.verticalPodAutoscaler) {
      this.verticalPodAutoscaler = new VerticalPodAutoscaler(this, 'VerticalAutoscaler', { metadata, target: { ...target, name } });
    }
    if (props.ingress) {
      this.ingress = this.addIngress(props.ingress, metadata, name, servicePort, props.probes?.readinessPath ?? '/ready', routing);
    }

    const fromNamespaces: NamespacePeer[] = [];
    if (network.ingressControllerNamespace) fromNamespaces.push({ namespace: network.ingressControllerNamespace, port: props.port });
    if (network.monitoringNamespace) fromNamespaces.push({ namespace: network.monitoringNamespace, port: metricsPort });
    this.networkPolicies = new ServiceNetworkPolicies(this, 'NetworkPolicies', {
      ingressPolicyName: policyNames.ingress,
      egressPolicyName: policyNames.egress,
      namespace,
      labels,
      podSelector: selectorLabels,
      ingressFromNamespaces: fromNamespaces,
      ingressFromPods: network.allowFrom,
      ingressFromCidrs: network.allowFromCidrs?.map((c) => ({ ...c, port: props.port })),
      egressToPods: network.allowTo,
      egressToCidrs: network.allowToCidrs,
    });
  }

  private addService(
    name: string, namespace: string, labels: Record<string, string>, selectorLabels: Record<string, string>,
    port: number, servicePort: number, metricsPort: number | undefined, id = 'Service',
  ): kplus.Service {
    const service = new kplus.Service(this, id, {
      metadata: { name, namespace, labels },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [
        { name: 'http', port: servicePort, targetPort: port },
        ...(metricsPort === undefined ? [] : [{ name: 'metrics', port: metricsPort, targetPort: metricsPort }]),
      ],
    });
    // not `selector: workload`: that would select by cdk8s-plus's construct-path label
    for (const [key, value] of Object.entries(selectorLabels)) service.selectLabel(key, value);
    return service;
  }

  private addRole(access: MicroserviceApiAccess, metadata: NamedMetadata): [k8s.KubeRole, k8s.KubeRoleBinding] {
    // get/watch only: `list` cannot be narrowed by resourceNames, so it would expose every object
    const rules: k8s.PolicyRule[] = [
      ['configmaps', access.configMaps ?? []] as const,
      ['secrets', access.secrets ?? []] as const,
    ].filter(([, names]) => names.length > 0)
      .map(([resource, names]) => ({ apiGroups: [''], resources: [resource], resourceNames: [...names].sort(), verbs: ['get', 'watch'] }));
    const role = new k8s.KubeRole(this, 'Role', { metadata, rules });
    const binding = new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: metadata.name },
      subjects: [{ kind: 'ServiceAccount', name: metadata.name, namespace: metadata.namespace }],
    });
    return [role, binding];
  }

  private addAnalysisTemplate(
    analysis: MicroserviceReleaseAnalysis, name: string, metadata: NamedMetadata, counted: boolean,
  ): ArgoAnalysisTemplate {
    return new ArgoAnalysisTemplate(this, 'Analysis', {
      metadata: { ...metadata, name },
      spec: {
        args: [{ name: CANARY_HASH_ARG }],
        metrics: analysis.metrics.map((m) => ({
          name: m.name,
          interval: `${(analysis.interval ?? Duration.minutes(1)).toSeconds()}s`,
          ...(counted ? { count: analysis.prePromotionCount ?? 5 } : {}),
          failureLimit: analysis.failureLimit ?? 1,
          successCondition: m.successCondition,
          provider: { prometheus: { address: analysis.prometheusAddress, query: m.query } },
        })),
      },
    });
  }

  private addIngress(
    ingress: MicroserviceIngress, metadata: NamedMetadata, service: string, servicePort: number, readinessPath: string,
    routing: AlbRouting | undefined,
  ): k8s.KubeIngress {
    const annotations = { ...(ingress.alb ? albAnnotations(ingress.alb, readinessPath) : {}), ...ingress.annotations };
    // Argo Rollouts writes the weights into the root Service's action annotation; `use-annotation` routes by it
    const backend: k8s.IngressBackend = routing
      ? { service: { name: routing.rootService, port: { name: 'use-annotation' } } }
      : { service: { name: service, port: { number: servicePort } } };
    return new k8s.KubeIngress(this, 'Ingress', {
      metadata: { ...metadata, annotations: Object.keys(annotations).length ? annotations : undefined },
      spec: {
        ingressClassName: ingress.className ?? (ingress.alb ? 'alb' : undefined),
        tls: [{ hosts: [ingress.host], ...(ingress.tlsSecretName ? { secretName: ingress.tlsSecretName } : {}) }],
        rules: [{ host: ingress.host, http: { paths: [{ path: ingress.path ?? '/', pathType: 'Prefix', backend }] } }],
      },
    });
  }
}

/** The ALB annotation prefix of the AWS Load Balancer Controller. */
export const ALB_ANNOTATION_PREFIX = 'alb.ingress.kubernetes.io/';

/** The controller settings of an ALB Ingress, secure by default. */
function albAnnotations(alb: MicroserviceAlb, healthcheckPath: string): Record<string, string> {
  const a = (key: string, value: string): [string, string] => [`${ALB_ANNOTATION_PREFIX}${key}`, value];
  return Object.fromEntries([
    a('scheme', alb.scheme ?? 'internet-facing'),
    // straight to pod IPs: no node port, and the NetworkPolicy can name the ALB's subnets
    a('target-type', 'ip'),
    // HTTPS only: no plain-HTTP listener to redirect from or to forget
    a('listen-ports', '[{"HTTPS":443}]'),
    a('ssl-policy', alb.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06'),
    a('load-balancer-attributes', 'routing.http.drop_invalid_header_fields.enabled=true'),
    a('group.name', alb.groupName),
    a('backend-protocol', 'HTTP'),
    a('healthcheck-path', healthcheckPath),
  ]);
}

/** The Services and Ingress of a release weighted at the ALB. */
interface AlbRouting {
  readonly ingress: string;
  readonly rootService: string;
  readonly canaryService: string;
  readonly stableService: string;
  readonly servicePort: number;
}

function rolloutStrategy(
  strategy: MicroserviceReleaseStrategy, activeService: string, previewService: string, analysis: string | undefined,
  routing: AlbRouting | undefined,
): ArgoRolloutSpec['strategy'] {
  const run = analysis
    ? { templates: [{ templateName: analysis }], args: [{ name: CANARY_HASH_ARG, valueFrom: { podTemplateHashValue: 'Latest' as const } }] }
    : undefined;
  if (strategy.type === 'blueGreen') {
    return {
      blueGreen: {
        activeService,
        previewService,
        autoPromotionEnabled: strategy.autoPromote,
        scaleDownDelaySeconds: 30,
        // before the switch the preview pods see only smoke traffic, if any (and no traffic measures
        // as good); after it they carry every request: a failure there switches the active Service
        // back to the previous version, which stays up until the analysis has passed
        ...(run ? { prePromotionAnalysis: run, postPromotionAnalysis: run } : {}),
      },
    };
  }
  const steps = strategy.type === 'canary'
    ? strategy.steps.flatMap((s) => [{ setWeight: s.weight }, { pause: s.pause ? { duration: `${s.pause.toSeconds()}s` } : {} }])
    // a rolling release: every pod replaced (25% surge), then the new version measured before it counts as done
    : [{ setWeight: 100 }, ...(run ? [{ analysis: run }] : [])];
  return {
    canary: {
      maxSurge: '25%',
      maxUnavailable: 0,
      ...(routing ? {
        canaryService: routing.canaryService,
        stableService: routing.stableService,
        trafficRouting: { alb: { ingress: routing.ingress, rootService: routing.rootService, servicePort: routing.servicePort } },
      } : {}),
      // background analysis from the first step: a failed measurement aborts and rolls back at any step
      ...(run ? { analysis: run } : {}),
      steps,
    },
  };
}

/** What the checks need after defaults are applied. */
interface Resolved {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly selectorLabels: Record<string, string>;
  readonly metricsPort: number;
  readonly minReplicas: number;
}

function checkProps(props: MicroserviceProps, r: Resolved): string[] {
  const where = `${r.namespace}/${r.name}`;
  const errors: string[] = [];
  if (r.metricsPort === props.port) errors.push(`${where}: http and metrics share port ${props.port}`);
  for (const [k, v] of Object.entries(r.selectorLabels)) {
    if (r.labels[k] !== v) errors.push(`${where}: labels must include the selector label ${k}=${v}`);
  }
  if (props.autoscaling && props.autoscaling.minReplicas > props.autoscaling.maxReplicas) {
    errors.push(`${where}: autoscaling minReplicas ${props.autoscaling.minReplicas} > maxReplicas ${props.autoscaling.maxReplicas}`);
  }
  if (props.trafficRouting === 'alb') {
    if (!props.ingress?.alb) errors.push(`${where}: trafficRouting 'alb' needs an ingress with alb settings (the ALB weighs the requests)`);
    if (props.strategy?.type === 'blueGreen') errors.push(`${where}: trafficRouting 'alb' weighs canary and rolling releases; blue-green switches its active Service`);
    if ((props.strategy?.type ?? 'rolling') === 'rolling' && !props.analysis) {
      errors.push(`${where}: trafficRouting 'alb' on a rolling release needs an analysis (without one it is a Deployment)`);
    }
  }
  const budget = props.disruptionBudget ?? { maxUnavailable: 1 };
  // a budget that allows no eviction blocks every node drain
  if ('maxUnavailable' in budget ? budget.maxUnavailable < 1 : budget.minAvailable >= r.minReplicas) {
    errors.push(`${where}: the PodDisruptionBudget would block node drains with ${r.minReplicas} replica(s)`);
  }
  return errors;
}
