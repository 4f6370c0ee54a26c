/**
 * The generated Grafana dashboards: one per service plus an overview, each panel's query valid
 * PromQL (promtool parses it as a recording rule) over metrics that exist: the catalog's, the
 * recording rules', and a short explicit list from kube-state-metrics, cAdvisor and node-exporter.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { dashboardUid, OVERVIEW_DASHBOARD_UID } from '../../../charts/platform/slo-rules';
import { loadPlatform } from '../../../environments/load';
import { objects } from '../../helpers/render';
import { cleanupTemp, tempDir } from '../../helpers/repo';
import { runTool, stockTool } from '../../helpers/stock-tool';

afterAll(cleanupTemp);

const platform = loadPlatform();
const ENVS = platform.environments.map((e) => [e.name, e] as const);

/** Series the cluster's exporters provide that the dashboards and rules may read (keep it short). */
const EXPORTER_METRICS = new Set([
  'up', 'ALERTS',
  // kube-state-metrics
  'kube_pod_container_resource_limits', 'kube_pod_container_status_restarts_total',
  'kube_horizontalpodautoscaler_status_current_replicas', 'kube_horizontalpodautoscaler_spec_max_replicas',
  // cAdvisor (kubelet)
  'container_cpu_usage_seconds_total', 'container_memory_working_set_bytes', 'container_cpu_cfs_throttled_periods_total', 'container_cpu_cfs_periods_total',
  // node-exporter
  'node_memory_MemTotal_bytes', 'node_memory_MemAvailable_bytes',
]);
const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/** Metric names a PromQL expression reads: identifiers that are not functions, keywords, labels or durations. */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // strings
    .replace(/\{[^}]*\}/g, '{}') // label matchers
    .replace(/\[[^\]]*\]/g, '[]') // ranges
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ''); // label lists
  return [...stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)]
    .filter((m) => stripped[m.index! + m[0].length] !== '(' && !/^\s*\(/.test(stripped.slice(m.index! + m[0].length)))
    .map((m) => m[0])
    .filter((w) => !PROMQL_WORDS.has(w.toLowerCase()) && !/^\d/.test(w));
}

const dashboardsOf = (env: string) => objects(`${env}/platform-monitoring`)
  .filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1')
  .map((o) => JSON.parse(Object.values(o.data as Record<string, string>)[0]));

test('the metric-name reader finds metrics and nothing else', () => {
  expect(metricNames('sum by (le) (rate(a_total{x="y{z}"}[5m])) / on(namespace) b:c:ratio or vector(1) > bool 0.5')).toEqual(['a_total', 'b:c:ratio']);
});

describe.each(ENVS)('%s', (envName, env) => {
  const dashboards = dashboardsOf(envName);
  const known = new Set([
    ...EXPORTER_METRICS,
    ...objects(`${envName}/platform-monitoring`).filter((o) => o.kind === 'PrometheusRule')
      .flatMap((o) => o.spec.groups.flatMap((g: any) => g.rules)).filter((r: any) => r.record).map((r: any) => r.record as string),
    ...env.services.flatMap((s) => [s.slo.metrics.requests, ...['bucket', 'count', 'sum'].map((x) => `${s.slo.metrics.duration}_${x}`)]),
  ]);

  test.each(env.services.map((s) => [s.name, s] as const))('%s has a dashboard with SLO, budget, burn rate, latency, saturation and versions', (_n, s) => {
    const d = dashboards.find((x) => x.uid === dashboardUid(s.name));
    expect(d).toBeDefined();
    const titles = d.panels.map((p: any) => p.title).join('\n');
    for (const want of [/^SLO over/m, /^Error budget remaining/m, /^Burn rate/m, /^Latency percentiles/m, /^Saturation/m, /canary vs stable/m]) {
      expect(titles).toMatch(want);
    }
    expect(JSON.stringify(d.panels)).toContain(`service=\\"${s.name}\\"`);
  });

  test('there is an overview, and every alert\'s dashboard link points at a rendered dashboard', () => {
    const uids = new Set(dashboards.map((d) => d.uid));
    expect(uids.has(OVERVIEW_DASHBOARD_UID)).toBe(true);
    const links = objects(`${envName}/platform-monitoring`).filter((o) => o.kind === 'PrometheusRule')
      .flatMap((o) => o.spec.groups.flatMap((g: any) => g.rules)).filter((r: any) => r.alert).map((r: any) => r.annotations.dashboard_url as string);
    for (const l of new Set(links)) expect(uids.has(l.replace(/^\/d\//, ''))).toBe(true);
  });

  test('every panel query names only known metrics', () => {
    const unknown = dashboards.flatMap((d) => d.panels.flatMap((p: any) => p.targets.flatMap((t: any) => metricNames(t.expr))))
      .filter((n: string) => !known.has(n));
    expect([...new Set(unknown)]).toEqual([]);
  });
});

if (stockTool('promtool')) {
  test.each(ENVS)('%s: every panel query parses as PromQL (promtool check rules)', (envName) => {
    const rules = dashboardsOf(envName).flatMap((d) => d.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr))).map((expr: string, i: number) => ({ record: `dashboard:query_${i}`, expr }));
    expect(rules.length).toBeGreaterThan(0);
    const file = join(tempDir('platform-dashboards-'), 'queries.yaml');
    writeFileSync(file, stringify({ groups: [{ name: 'dashboards', rules }] }));
    const r = runTool('promtool', ['check', 'rules', file]);
    expect(r.output).toMatch(/SUCCESS/);
    expect(r.status).toBe(0);
  });
}
