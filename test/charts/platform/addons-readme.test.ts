import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { addonTable, argoCdValues, bootstrapCommands } from '../../../charts/platform/addons/bootstrap';
import { ADDONS } from '../../../charts/platform/addons/catalog';
import { WAVE } from '../../../charts/platform/waves';
import { loadPlatform } from '../../../environments/load';
import { objects } from '../../helpers/render';
import { DIST, ROOT } from '../../helpers/repo';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const between = (name: string) => {
  const m = new RegExp(`<!-- ${name}:begin -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(readme);
  if (!m) throw new Error(`README.md has no <!-- ${name}:begin --> ... <!-- ${name}:end --> block`);
  return m[1];
};
const platform = loadPlatform();

test('README\'s add-on table is the add-on catalog (regenerate it from addonTable() when this fails)', () => {
  expect(between('addon-table')).toBe(addonTable());
  const waves = readme.replace(/\s+/g, ' ');
  for (const phrase of [
    `namespaces ${WAVE.NAMESPACES} (`, `the External Secrets operator ${WAVE.SECRETS_OPERATOR} (`, `an add-on names ${WAVE.SECRETS} (`,
    `the Prometheus Operator ${WAVE.MONITORING} (`, `the other add-ons ${WAVE.OPERATORS} (`, `their configuration ${WAVE.CONFIGURATION} (`, `services ${WAVE.SERVICES}.`,
  ]) expect(waves).toContain(phrase);
});

test('README\'s bootstrap is the two commands the catalog implies', () => {
  expect(between('bootstrap')).toBe(`\`\`\`sh\n${bootstrapCommands()}\n\`\`\``);
});

const eachEnv = platform.environments.map((e) => [e.name, e] as const);
test.each(eachEnv)('%s: the bootstrap installs what Argo CD\'s own Application keeps, and applies the root app', (name, env) => {
  const apps = objects(`${name}/argocd`).filter((o) => o.kind === 'Application');
  const self = apps.find((a) => a.spec.source.chart === 'argo-cd');
  const commands = bootstrapCommands().replace(/<env>/g, name);
  // helm install <release> <chart> --repo <repo> --version <version> --namespace <namespace>
  const helm = /helm install (\S+) (\S+) --repo (\S+) --version (\S+) \\\n\s+--namespace (\S+)/.exec(commands)!;
  expect(helm.slice(1)).toEqual([
    self.spec.source.helm.releaseName, self.spec.source.chart, self.spec.source.repoURL,
    self.spec.source.targetRevision, self.spec.destination.namespace,
  ]);
  expect(JSON.parse(JSON.stringify(argoCdValues(env)))).toEqual(self.spec.source.helm.valuesObject);
  const rootFile = /kubectl apply -f (\S+)/.exec(commands)![1];
  const root = parse(readFileSync(join(DIST, '..', rootFile), 'utf8'));
  expect(root.spec.source.path).toBe(`dist/k8s/${name}/argocd`);
  // applied alone, before this folder's projects exist: Argo CD's built-in project
  expect(root.spec.project).toBe('default');
});

test('every add-on of the catalog has an Application in every environment, in its wave', () => {
  for (const env of platform.environments) {
    const apps = objects(`${env.name}/argocd`).filter((o) => o.kind === 'Application');
    for (const a of ADDONS) {
      const app = apps.find((x) => x.metadata.name === `${env.name}-${a.name}`);
      expect(app.spec.source).toMatchObject({ chart: a.chart.chart, targetRevision: a.chart.version, repoURL: a.chart.repoUrl });
      expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe(String(a.wave ?? WAVE.OPERATORS));
    }
  }
});
