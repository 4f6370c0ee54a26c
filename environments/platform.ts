/**
 * Platform values: how Argo CD finds this repository, which upstream Helm charts run the
 * platform add-ons (each pinned to an exact version), and how strict each environment is.
 * Only values live here; charts/platform/ turns them into manifests.
 */
import { ConfigError } from './errors';
import type { EnvironmentName } from './types';

/** Where Argo CD reads the rendered manifests. */
export interface GitOpsConfig {
  /** Git URL of this repository. */
  readonly repoUrl: string;
  /** Branch Argo CD follows: CI never deploys, a merge to it does. */
  readonly targetRevision: string;
  /** Namespace Argo CD runs in (in every environment's own cluster). */
  readonly argocdNamespace: string;
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

/** Per-environment platform knobs. */
export interface PlatformSettings {
  /** What Kyverno does with a violation of the platform policies. */
  readonly policyEnforcement: PolicyEnforcement;
  /** Prometheus retention, e.g. `7d`. */
  readonly metricsRetention: string;
  /** Velero's daily backup schedule (cron, UTC). */
  readonly backupSchedule: string;
  /** How long Velero keeps a backup, e.g. `168h0m0s`. */
  readonly backupTtl: string;
  /** ACME server for cert-manager (Let's Encrypt staging outside prod avoids rate limits). */
  readonly acmeServer: string;
  /** Address cert-manager's ACME account registers with. */
  readonly acmeEmail: string;
  /**
   * Days Tempo's traces and Loki's logs are kept (their buckets' lifecycle and the tools' own
   * retention), 1 to 400.
   */
  readonly telemetryRetentionDays: number;
}

export const gitops: GitOpsConfig = {
  repoUrl: 'https://github.com/acme/platform.git',
  targetRevision: 'main',
  argocdNamespace: 'argocd',
};

/**
 * The add-ons every cluster runs, as pinned upstream charts. external-secrets stays on 0.16, the
 * last line that serves external-secrets.io/v1beta1, the version our offline schemas cover.
 */
export const ADDON_CHARTS = {
  certManager: { repoUrl: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.18.2' },
  externalSecrets: { repoUrl: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '0.16.2' },
  ingressNginx: { repoUrl: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', version: '4.13.3' },
  loadBalancerController: { repoUrl: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: '1.13.4' },
  externalDns: { repoUrl: 'https://kubernetes-sigs.github.io/external-dns', chart: 'external-dns', version: '1.18.0' },
  clusterAutoscaler: { repoUrl: 'https://kubernetes.github.io/autoscaler', chart: 'cluster-autoscaler', version: '9.50.1' },
  kubePrometheusStack: { repoUrl: 'https://prometheus-community.github.io/helm-charts', chart: 'kube-prometheus-stack', version: '77.0.1' },
  argoRollouts: { repoUrl: 'https://argoproj.github.io/argo-helm', chart: 'argo-rollouts', version: '2.40.4' },
  kyverno: { repoUrl: 'https://kyverno.github.io/kyverno', chart: 'kyverno', version: '3.5.1' },
  velero: { repoUrl: 'https://vmware-tanzu.github.io/helm-charts', chart: 'velero', version: '10.1.0' },
  verticalPodAutoscaler: { repoUrl: 'https://kubernetes.github.io/autoscaler', chart: 'vertical-pod-autoscaler', version: '0.6.0' },
  tempo: { repoUrl: 'https://grafana.github.io/helm-charts', chart: 'tempo', version: '1.23.3' },
  loki: { repoUrl: 'https://grafana.github.io/helm-charts', chart: 'loki', version: '6.40.0' },
  openTelemetryCollector: { repoUrl: 'https://open-telemetry.github.io/opentelemetry-helm-charts', chart: 'opentelemetry-collector', version: '0.131.0' },
} as const satisfies Record<string, HelmChartRef>;

const LETS_ENCRYPT = 'https://acme-v02.api.letsencrypt.org/directory';
const LETS_ENCRYPT_STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';

/** Dev audits and uses Let's Encrypt's staging CA; staging and prod enforce and get trusted certificates. */
export const platformSettings: Readonly<Record<EnvironmentName, PlatformSettings>> = {
  dev: {
    policyEnforcement: PolicyEnforcement.AUDIT,
    metricsRetention: '3d',
    backupSchedule: '0 3 * * *',
    backupTtl: '72h0m0s',
    acmeServer: LETS_ENCRYPT_STAGING,
    acmeEmail: 'platform-team@example.com',
    telemetryRetentionDays: 7,
  },
  staging: {
    policyEnforcement: PolicyEnforcement.ENFORCE,
    metricsRetention: '7d',
    backupSchedule: '0 3 * * *',
    backupTtl: '168h0m0s',
    acmeServer: LETS_ENCRYPT,
    acmeEmail: 'platform-team@example.com',
    telemetryRetentionDays: 14,
  },
  prod: {
    policyEnforcement: PolicyEnforcement.ENFORCE,
    metricsRetention: '15d',
    backupSchedule: '0 2 * * *',
    backupTtl: '720h0m0s',
    acmeServer: LETS_ENCRYPT,
    acmeEmail: 'platform-team@example.com',
    telemetryRetentionDays: 30,
  },
};

/** The platform settings of an environment; a ConfigError when `platformSettings` lacks it. */
export function platformSettingsOf(environment: string): PlatformSettings {
  const settings = (platformSettings as Readonly<Record<string, PlatformSettings | undefined>>)[environment];
  if (!settings) {
    throw new ConfigError(environment, 'environments/platform.ts: platformSettings', `environment "${environment}" has no platform settings`,
      `add a "${environment}" entry (policy enforcement, metrics retention, backups, ACME server) to platformSettings`);
  }
  const days = settings.telemetryRetentionDays;
  if (!Number.isInteger(days) || days < 1 || days > 400) {
    throw new ConfigError(environment, 'environments/platform.ts: platformSettings.telemetryRetentionDays', `${JSON.stringify(days)} is not a number of days from 1 to 400`,
      'keep traces and logs for a whole number of days, e.g. 30');
  }
  return settings;
}
