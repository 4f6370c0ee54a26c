import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { ArgoRollout, type ArgoRolloutSpec } from './argo-rollout';
import { type ContainerQuantities, restrictedPodTemplate } from './pod-template';
import { ServiceMonitor } from './service-monitor';
import { type CidrPeer, type NamespacePeer, type PodPeer, ServiceNetworkPolicies } from './service-network-policies';
import { VerticalPodAutoscaler } from './vertical-pod-autoscaler';

/** The annotation EKS reads to give a ServiceAccount's pods an IAM role (IRSA). */
export const IRSA_ANNOTATION = 'eks.amazonaws.com/role-arn';

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
  | { /** Deployment, RollingUpdate. */ readonly type: 'rolling' }
  | { /** Argo Rollout, canary. */ readonly type: 'canary'; /** The steps. */ readonly steps: readonly MicroserviceCanaryStep[] }
  | {
    /** Argo Rollout, blue-green. */
    readonly type: 'blueGreen';
    /** Switch the active Service without a manual promotion. */
    readonly autoPromote: boolean;
    /** Name of the preview Service. */
    readonly previewServiceName: string;
  };

/** The public entry of a service. */
export interface MicroserviceIngress {
  /** Host name, inside the environment's domain. */
  readonly host: string;
  /** IngressClass name. */
  readonly className: string;
  /** Secret cert-manager writes the certificate into. */
  readonly tlsSecretName: string;
  /** cert-manager ClusterIssuer. */
  readonly clusterIssuer: string;
}

/** What the service's pods may talk to and who may talk to them. */
export interface MicroserviceNetwork {
  /**
   * Namespace of the ingress controller, admitted on the http port; set for public services.
   * @default - no traffic from the ingress controller
   */
  readonly ingressControllerNamespace?: string;
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
  /** Service name: the name of every object (except the policies and the preview Service). */
  readonly name: string;
  /** Namespace of every object. */
  readonly namespace: string;
  /** Labels on every object; must include `selectorLabels`. */
  readonly labels: Record<string, string>;
  /** Labels that select the pods; never derived from construct paths. */
  readonly selectorLabels: Record<string, string>;
  /** The image, pinned by tag or digest. */
  readonly image: MicroserviceImage;
  /** Container HTTP port, named `http`. */
  readonly port: number;
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
  /** Network paths in and out; everything else is denied by the namespace's default-deny policy. */
  readonly network: MicroserviceNetwork;
  /** Names of the service's NetworkPolicies (stable, from the naming rules). */
  readonly networkPolicyNames: { readonly ingress: string; readonly egress: string };
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
 * Ingress, and its NetworkPolicies.
 */
export class Microservice extends Construct {
  /** The workload's kind: `Deployment` or `Rollout`. */
  public readonly workloadKind: 'Deployment' | 'Rollout';

  constructor(scope: Construct, id: string, props: MicroserviceProps) {
    super(scope, id);
    const strategy = props.strategy ?? { type: 'rolling' };
    const metricsPort = props.metricsPort ?? 9090;
    const metadata = { name: props.name, namespace: props.namespace, labels: props.labels };
    const minReplicas = props.autoscaling?.minReplicas ?? props.replicas ?? 1;
    checkProps(props, metricsPort, minReplicas);

    // cdk8s-plus's ConfigMap, ServiceAccount and Service say what we mean without extra fields
    const config = Object.fromEntries(Object.entries(props.config ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));
    new kplus.ConfigMap(this, 'Config', { metadata, data: config });

    const automount = props.apiAccess !== undefined;
    new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: { ...metadata, annotations: props.awsRoleArn ? { [IRSA_ANNOTATION]: props.awsRoleArn } : undefined },
      automountToken: automount,
    });
    if (props.apiAccess) this.addRole(props.apiAccess, metadata);

    const template = restrictedPodTemplate({
      name: props.name,
      labels: props.labels,
      selectorLabels: props.selectorLabels,
      image: pinnedImage(props.image),
      port: props.port,
      metricsPort,
      requests: props.resources.requests,
      limits: props.resources.limits,
      serviceAccountName: props.name,
      automountServiceAccountToken: automount,
      user: props.user ?? 10001,
      terminationGracePeriodSeconds: (props.terminationGracePeriod ?? Duration.seconds(30)).toSeconds(),
      cachePath: props.cachePath ?? '/var/cache/app',
      startupSeconds: props.startupTimeout?.toSeconds(),
      configMapName: props.name,
      configData: config,
      spreadAcrossZones: props.spreadAcrossZones ?? false,
    });
    // an HPA owns the replica count: rendering it too would reset the scale on every sync
    const replicas = props.autoscaling ? undefined : props.replicas ?? 1;
    const selector = { matchLabels: props.selectorLabels };

    let target: { apiVersion: string; kind: 'Deployment' | 'Rollout' };
    if (strategy.type === 'rolling') {
      new k8s.KubeDeployment(this, 'Deployment', {
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
      target = { apiVersion: 'apps/v1', kind: 'Deployment' };
    } else {
      new ArgoRollout(this, 'Rollout', {
        metadata,
        spec: {
          replicas,
          revisionHistoryLimit: 5,
          selector,
          template: k8s.toJson_PodTemplateSpec(template) as ArgoRolloutSpec['template'],
          strategy: rolloutStrategy(strategy, props.name),
        },
      });
      target = { apiVersion: ArgoRollout.API_VERSION, kind: 'Rollout' };
    }
    this.workloadKind = target.kind;

    this.addService(props.name, props.labels, props);
    if (strategy.type === 'blueGreen') {
      // its own instance label, so that the ServiceMonitor does not scrape the pods twice
      this.addService(strategy.previewServiceName, { ...props.labels, 'app.kubernetes.io/instance': strategy.previewServiceName }, props, 'Preview');
    }
    new ServiceMonitor(this, 'ServiceMonitor', { metadata, serviceSelector: props.labels, port: 'metrics' });

    if (props.autoscaling) {
      new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: props.name },
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
    new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata,
      spec: {
        selector,
        ...('maxUnavailable' in budget
          ? { maxUnavailable: k8s.IntOrString.fromNumber(budget.maxUnavailable) }
          : { minAvailable: k8s.IntOrString.fromNumber(budget.minAvailable) }),
      },
    });

    if (props.verticalPodAutoscaler) {
      new VerticalPodAutoscaler(this, 'VerticalAutoscaler', { metadata, target: { ...target, name: props.name } });
    }
    if (props.ingress) this.addIngress(props.ingress, metadata, props.name);

    const fromNamespaces: NamespacePeer[] = [];
    if (props.network.ingressControllerNamespace) fromNamespaces.push({ namespace: props.network.ingressControllerNamespace, port: props.port });
    if (props.network.monitoringNamespace) fromNamespaces.push({ namespace: props.network.monitoringNamespace, port: metricsPort });
    new ServiceNetworkPolicies(this, 'NetworkPolicies', {
      ingressPolicyName: props.networkPolicyNames.ingress,
      egressPolicyName: props.networkPolicyNames.egress,
      namespace: props.namespace,
      labels: props.labels,
      podSelector: props.selectorLabels,
      ingressFromNamespaces: fromNamespaces,
      ingressFromPods: props.network.allowFrom,
      egressToPods: props.network.allowTo,
      egressToCidrs: props.network.allowToCidrs,
    });
  }

  private addService(name: string, labels: Record<string, string>, props: MicroserviceProps, id = 'Service'): void {
    const service = new kplus.Service(this, id, {
      metadata: { name, namespace: props.namespace, labels },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [
        { name: 'http', port: 80, targetPort: props.port },
        { name: 'metrics', port: props.metricsPort ?? 9090, targetPort: props.metricsPort ?? 9090 },
      ],
    });
    // not `selector: workload`: that would select by cdk8s-plus's construct-path label
    for (const [key, value] of Object.entries(props.selectorLabels)) service.selectLabel(key, value);
  }

  private addRole(access: MicroserviceApiAccess, metadata: NamedMetadata): void {
    // get/watch only: `list` cannot be narrowed by resourceNames, so it would expose every object
    const rules: k8s.PolicyRule[] = [
      ['configmaps', access.configMaps ?? []] as const,
      ['secrets', access.secrets ?? []] as const,
    ].filter(([, names]) => names.length > 0)
      .map(([resource, names]) => ({ apiGroups: [''], resources: [resource], resourceNames: [...names].sort(), verbs: ['get', 'watch'] }));
    new k8s.KubeRole(this, 'Role', { metadata, rules });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: metadata.name },
      subjects: [{ kind: 'ServiceAccount', name: metadata.name, namespace: metadata.namespace }],
    });
  }

  private addIngress(ingress: MicroserviceIngress, metadata: NamedMetadata, service: string): void {
    new k8s.KubeIngress(this, 'Ingress', {
      metadata: {
        ...metadata,
        annotations: {
          'cert-manager.io/cluster-issuer': ingress.clusterIssuer,
          'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
          'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
        },
      },
      spec: {
        ingressClassName: ingress.className,
        tls: [{ hosts: [ingress.host], secretName: ingress.tlsSecretName }],
        rules: [{
          host: ingress.host,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { name: 'http' } } } }] },
        }],
      },
    });
  }
}

function rolloutStrategy(strategy: Exclude<MicroserviceReleaseStrategy, { type: 'rolling' }>, activeService: string): ArgoRolloutSpec['strategy'] {
  if (strategy.type === 'blueGreen') {
    return {
      blueGreen: {
        activeService,
        previewService: strategy.previewServiceName,
        autoPromotionEnabled: strategy.autoPromote,
        scaleDownDelaySeconds: 30,
      },
    };
  }
  return {
    canary: {
      maxSurge: '25%',
      maxUnavailable: 0,
      steps: strategy.steps.flatMap((s) => [
        { setWeight: s.weight },
        { pause: s.pause ? { duration: `${s.pause.toSeconds()}s` } : {} },
      ]),
    },
  };
}

function checkProps(props: MicroserviceProps, metricsPort: number, minReplicas: number): void {
  const where = `${props.namespace}/${props.name}`;
  if (metricsPort === props.port) throw new Error(`${where}: http and metrics share port ${props.port}`);
  for (const [k, v] of Object.entries(props.selectorLabels)) {
    if (props.labels[k] !== v) throw new Error(`${where}: labels must include the selector label ${k}=${v}`);
  }
  if (props.autoscaling && props.autoscaling.minReplicas > props.autoscaling.maxReplicas) {
    throw new Error(`${where}: autoscaling minReplicas ${props.autoscaling.minReplicas} > maxReplicas ${props.autoscaling.maxReplicas}`);
  }
  const budget = props.disruptionBudget ?? { maxUnavailable: 1 };
  // a budget that allows no eviction blocks every node drain
  if ('maxUnavailable' in budget ? budget.maxUnavailable < 1 : budget.minAvailable >= minReplicas) {
    throw new Error(`${where}: the PodDisruptionBudget would block node drains with ${minReplicas} replica(s)`);
  }
}
