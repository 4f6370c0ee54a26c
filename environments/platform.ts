/**
 * Platform values: how Argo CD finds this repository, which upstream Helm charts run the
 * platform add-ons (each pinned to an exact version). How strict each
 * environment is lives in the environment itself (`platform`, `tier`).
 * Only values live here; charts/platform/ turns them into manifests.
 */

/** Where Argo CD reads the rendered manifests. */
export interface GitOpsConfig {
  /** Git URL of this repository. */
  readonly repoUrl: string;
  /** Branch Argo CD follows: CI never deploys, a merge to it does. */
  readonly targetRevision: string;
  /** Namespace Argo CD runs in (in every environment's own cluster). */
  readonly argocdNamespace: string;
  /**
   * Secrets Manager secret (under `<env>/platform/`) with the `username` and `password` Argo CD
   * reads this repository with; an ExternalSecret turns it into Argo CD's repository Secret.
   */
  readonly repoCredentialsSecret: string;
}

/** An upstream Helm chart, pinned. */
export interface HelmChartRef {
  /** Helm repository URL. */
  readonly repoUrl: string;
  /** Chart name. */
  readonly chart: string;
  /** Exact chart version: never a range, so a render says exactly what runs. */
  readonly version: string;
}

/** How Kyverno treats a policy violation. */
export enum PolicyEnforcement {
  /** Report only. */
  AUDIT = 'Audit',
  /** Refuse the object at admission. */
  ENFORCE = 'Enforce',
}

export const gitops: GitOpsConfig = {
  repoUrl: 'https://github.com/acme/platform.git',
  targetRevision: 'main',
  argocdNamespace: 'argocd',
  repoCredentialsSecret: 'argocd-repository',
};

/**
 * The add-ons every cluster runs, as pinned upstream charts. external-secrets stays on 0.16, the
 * last line that serves external-secrets.io/v1beta1, the version our offline schemas cover.
 */
export const ADDON_CHARTS = {
  externalSecrets: { repoUrl: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '0.16.2' },
  loadBalancerController: { repoUrl: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: '1.13.4' },
  externalDns: { repoUrl: 'https://kubernetes-sigs.github.io/external-dns', chart: 'external-dns', version: '1.18.0' },
  clusterAutoscaler: { repoUrl: 'https://kubernetes.github.io/autoscaler', chart: 'cluster-autoscaler', version: '9.50.1' },
  kubePrometheusStack: { repoUrl: 'https://prometheus-community.github.io/helm-charts', chart: 'kube-prometheus-stack', version: '77.0.1' },
  argoRollouts: { repoUrl: 'https://argoproj.github.io/argo-helm', chart: 'argo-rollouts', version: '2.40.4' },
  kyverno: { repoUrl: 'https://kyverno.github.io/kyverno', chart: 'kyverno', version: '3.5.1' },
  velero: { repoUrl: 'https://vmware-tanzu.github.io/helm-charts', chart: 'velero', version: '10.1.0' },
  verticalPodAutoscaler: { repoUrl: 'https://kubernetes.github.io/autoscaler', chart: 'vertical-pod-autoscaler', version: '0.6.0' },
  argoCd: { repoUrl: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '8.3.0' },
  tempo: { repoUrl: 'https://grafana.github.io/helm-charts', chart: 'tempo', version: '1.23.3' },
  loki: { repoUrl: 'https://grafana.github.io/helm-charts', chart: 'loki', version: '6.40.0' },
  openTelemetryCollector: { repoUrl: 'https://open-telemetry.github.io/opentelemetry-helm-charts', chart: 'opentelemetry-collector', version: '0.131.0' },
} as const satisfies Record<string, HelmChartRef>;
