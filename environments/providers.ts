/**
 * What provides each API and feature the rendered objects rely on, in the environment's own
 * cluster: a custom resource needs its operator (which installs the CRD), an HPA's resource
 * metrics need `metrics.k8s.io`, an Ingress needs the controller of its class, a volume claim its
 * storage class's provisioner, a NetworkPolicy an engine that enforces it, an IRSA annotation the
 * cluster's OIDC provider. One table, read by the closure test over `dist/` (every rendered
 * dependency has its provider in the same environment, in an earlier sync wave) and by anyone
 * adding an add-on: a new kind is rendered only once its provider is listed here.
 */

/**
 * Who provides a capability.
 * - `helmAddon`: the platform add-on of that release name, an Argo CD Application of a pinned chart;
 * - `eksAddon`: the EKS managed add-on of that name in the environment's Terraform stack, with
 *   these configuration values;
 * - `terraform`: a resource of that type in the environment's Terraform stack;
 * - `bootstrap`: installed before Argo CD syncs anything (README, bootstrapping a cluster).
 */
export type CapabilityProvider =
  | { readonly helmAddon: string }
  | { readonly eksAddon: string; readonly configuration?: Readonly<Record<string, string>> }
  | { readonly terraform: string }
  | { readonly bootstrap: string };

/** API groups the Kubernetes API server serves itself: their kinds need no provider. */
export const BUILT_IN_API_GROUPS: readonly string[] = [
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apps', 'authentication.k8s.io', 'authorization.k8s.io',
  'autoscaling', 'batch', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io',
  'flowcontrol.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'policy', 'rbac.authorization.k8s.io',
  'scheduling.k8s.io', 'storage.k8s.io',
];

const ARGO_ROLLOUTS: CapabilityProvider = { helmAddon: 'argo-rollouts' };
const EXTERNAL_SECRETS: CapabilityProvider = { helmAddon: 'external-secrets' };
const LOAD_BALANCER_CONTROLLER: CapabilityProvider = { helmAddon: 'aws-load-balancer-controller' };
const EBS_CSI_DRIVER: CapabilityProvider = { eksAddon: 'aws-ebs-csi-driver' };

/**
 * The operator of each custom resource, by `group/Kind`, or by `group` for every kind of the
 * group. `argoproj.io` is shared: Argo CD's own kinds come with its bootstrap install.
 */
export const API_PROVIDERS: Readonly<Record<string, CapabilityProvider>> = {
  'argoproj.io/Application': { bootstrap: 'Argo CD' },
  'argoproj.io/AppProject': { bootstrap: 'Argo CD' },
  'argoproj.io/ApplicationSet': { bootstrap: 'Argo CD' },
  'argoproj.io/Rollout': ARGO_ROLLOUTS,
  'argoproj.io/AnalysisTemplate': ARGO_ROLLOUTS,
  'argoproj.io/ClusterAnalysisTemplate': ARGO_ROLLOUTS,
  'argoproj.io/AnalysisRun': ARGO_ROLLOUTS,
  'argoproj.io/Experiment': ARGO_ROLLOUTS,
  'external-secrets.io': EXTERNAL_SECRETS,
  'generators.external-secrets.io': EXTERNAL_SECRETS,
  'monitoring.coreos.com': { helmAddon: 'kube-prometheus-stack' },
  'kyverno.io': { helmAddon: 'kyverno' },
  'policies.kyverno.io': { helmAddon: 'kyverno' },
  'autoscaling.k8s.io': { helmAddon: 'vertical-pod-autoscaler' },
  'velero.io': { helmAddon: 'velero' },
  'elbv2.k8s.aws': LOAD_BALANCER_CONTROLLER,
  'externaldns.k8s.io': { helmAddon: 'external-dns' },
};

/**
 * Kinds an add-on's chart renders itself when its values switch them on: an object under one of
 * these keys (anywhere in the values) with `enabled: true`, by key, as `group/Kind`.
 */
export const CHART_VALUES_KINDS: Readonly<Record<string, string>> = {
  serviceMonitor: 'monitoring.coreos.com/ServiceMonitor',
  podMonitor: 'monitoring.coreos.com/PodMonitor',
  prometheusRule: 'monitoring.coreos.com/PrometheusRule',
};

/**
 * Charts that render those kinds only once the cluster serves them (their templates test
 * `.Capabilities.APIVersions.Has`, which Argo CD fills from the cluster), so they may sync before
 * the kinds' operator: Argo CD adds the objects on a later refresh. By chart name.
 */
export const CAPABILITY_GUARDED_CHARTS: readonly string[] = ['external-secrets'];

/** Features that are not an API group of their own. */
export const FEATURE_PROVIDERS = {
  /** NetworkPolicies are enforced: the VPC CNI's network policy agent. */
  networkPolicy: { eksAddon: 'vpc-cni', configuration: { enableNetworkPolicy: 'true' } },
  /** `metrics.k8s.io`: HPA resource metrics and the VPA recommender's input. */
  resourceMetrics: { eksAddon: 'metrics-server' },
  /** IAM roles for ServiceAccounts: the cluster's OIDC identity provider in IAM. */
  irsa: { terraform: 'aws_iam_openid_connect_provider' },
} as const satisfies Record<string, CapabilityProvider>;

/** Ingress classes the add-ons create themselves (no IngressClass object is rendered for them). */
export const INGRESS_CLASS_PROVIDERS: Readonly<Record<string, CapabilityProvider>> = {
  alb: LOAD_BALANCER_CONTROLLER,
};

/** The controller named by a rendered IngressClass's `spec.controller`. */
export const INGRESS_CONTROLLER_PROVIDERS: Readonly<Record<string, CapabilityProvider>> = {
  'ingress.k8s.aws/alb': LOAD_BALANCER_CONTROLLER,
};

/**
 * Storage classes that exist without being rendered (EKS creates `gp2`), by name. None is the
 * default on clusters created at 1.30 or later, so a claim must name its class.
 */
export const STORAGE_CLASS_PROVIDERS: Readonly<Record<string, CapabilityProvider>> = {
  gp2: EBS_CSI_DRIVER,
};

/** The provisioner named by a rendered StorageClass's `provisioner`. */
export const STORAGE_PROVISIONER_PROVIDERS: Readonly<Record<string, CapabilityProvider>> = {
  'ebs.csi.aws.com': EBS_CSI_DRIVER,
  'kubernetes.io/aws-ebs': EBS_CSI_DRIVER,
};
