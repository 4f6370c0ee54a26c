import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { SECRET_STORE_NAME } from './secret-store-chart';
import { applicationNamespaces, MONITORING_NAMESPACE, platformLabels, secretNamePrefix } from '../../environments/naming';
import type { Environment } from '../../environments/types';

/** Who an alert wakes up. */
export enum AlertSeverity {
  /** Pages the on-call engineer. */
  CRITICAL = 'critical',
  /** Goes to the team channel. */
  WARNING = 'warning',
}

/** One Prometheus alerting rule. */
export interface AlertRule {
  /** Alert name. */
  readonly alert: string;
  /** PromQL condition. */
  readonly expr: string;
  /** How long the condition must hold. */
  readonly for: string;
  /** Severity in prod; outside prod every alert is a warning. */
  readonly severity: AlertSeverity;
  /** The team that owns the response. */
  readonly team: 'backend' | 'platform';
  /** One-line summary with label templates. */
  readonly summary: string;
}

/** The alerts the owners' documents ask for, scoped to the application namespaces. */
export function serviceAlerts(namespaces: readonly string[]): AlertRule[] {
  const ns = `namespace=~"${namespaces.join('|')}"`;
  return [
    {
      alert: 'ServiceHighErrorRate',
      expr: `sum by (namespace, service) (rate(http_requests_total{${ns},status_code=~"5.."}[5m])) / sum by (namespace, service) (rate(http_requests_total{${ns}}[5m])) > 0.05`,
      for: '5m',
      severity: AlertSeverity.CRITICAL,
      team: 'backend',
      summary: 'More than 5% of {{ $labels.namespace }}/{{ $labels.service }} requests fail with 5xx',
    },
    {
      alert: 'ServiceHighLatency',
      expr: `histogram_quantile(0.95, sum by (namespace, service, le) (rate(http_request_duration_seconds_bucket{${ns}}[5m]))) > 2`,
      for: '10m',
      severity: AlertSeverity.WARNING,
      team: 'backend',
      summary: 'p95 latency of {{ $labels.namespace }}/{{ $labels.service }} is above 2 s',
    },
    {
      alert: 'ServiceTargetDown',
      expr: `up{${ns}} == 0`,
      for: '5m',
      severity: AlertSeverity.CRITICAL,
      team: 'backend',
      summary: 'Prometheus cannot scrape {{ $labels.namespace }}/{{ $labels.pod }}',
    },
    {
      alert: 'PodCrashLooping',
      expr: `increase(kube_pod_container_status_restarts_total{${ns}}[15m]) > 3`,
      for: '5m',
      severity: AlertSeverity.CRITICAL,
      team: 'platform',
      summary: '{{ $labels.namespace }}/{{ $labels.pod }} restarted more than 3 times in 15 minutes',
    },
    {
      alert: 'AutoscalerAtMaximum',
      expr: `kube_horizontalpodautoscaler_status_current_replicas{${ns}} >= kube_horizontalpodautoscaler_spec_max_replicas{${ns}}`,
      for: '15m',
      severity: AlertSeverity.WARNING,
      team: 'platform',
      summary: '{{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has run at its maximum replicas for 15 minutes',
    },
    {
      alert: 'NodeMemoryPressure',
      expr: '(node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes) / node_memory_MemTotal_bytes > 0.9',
      for: '5m',
      severity: AlertSeverity.WARNING,
      team: 'platform',
      summary: 'Node {{ $labels.instance }} uses more than 90% of its memory',
    },
  ];
}

/** The Secret holding Grafana's admin login, synced from AWS Secrets Manager (never in git). */
export const GRAFANA_ADMIN_SECRET = { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' } as const;

/** Props of a {@link MonitoringChart}. */
export interface MonitoringChartProps {
  /** The environment. */
  readonly environment: Environment;
}

/**
 * The monitoring configuration of an environment: alerting rules as a Prometheus Operator
 * `PrometheusRule` that kube-prometheus-stack picks up (its rule selector is opened to every
 * PrometheusRule), and Grafana's admin login as an ExternalSecret, so the chart's well-known
 * default password is never used.
 */
export class MonitoringChart extends Chart {
  constructor(scope: Construct, id: string, props: MonitoringChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const env = props.environment;
    const namespaces = applicationNamespaces(env.services);
    new ApiObject(this, 'rules', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'service-alerts', namespace: MONITORING_NAMESPACE, labels: platformLabels(env.name, 'monitoring') },
      spec: {
        groups: [{
          name: 'services',
          rules: serviceAlerts(namespaces).map((r) => ({
            alert: r.alert,
            expr: r.expr,
            for: r.for,
            labels: {
              severity: env.tier === 'production' ? r.severity : AlertSeverity.WARNING,
              team: r.team,
              environment: env.name,
            },
            annotations: { summary: r.summary },
          })),
        }],
      },
    });

    new ApiObject(this, 'grafana-admin', {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: { name: GRAFANA_ADMIN_SECRET.name, namespace: MONITORING_NAMESPACE, labels: platformLabels(env.name, 'monitoring') },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: SECRET_STORE_NAME },
        target: { name: GRAFANA_ADMIN_SECRET.name, creationPolicy: 'Owner' },
        data: [GRAFANA_ADMIN_SECRET.userKey, GRAFANA_ADMIN_SECRET.passwordKey].map((key) => ({
          secretKey: key,
          remoteRef: { key: `${secretNamePrefix(env.name)}platform/grafana-admin`, property: key },
        })),
      },
    });
  }
}
