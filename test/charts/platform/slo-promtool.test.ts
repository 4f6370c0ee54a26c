/**
 * Prometheus' own engine proves the rendered rules: `promtool check rules` on every rule group
 * and `promtool test rules` with synthetic series made from each service's objectives: a clean
 * service raises nothing, a fast burn pages within the short window plus `for`, a slow burn opens
 * a ticket and never pages.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { serviceRuleName } from '../../../charts/platform/monitoring-chart';
import {
  BURN_RATE_POLICIES, burnFactor, errorBudget, hoursOf, objectivesOf, severityIn, type SloKind,
} from '../../../charts/platform/slo-rules';
import { loadPlatform } from '../../../environments/load';
import type { Environment, Service } from '../../../environments/types';
import { objects } from '../../helpers/render';
import { cleanupTemp, tempDir } from '../../helpers/repo';
import { runTool, stockTool } from '../../helpers/stock-tool';

afterAll(cleanupTemp);

const platform = loadPlatform();
const REQUESTS_PER_MINUTE = 1000;
/** Long enough for every assertion: the series are constant, so nothing changes later. */
const SERIES_MINUTES = 65;

/** `{{ $value | humanizePercentage }}` as Prometheus prints it: Go's `%.4g` of the percentage. */
function humanizePercentage(v: number): string {
  const p = v * 100;
  const exp = Math.floor(Math.log10(Math.abs(p)));
  // %g switches to an exponent below 1e-4 (our ratios stay above it)
  if (p !== 0 && exp < -4) throw new Error(`ratio ${v} too small for this helper`);
  return `${Number(p.toPrecision(4))}%`;
}

/** Input series of a service whose `kind` objective sees `badRatio` of its requests bad. */
function series(service: Service, kind: SloKind, badRatio: number, extraLabels = ''): { series: string; values: string }[] {
  const m = service.slo.metrics;
  const sel = `namespace="${service.namespace}",service="${service.name}"${extraLabels}`;
  const perMinute = (n: number) => `0+${Number(n.toPrecision(10))}x${SERIES_MINUTES}`;
  const bad = kind === 'availability' ? badRatio * REQUESTS_PER_MINUTE : 0;
  const slow = kind === 'latency' ? badRatio * REQUESTS_PER_MINUTE : 0;
  const out = [
    { series: `${m.requests}{${sel},${m.statusCodeLabel}="200"}`, values: perMinute(REQUESTS_PER_MINUTE - bad) },
    { series: `${m.requests}{${sel},${m.statusCodeLabel}="503"}`, values: perMinute(bad) },
  ];
  if (service.slo.latency) {
    out.push(
      { series: `${m.duration}_bucket{${sel},le="${service.slo.latency.thresholdSeconds}"}`, values: perMinute(REQUESTS_PER_MINUTE - slow) },
      { series: `${m.duration}_bucket{${sel},le="+Inf"}`, values: perMinute(REQUESTS_PER_MINUTE) },
      { series: `${m.duration}_count{${sel}}`, values: perMinute(REQUESTS_PER_MINUTE) },
    );
  }
  return out;
}

/** The alert promtool must see, labels and annotations as the rule renders them for this value. */
function expected(env: Environment, service: Service, kind: SloKind, policy: 'page' | 'ticket', value: number) {
  const rule = objects(`${env.name}/platform-monitoring`)
    .filter((o) => o.kind === 'PrometheusRule')
    .flatMap((o) => o.spec.groups.flatMap((g: any) => g.rules))
    .find((r: any) => r.alert === BURN_RATE_POLICIES[policy].alert && r.labels.service === service.name && r.labels.slo === kind);
  expect(rule.labels.severity).toBe(severityIn(env, BURN_RATE_POLICIES[policy].severity));
  expect(rule.labels.team).toBe(service.team);
  return {
    exp_labels: rule.labels,
    exp_annotations: Object.fromEntries(Object.entries(rule.annotations as Record<string, string>)
      .map(([k, v]) => [k, v.replace('{{ $value | humanizePercentage }}', humanizePercentage(value))])),
  };
}

const minutes = (duration: string) => `${Math.round(hoursOf(duration) * 60)}m`;

/** The promtool test group of a clean service: no objective pages or opens a ticket. */
function cleanGroup(env: Environment, service: Service) {
  const alerts = [BURN_RATE_POLICIES.page.alert, BURN_RATE_POLICIES.ticket.alert];
  return {
    name: `${env.name}/${service.name}: clean`,
    interval: '1m',
    // no bad request and no slow one: the same series are clean for every objective
    input_series: series(service, 'availability', 0),
    alert_rule_test: ['30m', '60m'].flatMap((t) => alerts.map((alertname) => ({ eval_time: t, alertname, exp_alerts: [] }))),
  };
}

/** The promtool test groups of one objective of one service: fast burn, slow burn. */
function burnGroups(env: Environment, service: Service, kind: SloKind, target: number) {
  const budget = errorBudget(target);
  const factors = (p: 'page' | 'ticket') => BURN_RATE_POLICIES[p].pairs.map((pair) => burnFactor(service.slo.window, pair));
  const fast = Math.min(1, Number((2 * Math.max(...factors('page')) * budget).toPrecision(2)));
  const slow = Number((2 * Math.min(...factors('ticket')) * budget).toPrecision(2));
  // the slow burn must sit between the ticket's lowest and the page's lowest threshold
  expect(slow).toBeGreaterThan(Math.min(...factors('ticket')) * budget);
  expect(slow).toBeLessThan(Math.min(...factors('page')) * budget);
  const page = BURN_RATE_POLICIES.page;
  const ticket = BURN_RATE_POLICIES.ticket;
  const pageBy = `${hoursOf(page.for) * 60 + hoursOf(page.pairs[0].short) * 60}m`;
  const name = `${env.name}/${service.name}/${kind}`;
  return [
    {
      name: `${name}: fast burn pages`,
      interval: '1m',
      input_series: series(service, kind, fast),
      alert_rule_test: [{ eval_time: pageBy, alertname: page.alert, exp_alerts: [expected(env, service, kind, 'page', fast)] }],
    },
    {
      name: `${name}: slow burn opens a ticket, no page`,
      interval: '1m',
      input_series: series(service, kind, slow),
      alert_rule_test: [
        { eval_time: `${minutes(ticket.for)}`, alertname: ticket.alert, exp_alerts: [] },
        { eval_time: '30m', alertname: ticket.alert, exp_alerts: [expected(env, service, kind, 'ticket', slow)] },
        { eval_time: '30m', alertname: page.alert, exp_alerts: [] },
        { eval_time: '60m', alertname: page.alert, exp_alerts: [] },
      ],
    },
  ];
}

/** Writes each PrometheusRule's groups of an environment into a rule file; returns their paths. */
function ruleFiles(env: string, dir: string): string[] {
  return objects(`${env}/platform-monitoring`).filter((o) => o.kind === 'PrometheusRule').map((o) => {
    const file = join(dir, `${o.metadata.name}.yaml`);
    writeFileSync(file, stringify({ groups: o.spec.groups }));
    return file;
  });
}

if (stockTool('promtool')) {
  describe.each(platform.environments.map((e) => [e.name, e] as const))('%s', (_name, env) => {
    const dir = tempDir('platform-promtool-');
    const files = ruleFiles(env.name, dir);

    test('every PrometheusRule passes promtool check rules', () => {
      expect(files.length).toBeGreaterThan(env.services.length);
      const r = runTool('promtool', ['check', 'rules', ...files]);
      expect(r.output).not.toMatch(/FAILED/);
      expect(r.status).toBe(0);
    });

    test('for every service and objective: clean stays silent, a fast burn pages, a slow burn tickets', () => {
      // one test file per service, loading only that service's rules: the other groups would only cost time
      const testFiles = env.services.map((s) => {
        const file = join(dir, `${s.name}.test.yaml`);
        const tests = [cleanGroup(env, s), ...objectivesOf(s.slo).flatMap(({ kind, target }) => burnGroups(env, s, kind, target))];
        writeFileSync(file, stringify({ rule_files: [join(dir, `${serviceRuleName(s.name)}.yaml`)], evaluation_interval: '1m', tests }));
        return file;
      });
      const r = runTool('promtool', ['test', 'rules', ...testFiles]);
      expect(r.output).not.toMatch(/FAILED/);
      expect(r.status).toBe(0);
    });

    const templates = objects(env.name).filter((o) => o.kind === 'AnalysisTemplate');
    // every service has one (an environment without services has none to run)
    if (templates.length > 0) {
      test.each(templates.map((t) => [t.metadata.name, t] as const))('release analysis %s: a bad new version fails, a good or idle one passes', (_n, template) => {
        const service = env.services.find((s) => s.name === template.metadata.labels['app.kubernetes.io/name'])!;
        const tests = template.spec.metrics.map((metric: any) => {
          const kind: SloKind = metric.name === 'latency' ? 'latency' : 'availability';
          const minimum = /^result\[0\] >= ([0-9.]+)$/.exec(metric.successCondition)![1];
          const fast = Math.min(1, 20 * (1 - Number(minimum)));
          // what Argo Rollouts sends: the argument substituted, the condition applied to the value
          const verdict = (hash: string) => `(${metric.provider.prometheus.query.replaceAll('{{args.canary-hash}}', hash)}) >= bool ${minimum}`;
          return {
            name: `${env.name}/${template.metadata.name}/${metric.name}`,
            interval: '1m',
            input_series: [
              ...series(service, kind, fast, ',rollouts_pod_template_hash="new"'),
              ...series(service, kind, 0, ',rollouts_pod_template_hash="stable"'),
            ],
            promql_expr_test: [
              { expr: verdict('new'), eval_time: '10m', exp_samples: [{ labels: '{}', value: 0 }] },
              { expr: verdict('stable'), eval_time: '10m', exp_samples: [{ labels: '{}', value: 1 }] },
              { expr: verdict('idle'), eval_time: '10m', exp_samples: [{ labels: '{}', value: 1 }] },
            ],
          };
        });
        const file = join(dir, `${template.metadata.name}.analysis.test.yaml`);
        writeFileSync(file, stringify({ rule_files: [], evaluation_interval: '1m', tests }));
        const r = runTool('promtool', ['test', 'rules', file]);
        expect(r.output).not.toMatch(/FAILED/);
        expect(r.status).toBe(0);
      });
    }
  });
}
