import type { AddonDefinition } from './addon';
import { MONITORING_NAMESPACE } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';
import { ALERTMANAGER_RECEIVERS_SECRET, alertmanagerConfig } from '../alertmanager-config';
import { GRAFANA_ADMIN_SECRET } from '../secret-store-chart';
import { WAVE } from '../waves';

/** The kube-prometheus-stack chart values the platform sets. */
export interface KubePrometheusStackValues {
  readonly prometheus: {
    readonly prometheusSpec: {
      readonly retention: string;
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly ruleSelectorNilUsesHelmValues: boolean;
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
    };
  };
  readonly alertmanager: {
    readonly alertmanagerSpec: { readonly replicas: number; readonly secrets: readonly string[] };
    readonly config: Record<string, unknown>;
  };
  readonly grafana: {
    readonly sidecar: { readonly dashboards: { readonly enabled: boolean; readonly label: string; readonly labelValue: string } };
    readonly admin: { readonly existingSecret: string; readonly userKey: string; readonly passwordKey: string };
  };
}

export const kubePrometheusStack: AddonDefinition<KubePrometheusStackValues> = {
  name: 'kube-prometheus-stack',
  chart: ADDON_CHARTS.kubePrometheusStack,
  namespace: MONITORING_NAMESPACE,
  podSecurity: 'privileged',
  purpose: 'Prometheus Operator, Prometheus, Alertmanager, Grafana, node exporter',
  usedBy: 'every ServiceMonitor, the PrometheusRule (platform-monitoring), the add-ons\' metrics',
  // after the Secrets it names, before the add-ons whose charts render ServiceMonitors
  wave: WAVE.MONITORING,
  values: ({ environment, settings, production }) => ({
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
      alertmanagerSpec: { replicas: production ? 2 : 1, secrets: [ALERTMANAGER_RECEIVERS_SECRET] },
      config: alertmanagerConfig(environment),
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
  }),
};
