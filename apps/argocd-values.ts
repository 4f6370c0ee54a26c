import { argoCdValues } from '../charts/platform/addons/bootstrap';
import { option, runCli } from '../cli/cli';
import { ConfigError } from '../environments/errors';
import { loadPlatform } from '../environments/load';

/**
 * Prints (as JSON, which Helm reads as YAML) the Argo CD chart values of one environment: the
 * values `helm install` bootstraps a cluster with, equal to those its `<env>-argo-cd` Application
 * keeps applying afterwards. `node cli/launch.cjs apps/argocd-values.ts --env prod`
 */
runCli((args) => {
  const name = option(args.rest, '--env');
  const platform = loadPlatform();
  const env = platform.environments.find((e) => e.name === name);
  if (env === undefined) {
    throw new ConfigError(name ?? '*', '--env', `no environment ${JSON.stringify(name ?? '')}`,
      `pass --env with one of ${platform.environments.map((e) => e.name).join(', ')}`);
  }
  process.stdout.write(`${JSON.stringify(argoCdValues(env), null, 2)}\n`);
});
