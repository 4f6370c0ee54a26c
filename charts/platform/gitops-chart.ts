import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ALERTMANAGER_RECEIVERS_SECRET, alertmanagerConfig } from './alertmanager-config';
import { GRAFANA_ADMIN_SECRET } from './monitoring-chart';
import { collectorValues, lokiValues, OTEL_COLLECTOR, tempoValues } from './telemetry';
import { ArgoCdApplication, type HelmSource } from '../../constructs/k8s/argocd-application';
import { ArgoCdProject } from '../../constructs/k8s/argocd-project';
import {
  backupBucketName, INGRESS_CONTROLLER, irsaRoleArn, MONITORING_NAMESPACE, PLATFORM_ADDONS, platformLabels, telemetryBucketName,
} from '../../environments/naming';
import { ADDON_CHARTS, type GitOpsConfig, type HelmChartRef, type PlatformSettings } from '../../environments/platform';
import type { Environment } from '../../environments/types';

/** The two Argo CD projects: the platform (cluster-wide) and the services (their namespaces only). */
export enum GitOpsProject {
  PLATFORM = 'platform',
  SERVICES = 'services',
}

/** One folder of `dist/k8s/<env>/` that an Application syncs. */
export interface GitOpsFolder {
  /** App name: the folder name and the Application name. */
  readonly app: string;
  /** Project that bounds it. */
  readonly project: GitOpsProject;
  /** Namespace objects without one land in. */
  readonly namespace: string;
  /** Sync wave in the app of apps. */
  readonly wave: number;
  /**
   * The folder's Services are switched by Argo Rollouts (canary or blue-green), which writes a
   * selector hash into them at run time.
   * @default false
   */
  readonly rolloutManaged?: boolean;
}

/** Sync waves: namespaces, then operators (with their CRDs), then their configuration, then services. */
export const WAVE = { NAMESPACES: -2, OPERATORS: -1, CONFIGURATION: 0, SERVICES: 1 } as const;

/** Props of a {@link GitOpsChart}. */
export interface GitOpsChartProps {
  /** The environment. */
  readonly environment: Environment;
  /** Where Argo CD reads this repository. */
  readonly gitops: GitOpsConfig;
  /** The environment's platform settings. */
  readonly settings: PlatformSettings;
  /** Every other folder rendered for the environment. */
  readonly folders: readonly GitOpsFolder[];
}

/**
 * Argo CD's view of one environment, rendered into `dist/k8s/<env>/argocd/`: the projects, an
 * Application per rendered folder, the pinned upstream charts of the platform add-ons (with their
 * IRSA roles from the naming rules), and the root Application that manages this folder itself
 * (app of apps). Bootstrapping a cluster is one `kubectl apply -f dist/k8s/<env>/argocd/`.
 */
export class GitOpsChart extends Chart {
  constructor(scope: Construct, id: string, props: GitOpsChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { environment: env, gitops, settings } = props;
    const labels = platformLabels(env.name, 'gitops');
    const ns = gitops.argocdNamespace;
    const role = (a: { namespace: string; serviceAccount: string }) => irsaRoleArn(env.aws.accountId, env.name, a.namespace, a.serviceAccount);
    const saAnnotations = (a: { namespace: string; serviceAccount: string }) => ({ 'eks.amazonaws.com/role-arn': role(a) });
    // the chart's ServiceAccount, annotated with the IRSA role the Terraform side creates for it
    const irsaServiceAccount = (a: { namespace: string; serviceAccount: string }) => ({ name: a.serviceAccount, annotations: saAnnotations(a) });
    const prod = env.name === 'prod';
    const telemetryStorage = {
      region: env.aws.region,
      tracesBucket: telemetryBucketName(env.name, env.aws.accountId, 'traces'),
      logsBucket: telemetryBucketName(env.name, env.aws.accountId, 'logs'),
      retentionDays: settings.telemetryRetentionDays,
      tempoServiceAccount: irsaServiceAccount(PLATFORM_ADDONS.tempo),
      lokiServiceAccount: irsaServiceAccount(PLATFORM_ADDONS.loki),
    };

    const addons: { name: string; chart: HelmChartRef; namespace: string; podSecurity: 'restricted' | 'baseline' | 'privileged'; values: Record<string, unknown> }[] = [
      {
        name: 'cert-manager',
        chart: ADDON_CHARTS.certManager,
        namespace: 'cert-manager',
        podSecurity: 'baseline',
        values: { crds: { enabled: true }, replicaCount: prod ? 2 : 1, prometheus: { servicemonitor: { enabled: true } } },
      },
      {
        name: 'external-secrets',
        chart: ADDON_CHARTS.externalSecrets,
        namespace: PLATFORM_ADDONS.externalSecrets.namespace,
        podSecurity: 'baseline',
        values: {
          installCRDs: true,
          serviceAccount: irsaServiceAccount(PLATFORM_ADDONS.externalSecrets),
          serviceMonitor: { enabled: true },
        },
      },
      {
        name: 'ingress-nginx',
        chart: ADDON_CHARTS.ingressNginx,
        namespace: INGRESS_CONTROLLER.namespace,
        podSecurity: 'baseline',
        values: {
          controller: {
            ingressClassResource: { name: INGRESS_CONTROLLER.className, default: true },
            replicaCount: prod ? 3 : 1,
            service: {
              annotations: {
                'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
                'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
                'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
              },
            },
            metrics: { enabled: true, serviceMonitor: { enabled: true } },
          },
        },
      },
      {
        name: 'aws-load-balancer-controller',
        chart: ADDON_CHARTS.loadBalancerController,
        namespace: PLATFORM_ADDONS.loadBalancerController.namespace,
        podSecurity: 'baseline',
        values: {
          clusterName: env.cluster.name,
          region: env.aws.region,
          // pods cannot reach IMDS (hop limit 1): find the VPC by the Name tag the Network construct sets
          vpcTags: { Name: env.cluster.name },
          serviceAccount: irsaServiceAccount(PLATFORM_ADDONS.loadBalancerController),
        },
      },
      {
        name: 'external-dns',
        chart: ADDON_CHARTS.externalDns,
        namespace: PLATFORM_ADDONS.externalDns.namespace,
        podSecurity: 'baseline',
        values: {
          provider: { name: 'aws' },
          domainFilters: [env.dns.domain],
          policy: 'upsert-only',
          txtOwnerId: env.cluster.name,
          env: [{ name: 'AWS_DEFAULT_REGION', value: env.aws.region }],
          serviceAccount: irsaServiceAccount(PLATFORM_ADDONS.externalDns),
        },
      },
      {
        name: 'cluster-autoscaler',
        chart: ADDON_CHARTS.clusterAutoscaler,
        namespace: PLATFORM_ADDONS.clusterAutoscaler.namespace,
        podSecurity: 'baseline',
        values: {
          autoDiscovery: { clusterName: env.cluster.name },
          awsRegion: env.aws.region,
          rbac: { serviceAccount: irsaServiceAccount(PLATFORM_ADDONS.clusterAutoscaler) },
          extraArgs: { 'balance-similar-node-groups': true, 'skip-nodes-with-system-pods': false },
        },
      },
      {
        name: 'kube-prometheus-stack',
        chart: ADDON_CHARTS.kubePrometheusStack,
        namespace: MONITORING_NAMESPACE,
        podSecurity: 'privileged',
        values: {
          prometheus: {
            prometheusSpec: {
              retention: settings.metricsRetention,
              // pick up every ServiceMonitor and PrometheusRule, not only the chart's own
              serviceMonitorSelectorNilUsesHelmValues: false,
              ruleSelectorNilUsesHelmValues: false,
              podMonitorSelectorNilUsesHelmValues: false,
            },
          },
          alertmanager: {
            alertmanagerSpec: { replicas: prod ? 2 : 1, secrets: [ALERTMANAGER_RECEIVERS_SECRET] },
            config: alertmanagerConfig(env),
          },
          // never the chart's well-known default password: the login comes from Secrets Manager
          grafana: {
            // the sidecar loads the generated dashboards (ConfigMaps labelled grafana_dashboard=1)
            sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard', labelValue: '1' } },
            admin: {
              existingSecret: GRAFANA_ADMIN_SECRET.name,
              userKey: GRAFANA_ADMIN_SECRET.userKey,
              passwordKey: GRAFANA_ADMIN_SECRET.passwordKey,
            },
          },
        },
      },
      {
        name: 'argo-rollouts',
        chart: ADDON_CHARTS.argoRollouts,
        namespace: 'argo-rollouts',
        podSecurity: 'baseline',
        values: {
          controller: { replicas: prod ? 2 : 1, metrics: { enabled: true, serviceMonitor: { enabled: true } } },
          dashboard: { enabled: false },
        },
      },
      {
        name: 'kyverno',
        chart: ADDON_CHARTS.kyverno,
        namespace: 'kyverno',
        podSecurity: 'baseline',
        values: { admissionController: { replicas: prod ? 3 : 1 }, backgroundController: { replicas: prod ? 2 : 1 } },
      },
      {
        name: 'velero',
        chart: ADDON_CHARTS.velero,
        namespace: PLATFORM_ADDONS.velero.namespace,
        podSecurity: 'baseline',
        values: {
          initContainers: [{
            name: 'velero-plugin-for-aws',
            image: 'velero/velero-plugin-for-aws:v1.12.1',
            volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
          }],
          credentials: { useSecret: false },
          serviceAccount: { server: irsaServiceAccount(PLATFORM_ADDONS.velero) },
          configuration: {
            backupStorageLocation: [{ name: 'default', provider: 'aws', bucket: backupBucketName(env.name, env.aws.accountId), config: { region: env.aws.region } }],
            volumeSnapshotLocation: [{ name: 'default', provider: 'aws', config: { region: env.aws.region } }],
          },
          schedules: {
            daily: { schedule: settings.backupSchedule, template: { ttl: settings.backupTtl, includedNamespaces: ['*'], snapshotVolumes: true } },
          },
        },
      },
      {
        name: 'tempo',
        chart: ADDON_CHARTS.tempo,
        namespace: PLATFORM_ADDONS.tempo.namespace,
        podSecurity: 'restricted',
        values: tempoValues(telemetryStorage),
      },
      {
        name: 'loki',
        chart: ADDON_CHARTS.loki,
        namespace: PLATFORM_ADDONS.loki.namespace,
        podSecurity: 'restricted',
        values: lokiValues(telemetryStorage),
      },
      {
        name: OTEL_COLLECTOR.release,
        chart: ADDON_CHARTS.openTelemetryCollector,
        namespace: OTEL_COLLECTOR.namespace,
        podSecurity: 'restricted',
        values: collectorValues(env),
      },
      {
        name: 'vertical-pod-autoscaler',
        chart: ADDON_CHARTS.verticalPodAutoscaler,
        namespace: 'kube-system',
        podSecurity: 'baseline',
        // recommendations only: services' VPAs run with updateMode "Off"
        values: { updater: { enabled: false }, admissionController: { enabled: false } },
      },
    ];

    const platformNamespaces = [...new Set([
      ns, ...addons.map((a) => a.namespace), ...props.folders.map((f) => f.namespace),
    ])].sort();
    new ArgoCdProject(this, 'platform-project', {
      name: GitOpsProject.PLATFORM,
      argocdNamespace: ns,
      description: `Platform of ${env.name}: namespaces, operators and their configuration`,
      sourceRepos: [gitops.repoUrl, ...[...new Set(addons.map((a) => a.chart.repoUrl))].sort()],
      destinationNamespaces: platformNamespaces,
      // operators install CRDs, ClusterRoles and webhooks
      clusterResources: [{ group: '*', kind: '*' }],
      labels,
    });
    const serviceFolders = props.folders.filter((f) => f.project === GitOpsProject.SERVICES);
    new ArgoCdProject(this, 'services-project', {
      name: GitOpsProject.SERVICES,
      argocdNamespace: ns,
      description: `Services of ${env.name}: namespaced objects in their own namespaces only`,
      sourceRepos: [gitops.repoUrl],
      destinationNamespaces: [...new Set(serviceFolders.map((f) => f.namespace))].sort(),
      deniedNamespacedResources: [{ group: '', kind: 'ResourceQuota' }, { group: '', kind: 'LimitRange' }],
      labels,
    });

    const folderPath = (app: string) => `dist/k8s/${env.name}/${app}`;
    new ArgoCdApplication(this, 'root', {
      name: `${env.name}-root`,
      argocdNamespace: ns,
      project: GitOpsProject.PLATFORM,
      source: { directory: { repoUrl: gitops.repoUrl, targetRevision: gitops.targetRevision, path: folderPath('argocd') } },
      destinationNamespace: ns,
      labels,
    });
    for (const f of props.folders) {
      new ArgoCdApplication(this, `app-${f.app}`, {
        name: `${env.name}-${f.app}`,
        argocdNamespace: ns,
        project: f.project,
        source: { directory: { repoUrl: gitops.repoUrl, targetRevision: gitops.targetRevision, path: folderPath(f.app) } },
        destinationNamespace: f.namespace,
        syncWave: f.wave,
        ...(f.rolloutManaged ? {
          ignoreDifferences: [{ group: '', kind: 'Service', jqPathExpressions: ['.spec.selector["rollouts-pod-template-hash"]'] }],
        } : {}),
        labels,
      });
    }
    for (const a of addons) {
      const helm: HelmSource = { ...a.chart, releaseName: a.name, values: a.values };
      new ArgoCdApplication(this, `addon-${a.name}`, {
        name: `${env.name}-${a.name}`,
        argocdNamespace: ns,
        project: GitOpsProject.PLATFORM,
        source: { helm },
        destinationNamespace: a.namespace,
        syncWave: WAVE.OPERATORS,
        // kube-system exists already and is not ours to label
        ...(a.namespace === 'kube-system' ? {} : {
          createNamespace: {
            labels: { 'pod-security.kubernetes.io/enforce': a.podSecurity, 'pod-security.kubernetes.io/warn': 'restricted' },
          },
        }),
        labels,
      });
    }
  }
}
