import { Chart } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { DASHBOARD_LABEL, grafanaJson, overviewDashboard, serviceDashboard } from './slo-dashboards';
import { platformAlerts, type RuleGroup, serviceRuleGroup } from './slo-rules';
import { CustomResource } from '../../constructs/k8s/custom-resource';
import { applicationNamespaces, MONITORING_NAMESPACE, platformLabels } from '../../environments/naming';
import type { Environment } from '../../environments/types';

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
 * PrometheusRule), and the SLO dashboards Grafana's sidecar loads. The Secrets kube-prometheus-stack
 * names (Grafana's admin login, Alertmanager's receivers) come from the secret store's folder, a wave earlier.
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
  }
}
