import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { cpuMillis, memoryBytes } from '../../environments/quantity';

/** CPU and memory as Kubernetes quantities (`250m`, `256Mi`). */
export interface QuotaQuantities {
  /** CPU, e.g. `250m` or `1`. */
  readonly cpu: string;
  /** Memory, e.g. `256Mi`. */
  readonly memory: string;
}

/** One workload of the namespace, at its largest. */
export interface QuotaWorkload {
  /** Workload name (for error messages). */
  readonly name: string;
  /**
   * Most pods the workload can run at once: its largest replica count plus every extra pod its
   * release strategy starts (surge, canary, blue-green preview).
   */
  readonly peakPods: number;
  /** Requests of one pod. */
  readonly requests: QuotaQuantities;
  /** Limits of one pod. */
  readonly limits: QuotaQuantities;
}

/** Props of a {@link NamespaceQuota}. */
export interface NamespaceQuotaProps {
  /** The namespace. */
  readonly namespace: string;
  /** Labels of both objects. */
  readonly labels: Record<string, string>;
  /** Every workload of the namespace; at least one. */
  readonly workloads: readonly QuotaWorkload[];
  /**
   * Name of the ResourceQuota and of the LimitRange.
   * @default 'workloads'
   */
  readonly name?: string;
}

const cpu = (q: string, where: string): number => {
  const v = cpuMillis(q);
  if (v === undefined) throw new Error(`${where}: "${q}" is not a CPU quantity`);
  return v;
};
const memory = (q: string, where: string): number => {
  const v = memoryBytes(q);
  if (v === undefined) throw new Error(`${where}: "${q}" is not a memory quantity`);
  return v;
};
const MI = 2 ** 20;
/** Millicores as a quantity. */
const cpuQuantity = (millis: number): string => `${Math.ceil(millis)}m`;
/** Bytes as a quantity: Mi when whole, else bytes. */
const memoryQuantity = (bytes: number): string => (bytes % MI === 0 ? `${bytes / MI}Mi` : `${Math.ceil(bytes)}`);

/**
 * A ResourceQuota and a LimitRange for one namespace, sized so that they never block a rollout:
 * the quota is the sum over the workloads of their peak pods (the largest replica count plus the
 * extra pods the release strategy adds) times each pod's requests and limits, so a runaway
 * service cannot take more than the namespace was planned for, and a release at the HPA maximum
 * still fits. The LimitRange caps every container at the workloads' largest limit and gives
 * containers without values the smallest request and limit, so it contradicts none of them.
 */
export class NamespaceQuota extends Construct {
  /** The quota. */
  public readonly quota: k8s.KubeResourceQuota;
  /** The container limits. */
  public readonly limitRange: k8s.KubeLimitRange;

  constructor(scope: Construct, id: string, props: NamespaceQuotaProps) {
    super(scope, id);
    if (props.workloads.length === 0) throw new Error(`NamespaceQuota ${props.namespace}: no workloads`);
    const name = props.name ?? 'workloads';
    const w = props.workloads.map((x) => {
      const at = `${props.namespace}/${x.name}`;
      if (!Number.isInteger(x.peakPods) || x.peakPods < 1) throw new Error(`${at}: peakPods ${x.peakPods} is not a positive integer`);
      return {
        pods: x.peakPods,
        requests: { cpu: cpu(x.requests.cpu, at), memory: memory(x.requests.memory, at) },
        limits: { cpu: cpu(x.limits.cpu, at), memory: memory(x.limits.memory, at) },
      };
    });
    const sum = (f: (x: typeof w[number]) => number) => w.reduce((n, x) => n + x.pods * f(x), 0);
    const min = (f: (x: typeof w[number]) => number) => Math.min(...w.map(f));
    const max = (f: (x: typeof w[number]) => number) => Math.max(...w.map(f));

    this.quota = new k8s.KubeResourceQuota(this, 'Quota', {
      metadata: { name, namespace: props.namespace, labels: props.labels },
      spec: {
        hard: {
          'pods': k8s.Quantity.fromNumber(w.reduce((n, x) => n + x.pods, 0)),
          'requests.cpu': k8s.Quantity.fromString(cpuQuantity(sum((x) => x.requests.cpu))),
          'requests.memory': k8s.Quantity.fromString(memoryQuantity(sum((x) => x.requests.memory))),
          'limits.cpu': k8s.Quantity.fromString(cpuQuantity(sum((x) => x.limits.cpu))),
          'limits.memory': k8s.Quantity.fromString(memoryQuantity(sum((x) => x.limits.memory))),
        },
      },
    });
    const q = (c: number, m: number) => ({ cpu: k8s.Quantity.fromString(cpuQuantity(c)), memory: k8s.Quantity.fromString(memoryQuantity(m)) });
    this.limitRange = new k8s.KubeLimitRange(this, 'Limits', {
      metadata: { name, namespace: props.namespace, labels: props.labels },
      spec: {
        limits: [{
          type: 'Container',
          max: q(max((x) => x.limits.cpu), max((x) => x.limits.memory)),
          defaultRequest: q(min((x) => x.requests.cpu), min((x) => x.requests.memory)),
          default: q(min((x) => x.limits.cpu), min((x) => x.limits.memory)),
        }],
      },
    });
  }
}
