import { Chart } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { ALERTMANAGER_RECEIVERS_SECRET, receiverSecretKeysOf } from './alertmanager-config';
import { SECRET_STORE_NAME } from './secret-store-chart';
import { DASHBOARD_LABEL, grafanaJson, overviewDashboard, serviceDashboard } from './slo-dashboards';
import { platformAlerts, type RuleGroup, serviceRuleGroup } from './slo-rules';
import { CustomResource } from '../../constructs/k8s/custom-resource';
import { applicationNamespaces, MONITORING_NAMESPACE, platformLabels, secretNamePrefix } from '../../environments/naming';
import type { Environment } from '../../environments/types';

/** The Secret holding Grafana's admin login, synced from AWS Secrets Manager (never in git). */
export const GRAFANA_ADMIN_SECRET = { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' } as const;

/** Name of the PrometheusRule holding a service's SLO rules and alerts. */
export function serviceRuleName(serviceName: string): string {
  return `slo-${serviceName}`;
}
/** Name of the PrometheusRule of the platform's own alerts. */
export const PLATFORM_RULE_NAME = 'platform-alerts';

/** Every rule group of an environment, by the PrometheusRule that holds it. */
export function ruleGroupsOf(env: Environment): { name: string; groups: RuleGroup[] }[] {
  return [
    ...env.services.map((s) => ({ name: serviceRuleName(s.name), groups: [serviceRuleGroup(env, s)] })),
    { name: PLATFORM_RULE_NAME, groups: [{ name: 'platform', rules: platformAlerts(env, applicationNamespaces(env.services)) }] },
  ];
}

/** Props of a {@link MonitoringChart}. */
export interface MonitoringChartProps {
  /** The environment. */
  readonly environment: Environment;
}

/**
 * The monitoring configuration of an environment: one Prometheus Operator `PrometheusRule` per
 * service (its SLO recording rules, burn-rate alerts and symptom alerts) and one for the platform's
 * alerts, which kube-prometheus-stack picks up (its rule selector is opened to every
 * PrometheusRule), and Grafana's admin login as an ExternalSecret, so the chart's well-known
 * default password is never used.
 */
export class MonitoringChart extends Chart {
  constructor(scope: Construct, id: string, props: MonitoringChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const env = props.environment;
    for (const rule of ruleGroupsOf(env)) {
      new CustomResource(this, `rules-${rule.name}`, {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: rule.name, namespace: MONITORING_NAMESPACE, labels: platformLabels(env.name, 'monitoring') },
        spec: { groups: rule.groups.map((g) => ({ name: g.name, rules: g.rules.map((r) => ({ ...r })) })) },
      });
    }

    for (const d of [...env.services.map(serviceDashboard), overviewDashboard(env)]) {
      new k8s.KubeConfigMap(this, `dashboard-${d.uid}`, {
        metadata: {
          name: `dashboard-${d.uid}`,
          namespace: MONITORING_NAMESPACE,
          labels: { ...platformLabels(env.name, 'monitoring'), ...DASHBOARD_LABEL },
        },
        data: { [`${d.uid}.json`]: grafanaJson(d) },
      });
    }

    // the receivers' webhooks and pager keys: Alertmanager reads them as files from this Secret
    new CustomResource(this, 'alertmanager-receivers', {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: { name: ALERTMANAGER_RECEIVERS_SECRET, namespace: MONITORING_NAMESPACE, labels: platformLabels(env.name, 'monitoring') },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: SECRET_STORE_NAME },
        target: { name: ALERTMANAGER_RECEIVERS_SECRET, creationPolicy: 'Owner' },
        data: receiverSecretKeysOf(env).map((key) => ({
          secretKey: key,
          remoteRef: { key: `${secretNamePrefix(env.name)}platform/${ALERTMANAGER_RECEIVERS_SECRET}`, property: key },
        })),
      },
    });

    new CustomResource(this, 'grafana-admin', {
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
