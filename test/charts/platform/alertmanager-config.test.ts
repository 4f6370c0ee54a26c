/**
 * Alertmanager's own `amtool` checks each environment's rendered configuration and resolves the
 * route of every alert the rules can raise: its team's ticket receiver, or its team's pager for a
 * critical alert in prod.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ALERTMANAGER_RECEIVERS_SECRET, pagesIn, receiverNames } from '../../../charts/platform/alertmanager-config';
import { loadPlatform } from '../../../environments/load';
import { objects } from '../../helpers/render';
import { cleanupTemp, tempDir } from '../../helpers/repo';
import { runTool, stockTool } from '../../helpers/stock-tool';

afterAll(cleanupTemp);

const platform = loadPlatform();
const ENVS = platform.environments.map((e) => [e.name, e] as const);

const configOf = (env: string): any => objects(`${env}/argocd`)
  .find((o) => o.kind === 'Application' && o.metadata.name === `${env}-kube-prometheus-stack`).spec.source.helm.valuesObject.alertmanager;
const alertLabels = (env: string): Record<string, string>[] => objects(`${env}/platform-monitoring`)
  .filter((o) => o.kind === 'PrometheusRule')
  .flatMap((o) => o.spec.groups.flatMap((g: any) => g.rules))
  .filter((r: any) => r.alert)
  .map((r: any) => ({ alertname: r.alert, ...r.labels }));

describe.each(ENVS)('%s', (envName, env) => {
  test('receivers hold no secret: webhooks and pager keys are files of the Secret the ExternalSecret fills', () => {
    const am = configOf(envName);
    expect(am.alertmanagerSpec.secrets).toEqual([ALERTMANAGER_RECEIVERS_SECRET]);
    const files = JSON.stringify(am.config.receivers).match(/"[a-z_]+":"[^"]*"/g)!
      .filter((kv) => /url"|key"|token"|password"|secret"/.test(kv.split(':')[0]));
    expect(files).toEqual([]);
    const paths = [...JSON.stringify(am.config.receivers).matchAll(/"[a-z_]+_file":"([^"]+)"/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(0);
    const external = objects(`${envName}/platform-secrets`).find((o) => o.kind === 'ExternalSecret' && o.metadata.name === ALERTMANAGER_RECEIVERS_SECRET);
    expect(external.spec.target.name).toBe(ALERTMANAGER_RECEIVERS_SECRET);
    const keys = external.spec.data.map((d: any) => d.secretKey).sort();
    expect(paths.map((p) => p.slice(p.lastIndexOf('/') + 1)).sort()).toEqual(keys);
    for (const p of paths) expect(p.startsWith(`/etc/alertmanager/secrets/${ALERTMANAGER_RECEIVERS_SECRET}/`)).toBe(true);
    for (const d of external.spec.data) expect(d.remoteRef.key).toBe(`${envName}/platform/${ALERTMANAGER_RECEIVERS_SECRET}`);
  });

  test('pager receivers exist only where the environment pages', () => {
    const receivers = configOf(envName).config.receivers;
    expect(receivers.some((r: any) => r.pagerduty_configs)).toBe(pagesIn(env));
  });

  test('a critical alert of a service inhibits the same service\'s warnings, and nothing else', () => {
    expect(configOf(envName).config.inhibit_rules).toEqual([{
      source_matchers: ['severity="critical"', 'service=~".+"'],
      target_matchers: ['severity="warning"'],
      equal: ['namespace', 'service'],
    }]);
  });
});

if (stockTool('amtool')) {
  describe.each(ENVS)('%s (amtool)', (envName, env) => {
    const dir = tempDir('platform-amtool-');
    const file = join(dir, 'alertmanager.yaml');
    writeFileSync(file, stringify(configOf(envName).config));

    test('amtool check-config accepts the configuration', () => {
      const r = runTool('amtool', ['check-config', file]);
      expect(r.output).toMatch(/SUCCESS/);
      expect(r.status).toBe(0);
    });

    test('every alert the rules raise reaches its team: pager for critical in prod, ticket otherwise', () => {
      const labelSets = new Map(alertLabels(envName).map((l) => [`${l.team}/${l.severity}`, l]));
      expect(labelSets.size).toBeGreaterThan(0);
      for (const l of labelSets.values()) {
        const want = pagesIn(env) && l.severity === 'critical' ? receiverNames(l.team).page : receiverNames(l.team).ticket;
        const r = runTool('amtool', ['config', 'routes', 'test', `--config.file=${file}`, `--verify.receivers=${want}`,
          ...Object.entries(l).map(([k, v]) => `${k}=${v}`)]);
        expect(`${l.team}/${l.severity}: ${r.stdout.trim()}`).toBe(`${l.team}/${l.severity}: ${want}`);
        expect(r.status).toBe(0);
      }
    });
  });
}
