import { resolve } from 'node:path';
import { runCli } from '../cli/cli';
import { COMMANDS } from '../cli/commands';
import { loadPlatform } from '../environments/load';
import { DIST_DIR } from '../render/paths';
import { assertAllowed, recoverInterruptedWrites, writeTreeAtomically } from '../render/writer';

/**
 * The cdk8s entry point (`cdk8s.yaml` runs it): renders the Kubernetes side only, into
 * `CDK8S_OUTDIR` when `cdk8s synth` sets it, else dist/k8s. Same bytes as `npm run synth`.
 */
runCli(COMMANDS['synth:k8s'], async () => {
  const target = process.env.CDK8S_OUTDIR ? resolve(process.env.CDK8S_OUTDIR) : resolve(DIST_DIR, 'k8s');
  recoverInterruptedWrites(target);
  const platform = loadPlatform();
  // loaded only after the config is valid, so a config error answers without loading cdk8s
  const { renderKubernetes } = await import('../render/kubernetes');
  const files = renderKubernetes(platform);
  assertAllowed(files, 'k8s/');
  writeTreeAtomically(target, files);
  process.stdout.write(`rendered ${files.size} Kubernetes manifests into ${process.env.CDK8S_OUTDIR ?? 'dist/k8s'}/\n`);
});
