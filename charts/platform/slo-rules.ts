/**
 * Prometheus rules derived from the catalog's service level objectives (the multi-window,
 * multi-burn-rate alerting of the Google SRE workbook, chapter 5) and the symptom alerts the
 * platform keeps beside them. Pure functions of the environment: the monitoring chart renders
 * them, the promtool tests load them, the dashboards and the release analysis query the same
 * series.
 */
import { createHash } from 'node:crypto';
import { gitops } from '../../environments/platform';
import type { Environment, ResolvedSlo, Service } from '../../environments/types';

/** Who an alert wakes up. */
export enum AlertSeverity {
  /** Pages the on-call engineer (prod only; elsewhere every alert is a warning). */
  CRITICAL = 'critical',
  /** Opens a ticket / goes to the team channel. */
  WARNING = 'warning',
}

/** A Prometheus recording rule. */
export interface RecordingRule {
  /** Name of the recorded series. */
  readonly record: string;
  /** PromQL expression. */
  readonly expr: string;
  /** Labels added to the result. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Prometheus alerting rule, as rendered. */
export interface AlertingRule {
  /** Alert name; also names its runbook. */
  readonly alert: string;
  /** PromQL condition. */
  readonly expr: string;
  /** How long the condition must hold. */
  readonly for: string;
  /** severity, team, environment and what identifies the service. */
  readonly labels: Readonly<Record<string, string>>;
  /** summary, description (with the current value), runbook_url, dashboard_url. */
  readonly annotations: Readonly<Record<string, string>>;
}

/** A rule group of a PrometheusRule. */
export interface RuleGroup {
  /** Group name, unique in the environment. */
  readonly name: string;
  /** Rules, evaluated in order (recording rules before the alerts that read them). */
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}

/** The two objectives an SLO may have. */
export type SloKind = 'availability' | 'latency';

/** Windows the error ratios are recorded over: every long and short window of the burn-rate pairs. */
export const ERROR_RATIO_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type ErrorRatioWindow = (typeof ERROR_RATIO_WINDOWS)[number];

/** The recorded error ratio of one window: labels `namespace`, `service`, `slo`. */
export function errorRatioRecord(window: ErrorRatioWindow): string {
  return `slo:sli_error:ratio_rate${window}`;
}
/** The recorded objective (a ratio, e.g. 0.999): labels `namespace`, `service`, `slo`. */
export const OBJECTIVE_RECORD = 'slo:objective:ratio';

/** One long/short window pair: alert when both burn faster than `budgetSpent` of the budget in `long`. */
export interface BurnWindowPair {
  /** Long window: how much budget is gone. */
  readonly long: ErrorRatioWindow;
  /** Short window (1/12 of the long one): is it still burning, so the alert resets quickly. */
  readonly short: ErrorRatioWindow;
  /** Share of the whole window's budget spent in `long` at the alerting burn rate. */
  readonly budgetSpent: number;
}

/** A burn-rate alert: any of its pairs fires it. */
export interface BurnRatePolicy {
  /** Alert name. */
  readonly alert: string;
  /** Severity in prod. */
  readonly severity: AlertSeverity;
  /** How long the condition must hold. */
  readonly for: string;
  /** Window pairs, ORed. */
  readonly pairs: readonly BurnWindowPair[];
  /** What the alert asks of people. */
  readonly response: string;
}

/**
 * The workbook's policy: page at 2% of the budget in 1h or 5% in 6h (14.4x and 6x over 30 days),
 * ticket at 10% in 1d or 3d (3x and 1x). Factors follow from the SLO window, so a 28-day SLO
 * pages at 13.44x.
 */
export const BURN_RATE_POLICIES = {
  page: {
    alert: 'SloErrorBudgetFastBurn',
    severity: AlertSeverity.CRITICAL,
    for: '2m',
    pairs: [{ long: '1h', short: '5m', budgetSpent: 0.02 }, { long: '6h', short: '30m', budgetSpent: 0.05 }],
    response: 'page',
  },
  ticket: {
    alert: 'SloErrorBudgetSlowBurn',
    severity: AlertSeverity.WARNING,
    for: '15m',
    pairs: [{ long: '1d', short: '2h', budgetSpent: 0.1 }, { long: '3d', short: '6h', budgetSpent: 0.1 }],
    response: 'ticket',
  },
} as const satisfies Record<'page' | 'ticket', BurnRatePolicy>;

const HOURS: Readonly<Record<string, number>> = { m: 1 / 60, h: 1, d: 24 };
/** Hours in a Prometheus duration such as `5m`, `6h` or `28d`. */
export function hoursOf(duration: string): number {
  const m = /^(\d+)([mhd])$/.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  return Number(m[1]) * HOURS[m[2]];
}

/** Burn rate at which `pair.budgetSpent` of a `sloWindow` budget goes in `pair.long`. */
export function burnFactor(sloWindow: string, pair: BurnWindowPair): number {
  return Number(((pair.budgetSpent * hoursOf(sloWindow)) / hoursOf(pair.long)).toFixed(4));
}

/** The error budget of an objective in percent, as a ratio (99.9 -> 0.001). */
export function errorBudget(targetPercent: number): number {
  return Number(((100 - targetPercent) / 100).toPrecision(6));
}

/** The objectives of a service, each with its target. */
export function objectivesOf(slo: ResolvedSlo): { kind: SloKind; target: number }[] {
  return [
    { kind: 'availability' as const, target: slo.availability.target },
    ...(slo.latency ? [{ kind: 'latency' as const, target: slo.latency.target }] : []),
  ];
}

/** Label matchers of a service's own series, as Prometheus Operator labels scraped targets. */
export function serviceSelector(service: Pick<Service, 'name' | 'namespace'>): string {
  return `namespace="${service.namespace}",service="${service.name}"`;
}

/** `le` as client libraries print a bucket boundary (0.5 -> "0.5", 1 -> "1"). */
export function bucketLabel(seconds: number): string {
  return String(seconds);
}

/**
 * The error ratio of one objective over a range, for any extra matchers (the release analysis
 * adds the canary's pod-template hash). Absent errors count as none, so a clean service records 0.
 */
export function errorRatioExpr(slo: ResolvedSlo, kind: SloKind, matchers: string, range: string): string {
  const m = slo.metrics;
  if (kind === 'availability') {
    return `(sum(rate(${m.requests}{${matchers},${m.statusCodeLabel}=~"5.."}[${range}])) or vector(0))`
      + ` / sum(rate(${m.requests}{${matchers}}[${range}]))`;
  }
  const le = bucketLabel(slo.latency!.thresholdSeconds);
  return `1 - (sum(rate(${m.duration}_bucket{${matchers},le="${le}"}[${range}]))`
    + ` / sum(rate(${m.duration}_count{${matchers}}[${range}])))`;
}

/** Grafana dashboard uid of a service (Grafana allows 40 characters). */
export function dashboardUid(serviceName: string): string {
  const uid = `slo-${serviceName}`;
  if (uid.length <= 40) return uid;
  return `${uid.slice(0, 31)}-${createHash('sha256').update(serviceName).digest('hex').slice(0, 8)}`;
}
/** Grafana uid of the overview dashboard. */
// services' uids all start with "slo-", so this one never collides with a service's
export const OVERVIEW_DASHBOARD_UID = 'overview-slo';

/** Path of a dashboard relative to Grafana's root URL (Grafana is reached by port-forward, not published). */
export function dashboardPath(uid: string): string {
  return `/d/${uid}`;
}

/** File name of an alert's runbook in `docs/runbooks/` (`SloErrorBudgetFastBurn` -> `slo-error-budget-fast-burn.md`). */
export function runbookFile(alert: string): string {
  return `${alert.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.md`;
}

/** Where a runbook is read: the repository's web view of `docs/runbooks/` on the deployed branch. */
export function runbookUrl(alert: string): string {
  return `${gitops.repoUrl.replace(/\.git$/, '')}/blob/${gitops.targetRevision}/docs/runbooks/${runbookFile(alert)}`;
}

/** Production pages; elsewhere every alert is a warning, so nothing outside production wakes anyone. */
export function severityIn(env: Environment, severity: AlertSeverity): AlertSeverity {
  return env.tier === 'production' ? severity : AlertSeverity.WARNING;
}

/** The recording rules of one service: its objectives and their error ratios over every window. */
export function sloRecordingRules(service: Service): RecordingRule[] {
  return objectivesOf(service.slo).flatMap(({ kind, target }) => {
    const labels = { namespace: service.namespace, service: service.name, slo: kind };
    return [
      { record: OBJECTIVE_RECORD, expr: `vector(${Number((target / 100).toPrecision(8))})`, labels },
      ...ERROR_RATIO_WINDOWS.map((w) => ({
        record: errorRatioRecord(w),
        expr: errorRatioExpr(service.slo, kind, serviceSelector(service), w),
        labels,
      })),
    ];
  });
}

/** The page and ticket burn-rate alerts of one service. */
export function burnRateAlerts(env: Environment, service: Service): AlertingRule[] {
  return objectivesOf(service.slo).flatMap(({ kind, target }) => {
    const budget = errorBudget(target);
    const sel = `{${serviceSelector(service)},slo="${kind}"}`;
    const what = kind === 'availability'
      ? `${target}% of requests succeed`
      : `${target}% of requests are faster than ${service.slo.latency!.thresholdSeconds}s`;
    return Object.values(BURN_RATE_POLICIES).map((p: BurnRatePolicy) => {
      const conditions = p.pairs.map((pair) => {
        const threshold = `(${burnFactor(service.slo.window, pair)} * ${budget})`;
        return `(${errorRatioRecord(pair.long)}${sel} > ${threshold} and ${errorRatioRecord(pair.short)}${sel} > ${threshold})`;
      });
      const pairs = p.pairs.map((pair) => `${burnFactor(service.slo.window, pair)}x over ${pair.long} and ${pair.short}`).join(', or ');
      const budgetPercent = Number((budget * 100).toPrecision(6));
      return {
        alert: p.alert,
        expr: conditions.join(' or '),
        for: p.for,
        labels: {
          severity: severityIn(env, p.severity),
          team: service.team,
          environment: env.name,
          namespace: service.namespace,
          service: service.name,
          slo: kind,
        },
        annotations: {
          summary: `${service.namespace}/${service.name} is burning its ${kind} error budget too fast (${p.response})`,
          description: `The ${kind} objective of ${service.namespace}/${service.name} (${what} over ${service.slo.window}) `
            + 'is failing: {{ $value | humanizePercentage }} of requests were bad over the long window against an error budget of '
            + `${budgetPercent}%; this alert fires at a burn rate of ${pairs}.`,
          runbook_url: runbookUrl(p.alert),
          dashboard_url: dashboardPath(dashboardUid(service.name)),
        },
      };
    });
  });
}

/** The symptom alerts of one service, beside its SLO alerts. */
export function serviceSymptomAlerts(env: Environment, service: Service): AlertingRule[] {
  const sel = serviceSelector(service);
  const m = service.slo.metrics;
  const labels = (severity: AlertSeverity) => ({
    severity: severityIn(env, severity), team: service.team, environment: env.name, namespace: service.namespace, service: service.name,
  });
  const annotations = (alert: string, summary: string, description: string) => ({
    summary, description, runbook_url: runbookUrl(alert), dashboard_url: dashboardPath(dashboardUid(service.name)),
  });
  const id = `${service.namespace}/${service.name}`;
  return [
    {
      alert: 'ServiceHighErrorRate',
      expr: `sum(rate(${m.requests}{${sel},${m.statusCodeLabel}=~"5.."}[5m])) / sum(rate(${m.requests}{${sel}}[5m])) > 0.05`,
      for: '5m',
      labels: labels(AlertSeverity.CRITICAL),
      annotations: annotations('ServiceHighErrorRate', `More than 5% of ${id} requests fail with 5xx`,
        `{{ $value | humanizePercentage }} of ${id} requests failed with a 5xx status over the last 5 minutes (threshold 5%).`),
    },
    {
      alert: 'ServiceHighLatency',
      expr: `histogram_quantile(0.95, sum by (le) (rate(${m.duration}_bucket{${sel}}[5m]))) > 2`,
      for: '10m',
      labels: labels(AlertSeverity.WARNING),
      annotations: annotations('ServiceHighLatency', `p95 latency of ${id} is above 2 s`,
        `The 95th percentile latency of ${id} is {{ $value | humanizeDuration }} over the last 5 minutes (threshold 2s).`),
    },
    {
      alert: 'ServiceTargetDown',
      expr: `up{${sel}} == 0`,
      for: '5m',
      labels: labels(AlertSeverity.CRITICAL),
      annotations: annotations('ServiceTargetDown', `Prometheus cannot scrape a pod of ${id}`,
        `Prometheus has failed to scrape {{ $labels.pod }} of ${id} for 5 minutes (up = {{ $value }}).`),
    },
  ];
}

/** The platform's alerts over every application namespace (no single service owns them). */
export function platformAlerts(env: Environment, namespaces: readonly string[]): AlertingRule[] {
  const ns = `namespace=~"${namespaces.join('|')}"`;
  const labels = (severity: AlertSeverity) => ({ severity: severityIn(env, severity), team: 'platform', environment: env.name });
  const annotations = (alert: string, summary: string, description: string) => ({
    summary, description, runbook_url: runbookUrl(alert), dashboard_url: dashboardPath(OVERVIEW_DASHBOARD_UID),
  });
  return [
    {
      alert: 'PodCrashLooping',
      expr: `increase(kube_pod_container_status_restarts_total{${ns}}[15m]) > 3`,
      for: '5m',
      labels: labels(AlertSeverity.CRITICAL),
      annotations: annotations('PodCrashLooping', '{{ $labels.namespace }}/{{ $labels.pod }} restarted more than 3 times in 15 minutes',
        'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} restarted {{ $value }} times in the last 15 minutes.'),
    },
    {
      alert: 'AutoscalerAtMaximum',
      expr: `kube_horizontalpodautoscaler_status_current_replicas{${ns}} >= kube_horizontalpodautoscaler_spec_max_replicas{${ns}}`,
      for: '15m',
      labels: labels(AlertSeverity.WARNING),
      annotations: annotations('AutoscalerAtMaximum', '{{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has run at its maximum replicas for 15 minutes',
        '{{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} runs {{ $value }} replicas, its maximum, and cannot scale further.'),
    },
    {
      alert: 'NodeMemoryPressure',
      expr: '(node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes) / node_memory_MemTotal_bytes > 0.9',
      for: '5m',
      labels: labels(AlertSeverity.WARNING),
      annotations: annotations('NodeMemoryPressure', 'Node {{ $labels.instance }} uses more than 90% of its memory',
        'Node {{ $labels.instance }} uses {{ $value | humanizePercentage }} of its memory (threshold 90%).'),
    },
  ];
}

/** The rule group of one service: recording rules first, then its SLO and symptom alerts. */
export function serviceRuleGroup(env: Environment, service: Service): RuleGroup {
  return { name: `slo-${service.name}`, rules: [...sloRecordingRules(service), ...burnRateAlerts(env, service), ...serviceSymptomAlerts(env, service)] };
}

/** Prometheus inside the cluster (kube-prometheus-stack's Service, release `kube-prometheus-stack`). */
export const PROMETHEUS_URL = 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090';
/** The range each release measurement covers. */
export const ANALYSIS_WINDOW = '5m';

/** One measurement of a release: PromQL over the new version's pods and the condition it must meet. */
export interface ReleaseMeasurement {
  /** Name (`success-ratio`, `latency`). */
  readonly name: string;
  /** PromQL; `hashMatcher` selects the new version's pods. */
  readonly query: string;
  /** The objective as a ratio: the query's value must be at least this. */
  readonly minimum: number;
}

/**
 * The release analysis of a service, from the same objectives as its alerts: the new version's
 * good-request ratio over {@link ANALYSIS_WINDOW} must meet each objective. No traffic measures
 * as 1 (nothing failed), so a release of an idle service is not aborted for lack of data.
 */
export function releaseMeasurements(service: Service, hashMatcher: string): ReleaseMeasurement[] {
  return objectivesOf(service.slo).map(({ kind, target }) => ({
    name: kind === 'availability' ? 'success-ratio' : 'latency',
    query: `(1 - (${errorRatioExpr(service.slo, kind, `${serviceSelector(service)},${hashMatcher}`, ANALYSIS_WINDOW)})) or on() vector(1)`,
    minimum: Number((target / 100).toPrecision(8)),
  }));
}
