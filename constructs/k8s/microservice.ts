import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** CPU and memory of one container, as Kubernetes quantities. */
export interface MicroserviceResources {
  /** CPU request, e.g. `250m`. */
  readonly cpuRequest: string;
  /** CPU limit, e.g. `1`. */
  readonly cpuLimit: string;
  /** Memory request in bytes. */
  readonly memoryRequestBytes: number;
  /** Memory limit in bytes. */
  readonly memoryLimitBytes: number;
}

/** Props of a {@link Microservice}. */
export interface MicroserviceProps {
  /** Service name: the Deployment, Service and selector name. */
  readonly name: string;
  /** Namespace of every object. */
  readonly namespace: string;
  /** Labels on every object; must include `selectorLabels`. */
  readonly labels: Record<string, string>;
  /** Labels that select the pods; never derived from construct paths. */
  readonly selectorLabels: Record<string, string>;
  /** Full image reference, pinned by tag or digest. */
  readonly image: string;
  /** Container HTTP port, exposed as the named port `http`. */
  readonly port: number;
  /** Pod replicas. */
  readonly replicas: number;
  /** Requests and limits. */
  readonly resources: MicroserviceResources;
  /**
   * UID and GID the container runs as (never 0).
   * @default 10001
   */
  readonly runAsUser?: number;
}

/**
 * One deployable HTTP service: a Deployment and its Service, secure by default
 * (Pod Security Standards "restricted").
 */
export class Microservice extends Construct {
  /** The Deployment. */
  public readonly deployment: kplus.Deployment;
  /** The ClusterIP Service in front of it. */
  public readonly service: kplus.Service;

  constructor(scope: Construct, id: string, props: MicroserviceProps) {
    super(scope, id);
    const uid = props.runAsUser ?? 10001;
    const metadata = { name: props.name, namespace: props.namespace, labels: props.labels };

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata,
      replicas: props.replicas,
      // stable selectors: cdk8s-plus would otherwise derive one from the construct path
      select: false,
      podMetadata: { labels: props.labels },
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true, user: uid, group: uid, fsGroup: uid },
      containers: [{
        name: props.name,
        image: props.image,
        ports: [{ number: props.port, name: 'http' }],
        resources: {
          cpu: { request: cpu(props.resources.cpuRequest), limit: cpu(props.resources.cpuLimit) },
          memory: {
            request: Size.mebibytes(props.resources.memoryRequestBytes / 2 ** 20),
            limit: Size.mebibytes(props.resources.memoryLimitBytes / 2 ** 20),
          },
        },
        securityContext: {
          ensureNonRoot: true,
          user: uid,
          group: uid,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          privileged: false,
        },
        liveness: kplus.Probe.fromHttpGet('/health', { port: props.port, periodSeconds: Duration.seconds(10) }),
        readiness: kplus.Probe.fromHttpGet('/ready', { port: props.port, periodSeconds: Duration.seconds(5) }),
      }],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: props.selectorLabels }));

    // cdk8s-plus-28 renders neither seccomp nor dropped capabilities: add them at the edge. It
    // also labels pods with their construct path, which a renamed construct id would change.
    const deployment = ApiObject.of(this.deployment);
    deployment.addJsonPatch(
      JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
      JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
    );

    this.service = new kplus.Service(this, 'Service', {
      metadata,
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: 'http', port: 80, targetPort: props.port }],
    });
    // not `selector: this.deployment`: that selects by the construct-path label
    for (const [key, value] of Object.entries(props.selectorLabels)) this.service.selectLabel(key, value);
  }
}

function cpu(q: string): kplus.Cpu {
  return q.endsWith('m') ? kplus.Cpu.millis(Number(q.slice(0, -1))) : kplus.Cpu.units(Number(q));
}
