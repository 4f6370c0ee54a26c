import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BURN_RATE_POLICIES, burnFactor, ERROR_RATIO_WINDOWS, errorRatioRecord, objectivesOf, runbookFile,
} from '../../../charts/platform/slo-rules';
import { loadPlatform } from '../../../environments/load';
import { objects } from '../../helpers/render';
import { ROOT } from '../../helpers/repo';

const platform = loadPlatform();
const RUNBOOKS = join(ROOT, 'docs', 'runbooks');

const rulesOf = (env: string): any[] => objects(`${env}/platform-monitoring`)
  .filter((o) => o.kind === 'PrometheusRule')
  .flatMap((o) => o.spec.groups.flatMap((g: any) => g.rules));
const alertsOf = (env: string) => rulesOf(env).filter((r) => r.alert);

test('burn-rate factors are the SRE workbook\'s for a 30-day window and scale with the window', () => {
  const factors = (window: string) => Object.values(BURN_RATE_POLICIES).flatMap((p) => p.pairs.map((pair) => burnFactor(window, pair)));
  expect(factors('30d')).toEqual([14.4, 6, 3, 1]);
  expect(factors('28d')).toEqual([13.44, 5.6, 2.8, 0.9333]);
});

describe.each(platform.environments.map((e) => [e.name, e] as const))('%s', (envName, env) => {
  test.each(env.services.map((s) => [s.name, s] as const))('%s: error ratios recorded over every window and both burn-rate alerts, per objective', (_n, service) => {
    const rules = rulesOf(envName);
    for (const { kind } of objectivesOf(service.slo)) {
      const mine = (r: any) => r.labels?.service === service.name && r.labels?.namespace === service.namespace && r.labels?.slo === kind;
      const recorded = rules.filter((r) => r.record && mine(r)).map((r) => r.record);
      for (const w of ERROR_RATIO_WINDOWS) expect(recorded).toContain(errorRatioRecord(w));
      const alerts = rules.filter((r) => r.alert && mine(r));
      expect(alerts.map((a) => a.alert).sort()).toEqual(Object.values(BURN_RATE_POLICIES).map((p) => p.alert).sort());
      for (const a of alerts) expect(a.labels.team).toBe(service.team);
    }
    // every series the rules read belongs to this service
    for (const r of rules.filter((x) => x.labels?.service === service.name && x.record?.startsWith('slo:sli_error:'))) {
      expect(r.expr).toContain(`namespace="${service.namespace}",service="${service.name}"`);
    }
  });

  test('every alert has a severity, a team, a summary, a description with the current value, a runbook and a dashboard', () => {
    const alerts = alertsOf(envName);
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(['critical', 'warning']).toContain(a.labels.severity);
      expect(a.labels.team).toMatch(/^[a-z0-9-]+$/);
      expect(a.labels.environment).toBe(envName);
      expect(a.annotations.summary).toBeTruthy();
      expect(a.annotations.description).toContain('{{ $value');
      expect(a.annotations.runbook_url).toMatch(/\/docs\/runbooks\/[a-z0-9-]+\.md$/);
      expect(a.annotations.dashboard_url).toMatch(/^\/d\/[A-Za-z0-9-]+$/);
    }
  });

  test('pages (critical) only in prod', () => {
    const severities = new Set(alertsOf(envName).map((a) => a.labels.severity));
    expect(severities.has('critical')).toBe(envName === 'prod');
  });
});

describe('runbooks', () => {
  const urls = new Set(platform.environments.flatMap((e) => alertsOf(e.name).map((a) => a.annotations.runbook_url as string)));
  const files = readdirSync(RUNBOOKS).filter((f) => f.endsWith('.md'));

  test.each([...urls])('%s points at a file of docs/runbooks/', (url) => {
    expect(existsSync(join(RUNBOOKS, url.slice(url.lastIndexOf('/') + 1)))).toBe(true);
  });

  test('every runbook file is the runbook of a rendered alert', () => {
    const referenced = new Set([...urls].map((u) => u.slice(u.lastIndexOf('/') + 1)));
    expect(files.filter((f) => !referenced.has(f))).toEqual([]);
  });

  test('each alert has its own page, named after it, with the three first checks', () => {
    const names = new Set(platform.environments.flatMap((e) => alertsOf(e.name).map((a) => a.alert as string)));
    for (const name of names) {
      const file = runbookFile(name);
      expect(urls.has([...urls].find((u) => u.endsWith(`/${file}`))!)).toBe(true);
      const text = readFileSync(join(RUNBOOKS, file), 'utf8');
      expect(text.startsWith(`# ${name}\n`)).toBe(true);
      expect(text).toMatch(/## What it means/);
      expect(text).toMatch(/## First three checks\n\n1\. [\s\S]*\n2\. [\s\S]*\n3\. /);
    }
  });
});
