/**
 * Grafana dashboards from the same objectives as the rules: one per service (SLO, error budget
 * remaining, burn rate, latency percentiles, saturation, new version vs stable) and one overview.
 * kube-prometheus-stack's Grafana sidecar loads every ConfigMap labelled `grafana_dashboard`.
 */
import {
  dashboardUid, ERROR_RATIO_WINDOWS, errorRatioRecord, OBJECTIVE_RECORD, objectivesOf, OVERVIEW_DASHBOARD_UID, serviceSelector,
} from './slo-rules';
import { ROLLOUT_HASH_METRIC_LABEL } from '../../constructs/k8s/microservice';
import type { Environment, Service } from '../../environments/types';

/** The label (and value) kube-prometheus-stack's Grafana sidecar looks for. */
export const DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;
/** kube-prometheus-stack's Prometheus datasource. */
const DATASOURCE = { type: 'prometheus', uid: 'prometheus' } as const;

/** One query of a panel. */
export interface DashboardTarget {
  /** PromQL. */
  readonly expr: string;
  /** Legend template. */
  readonly legendFormat: string;
}

/** One panel. */
export interface DashboardPanel {
  /** Title. */
  readonly title: string;
  /** `timeseries` or `stat`. */
  readonly type: 'timeseries' | 'stat';
  /** Grafana unit of the values. */
  readonly unit: string;
  /** The queries. */
  readonly targets: readonly DashboardTarget[];
}

/** A dashboard before layout. */
export interface Dashboard {
  /** Grafana uid (the alerts' `dashboard_url` points at it). */
  readonly uid: string;
  /** Title. */
  readonly title: string;
  /** Panels, laid out two per row. */
  readonly panels: readonly DashboardPanel[];
}

/** The panels of one service. */
export function serviceDashboard(service: Service): Dashboard {
  const sel = serviceSelector(service);
  const m = service.slo.metrics;
  const w = service.slo.window;
  // pods of the service: its ReplicaSets' pods are named <service>-<hash>-<id>
  const pods = `namespace="${service.namespace}",pod=~"${service.name}-[a-z0-9]+-[a-z0-9]+",container="${service.name}"`;
  const objectives = objectivesOf(service.slo);
  const bySlo = (kind: string) => `{${sel},slo="${kind}"}`;
  const panels: DashboardPanel[] = [
    {
      title: `SLO over ${w} (objective dashed)`,
      type: 'stat',
      unit: 'percentunit',
      targets: objectives.flatMap(({ kind }) => [
        { expr: `1 - avg_over_time(${errorRatioRecord('5m')}${bySlo(kind)}[${w}])`, legendFormat: `${kind}` },
        { expr: `${OBJECTIVE_RECORD}${bySlo(kind)}`, legendFormat: `${kind} objective` },
      ]),
    },
    {
      title: `Error budget remaining (${w})`,
      type: 'stat',
      unit: 'percentunit',
      targets: objectives.map(({ kind }) => ({
        expr: `1 - avg_over_time(${errorRatioRecord('5m')}${bySlo(kind)}[${w}]) / on(namespace, service, slo) (1 - ${OBJECTIVE_RECORD}${bySlo(kind)})`,
        legendFormat: kind,
      })),
    },
    {
      title: 'Burn rate (1 = budget lasts exactly the window)',
      type: 'timeseries',
      unit: 'none',
      targets: objectives.flatMap(({ kind }) => (['5m', '1h', '6h', '3d'] as const)
        .filter((x) => (ERROR_RATIO_WINDOWS as readonly string[]).includes(x))
        .map((x) => ({
          expr: `${errorRatioRecord(x)}${bySlo(kind)} / on(namespace, service, slo) (1 - ${OBJECTIVE_RECORD}${bySlo(kind)})`,
          legendFormat: `${kind} ${x}`,
        }))),
    },
    {
      title: 'Requests and errors per second',
      type: 'timeseries',
      unit: 'reqps',
      targets: [
        { expr: `sum(rate(${m.requests}{${sel}}[5m]))`, legendFormat: 'requests' },
        { expr: `sum(rate(${m.requests}{${sel},${m.statusCodeLabel}=~"5.."}[5m]))`, legendFormat: '5xx' },
      ],
    },
    {
      title: 'Latency percentiles',
      type: 'timeseries',
      unit: 's',
      targets: [0.5, 0.95, 0.99].map((q) => ({
        expr: `histogram_quantile(${q}, sum by (le) (rate(${m.duration}_bucket{${sel}}[5m])))`,
        legendFormat: `p${Math.round(q * 100)}`,
      })),
    },
    {
      title: 'Saturation: CPU and memory of the limits, CPU throttling',
      type: 'timeseries',
      unit: 'percentunit',
      targets: [
        {
          expr: `sum(rate(container_cpu_usage_seconds_total{${pods}}[5m])) / sum(kube_pod_container_resource_limits{${pods},resource="cpu"})`,
          legendFormat: 'CPU of limit',
        },
        {
          expr: `sum(container_memory_working_set_bytes{${pods}}) / sum(kube_pod_container_resource_limits{${pods},resource="memory"})`,
          legendFormat: 'memory of limit',
        },
        {
          expr: `sum(rate(container_cpu_cfs_throttled_periods_total{${pods}}[5m])) / sum(rate(container_cpu_cfs_periods_total{${pods}}[5m]))`,
          legendFormat: 'throttled periods',
        },
      ],
    },
    {
      title: 'Error ratio by version (canary vs stable, by pod-template hash)',
      type: 'timeseries',
      unit: 'percentunit',
      targets: [{
        expr: `sum by (${ROLLOUT_HASH_METRIC_LABEL}) (rate(${m.requests}{${sel},${m.statusCodeLabel}=~"5.."}[5m]))`
          + ` / sum by (${ROLLOUT_HASH_METRIC_LABEL}) (rate(${m.requests}{${sel}}[5m]))`,
        legendFormat: `{{${ROLLOUT_HASH_METRIC_LABEL}}}`,
      }],
    },
    {
      title: 'Pod restarts (15m)',
      type: 'timeseries',
      unit: 'none',
      targets: [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${pods}}[15m]))`, legendFormat: '{{pod}}' }],
    },
  ];
  return { uid: dashboardUid(service.name), title: `SLO / ${service.namespace} / ${service.name}`, panels };
}

/** The overview: every service's budget and burn rate on one page. */
export function overviewDashboard(env: Environment): Dashboard {
  return {
    uid: OVERVIEW_DASHBOARD_UID,
    title: `SLO overview (${env.name})`,
    panels: [
      {
        title: 'Error budget remaining, per service and objective',
        type: 'stat',
        unit: 'percentunit',
        targets: env.services.flatMap((s) => objectivesOf(s.slo).map(({ kind }) => ({
          expr: `1 - avg_over_time(${errorRatioRecord('5m')}{${serviceSelector(s)},slo="${kind}"}[${s.slo.window}])`
            + ` / on(namespace, service, slo) (1 - ${OBJECTIVE_RECORD}{${serviceSelector(s)},slo="${kind}"})`,
          legendFormat: `${s.name} ${kind}`,
        }))),
      },
      {
        title: 'Burn rate over 1h, per service and objective',
        type: 'timeseries',
        unit: 'none',
        targets: [{ expr: `${errorRatioRecord('1h')} / on(namespace, service, slo) (1 - ${OBJECTIVE_RECORD})`, legendFormat: '{{service}} {{slo}}' }],
      },
      {
        title: 'Firing alerts by team and severity',
        type: 'timeseries',
        unit: 'none',
        targets: [{ expr: 'sum by (team, severity) (ALERTS{alertstate="firing"})', legendFormat: '{{team}} {{severity}}' }],
      },
      {
        title: 'Node memory in use',
        type: 'timeseries',
        unit: 'percentunit',
        targets: [{ expr: '(node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes) / node_memory_MemTotal_bytes', legendFormat: '{{instance}}' }],
      },
    ],
  };
}

/** The dashboard as Grafana's JSON model (panels two per row). */
export function grafanaJson(d: Dashboard): string {
  const model = {
    uid: d.uid,
    title: d.title,
    tags: ['slo', 'generated'],
    editable: false,
    schemaVersion: 39,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    panels: d.panels.map((p, i) => ({
      id: i + 1,
      type: p.type,
      title: p.title,
      datasource: DATASOURCE,
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      targets: p.targets.map((t, j) => ({ refId: String.fromCharCode(65 + j), datasource: DATASOURCE, expr: t.expr, legendFormat: t.legendFormat })),
    })),
  };
  return `${JSON.stringify(model, null, 2)}\n`;
}
