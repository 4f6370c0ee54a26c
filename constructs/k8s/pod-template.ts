import { createHash } from 'node:crypto';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';

/** Annotation on the pod template whose value changes whenever the ConfigMap data changes. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';
/** The zone label every cloud node carries; what `spreadAcrossZones` spreads over. */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';

/** CPU and memory as Kubernetes quantities (`250m`, `256Mi`). */
export interface ContainerQuantities {
  /** CPU, e.g. `250m` or `1`. */
  readonly cpu: string;
  /** Memory, e.g. `256Mi`. */
  readonly memory: string;
}

/** Props of {@link restrictedPodTemplate}. */
export interface RestrictedPodTemplateProps {
  /** Container name. */
  readonly name: string;
  /** Labels of the pods; must include `selectorLabels`. */
  readonly labels: Record<string, string>;
  /** Labels that select the pods (used by the topology spread constraint). */
  readonly selectorLabels: Record<string, string>;
  /** Full image reference (`repo:tag` or `repo@sha256:...`). */
  readonly image: string;
  /** HTTP port, named `http`; probes use it. */
  readonly port: number;
  /** Metrics port, named `metrics`. */
  readonly metricsPort: number;
  /** Requests. */
  readonly requests: ContainerQuantities;
  /** Limits. */
  readonly limits: ContainerQuantities;
  /** ServiceAccount of the pods. */
  readonly serviceAccountName: string;
  /** Whether the ServiceAccount token is mounted. */
  readonly automountServiceAccountToken: boolean;
  /** UID, GID and fsGroup; never 0. */
  readonly user: number;
  /** Seconds between SIGTERM and SIGKILL. */
  readonly terminationGracePeriodSeconds: number;
  /** Writable cache directory (emptyDir). */
  readonly cachePath: string;
  /** Seconds a slow starter may take before liveness applies; undefined for no startup probe. */
  readonly startupSeconds?: number;
  /** Name of the ConfigMap loaded as environment variables. */
  readonly configMapName: string;
  /** The ConfigMap data, hashed into the checksum annotation. */
  readonly configData: Record<string, string>;
  /** Spread pods across zones. */
  readonly spreadAcrossZones: boolean;
  /**
   * Liveness and startup probe path.
   * @default '/health'
   */
  readonly livenessPath?: string;
  /**
   * Readiness probe path.
   * @default '/ready'
   */
  readonly readinessPath?: string;
  /**
   * Pod annotation holding the ConfigMap checksum.
   * @default CONFIG_CHECKSUM_ANNOTATION
   */
  readonly configChecksumAnnotation?: string;
}

/** Deterministic checksum of ConfigMap data: sha256 of its JSON with sorted keys. */
export function configChecksum(data: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]]));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/**
 * The pod template of a service under the Pod Security Standards "restricted" profile. Written
 * with the L1 types because the same template feeds a Deployment and an Argo Rollout, and
 * cdk8s-plus-28 sets neither seccomp, capabilities nor topology spread constraints.
 */
export function restrictedPodTemplate(props: RestrictedPodTemplateProps): k8s.PodTemplateSpec {
  if (props.user <= 0) throw new Error(`${props.name}: the pod must run as a non-zero uid, got ${props.user}`);
  const httpProbe = (path: string, periodSeconds: number, failureThreshold: number): k8s.Probe => ({
    httpGet: { path, port: k8s.IntOrString.fromString('http') },
    periodSeconds,
    timeoutSeconds: 2,
    failureThreshold,
  });
  const startupPeriod = 5;
  return {
    metadata: {
      labels: props.labels,
      // a config change alters the template, so the workload rolls its pods
      annotations: { [props.configChecksumAnnotation ?? CONFIG_CHECKSUM_ANNOTATION]: configChecksum(props.configData) },
    },
    spec: {
      serviceAccountName: props.serviceAccountName,
      automountServiceAccountToken: props.automountServiceAccountToken,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: props.user,
        runAsGroup: props.user,
        fsGroup: props.user,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [{
        name: props.name,
        image: props.image,
        imagePullPolicy: 'IfNotPresent',
        ports: [
          { name: 'http', containerPort: props.port, protocol: 'TCP' },
          { name: 'metrics', containerPort: props.metricsPort, protocol: 'TCP' },
        ],
        envFrom: [{ configMapRef: { name: props.configMapName } }],
        resources: {
          requests: { cpu: k8s.Quantity.fromString(props.requests.cpu), memory: k8s.Quantity.fromString(props.requests.memory) },
          limits: { cpu: k8s.Quantity.fromString(props.limits.cpu), memory: k8s.Quantity.fromString(props.limits.memory) },
        },
        livenessProbe: httpProbe(props.livenessPath ?? '/health', 10, 3),
        readinessProbe: httpProbe(props.readinessPath ?? '/ready', 5, 3),
        startupProbe: props.startupSeconds === undefined
          ? undefined
          : httpProbe(props.livenessPath ?? '/health', startupPeriod, Math.ceil(props.startupSeconds / startupPeriod)),
        securityContext: {
          runAsNonRoot: true,
          runAsUser: props.user,
          runAsGroup: props.user,
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
        volumeMounts: [
          { name: 'tmp', mountPath: '/tmp' },
          { name: 'cache', mountPath: props.cachePath },
        ],
      }],
      // the root filesystem is read-only: these are the only writable paths
      volumes: [
        { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
        { name: 'cache', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
      ],
      // spread by zone, not anti-affinity: keeps scheduling possible when replicas > zones
      topologySpreadConstraints: props.spreadAcrossZones
        ? [{
          maxSkew: 1,
          topologyKey: ZONE_TOPOLOGY_KEY,
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: props.selectorLabels },
        }]
        : undefined,
    },
  };
}
