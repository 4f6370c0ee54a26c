import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { addonNamespaces } from './platform/addons/addon-namespaces';
import { DefaultDenyNetworkPolicy } from '../constructs/k8s/default-deny-network-policy';
import { NamespaceQuota } from '../constructs/k8s/namespace-quota';
import { ALB_READINESS_GATE_LABEL, DEFAULT_DENY_POLICY_NAME, platformLabels, applicationNamespaces, PUBLIC_INGRESS_NAMESPACE_LABEL, serviceNamespace } from '../environments/naming';
import { gitops } from '../environments/platform';
import type { Environment, Service } from '../environments/types';

/** The surge of a rolling release (Microservice's maxSurge), percent of the replicas, rounded up as Kubernetes does. */
const ROLLING_SURGE_PERCENT = 25;

/**
 * The most pods a service runs at once: its largest replica count (the HPA maximum, else the
 * replicas) plus what a release adds at its worst moment: a rolling update's surge (a public
 * one is weighted at the ALB, so its new ReplicaSet grows to full size before the old one
 * shrinks); a canary's new ReplicaSet, which with traffic routing grows to full size too;
 * a blue-green preview, a full second ReplicaSet until the switch (and the scale-down delay).
 */
export function peakPods(service: Pick<Service, 'replicas' | 'autoscaling' | 'strategy' | 'exposure'>): number {
  const replicas = service.autoscaling?.maxReplicas ?? service.replicas;
  switch (service.strategy?.type ?? 'rolling') {
    case 'rolling': return service.exposure === 'public' ? 2 * replicas : replicas + Math.ceil((replicas * ROLLING_SURGE_PERCENT) / 100);
    case 'canary': return 2 * replicas;
    case 'blueGreen': return 2 * replicas;
  }
}

/** Props of a {@link NamespacesChart}. */
export interface NamespacesChartProps {
  /** The environment whose application namespaces are rendered. */
  readonly environment: Environment;
}

/**
 * The application namespaces of an environment, each enforcing the Pod Security Standards
 * "restricted" profile, closed by a default-deny NetworkPolicy (each service's own policies
 * open its declared paths) and bounded by a ResourceQuota and LimitRange computed from its
 * services, large enough for every release at the autoscaling maximum. Objects that belong to a
 * namespace rather than to one service live here.
 *
 * The add-ons' namespaces too (their Pod Security level from the add-on catalog), in the first
 * wave: the ExternalSecrets an add-on names land in its namespace a wave before the add-on.
 */
export class NamespacesChart extends Chart {
  constructor(scope: Construct, id: string, props: NamespacesChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const env = props.environment;
    const names = applicationNamespaces(env.services);
    for (const name of names) {
      new kplus.Namespace(this, name, {
        metadata: {
          name,
          labels: {
            ...platformLabels(env.name, 'namespace'),
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/enforce-version': 'latest',
            'pod-security.kubernetes.io/warn': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
            // the ALB sends to pod IPs: a pod counts as ready only once its target is healthy, so a
            // release never takes old pods away before the ALB can reach the new ones
            // and only such namespaces may use the ALB's ingress class (its IngressClassParams select them)
            ...(env.services.some((svc) => serviceNamespace(svc) === name && svc.exposure === 'public')
              ? { [ALB_READINESS_GATE_LABEL]: 'enabled', [PUBLIC_INGRESS_NAMESPACE_LABEL]: 'true' } : {}),
          },
        },
      });
      new DefaultDenyNetworkPolicy(this, `${name}-default-deny`, {
        name: DEFAULT_DENY_POLICY_NAME,
        namespace: name,
        labels: platformLabels(env.name, 'network-policy'),
      });
      new NamespaceQuota(this, `${name}-quota`, {
        namespace: name,
        labels: platformLabels(env.name, 'quota'),
        workloads: env.services.filter((svc) => serviceNamespace(svc) === name)
          .map((svc) => ({ name: svc.name, peakPods: peakPods(svc), requests: svc.resources.requests, limits: svc.resources.limits })),
      });
    }
    for (const ns of addonNamespaces(gitops.argocdNamespace)) {
      new kplus.Namespace(this, `addon-${ns.name}`, {
        metadata: {
          name: ns.name,
          labels: {
            ...platformLabels(env.name, 'addon-namespace'),
            'pod-security.kubernetes.io/enforce': ns.podSecurity,
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      });
    }
  }
}
