import { argoCdValues } from '../charts/platform/addons/bootstrap';
import { FlagError, runCli, stringFlag } from '../cli/cli';
import { COMMANDS } from '../cli/commands';
import { loadPlatform } from '../environments/load';

/**
 * Prints (as JSON, which Helm reads as YAML) the Argo CD chart values of one environment: the
 * values `helm install` bootstraps a cluster with, equal to those its `<env>-argo-cd` Application
 * keeps applying afterwards. `node cli/launch.cjs apps/argocd-values.ts --env prod`
 */
runCli(COMMANDS['argocd-values'], (args) => {
  const name = stringFlag(args, 'env');
  const platform = loadPlatform();
  const env = platform.environments.find((e) => e.name === name);
  if (env === undefined) {
    throw new FlagError('--env', `${name === undefined ? 'missing' : `no environment ${JSON.stringify(name)}`}; `
      + `pass --env with one of ${platform.environments.map((e) => e.name).join(', ')}`);
  }
  process.stdout.write(`${JSON.stringify(argoCdValues(env), null, 2)}\n`);
});
