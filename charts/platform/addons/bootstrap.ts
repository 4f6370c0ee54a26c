import { addonContext } from './addon';
import { argoCd } from './argo-cd';
import { ADDONS } from './catalog';
import { gitops } from '../../../environments/platform';
import type { Environment } from '../../../environments/types';
import { WAVE } from '../waves';

/** The Argo CD chart values of an environment: what `helm install` starts with and its Application keeps. */
export function argoCdValues(env: Environment): object {
  return argoCd.values(addonContext(env, env.platform, gitops));
}

/** The two commands that bootstrap an environment's cluster (`<env>` left as a placeholder). */
export function bootstrapCommands(): string {
  return [
    `helm install ${argoCd.name} ${argoCd.chart.chart} --repo ${argoCd.chart.repoUrl} --version ${argoCd.chart.version} \\`,
    `  --namespace ${argoCd.namespace} --create-namespace --values <(node cli/launch.cjs apps/argocd-values.ts --env <env>)`,
    `kubectl apply -f dist/k8s/<env>/argocd/application.${argoCd.namespace}.<env>-root.yaml`,
  ].join('\n');
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** README's "What runs in each cluster": the add-on table and the waves, from the add-on catalog. */
export function addonTable(): string {
  const rows = [...ADDONS].sort((a, b) => (a.wave ?? WAVE.OPERATORS) - (b.wave ?? WAVE.OPERATORS) || a.name.localeCompare(b.name)).map((a) =>
    `| ${a.name} | \`${a.chart.chart}\` ${a.chart.version} | \`${a.namespace}\` | ${a.wave ?? WAVE.OPERATORS} | ${cell(a.purpose)} | ${cell(a.usedBy)} |`);
  return [
    '| add-on | chart | namespace | sync wave | what it does | what depends on it |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
