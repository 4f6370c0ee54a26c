import { resolve } from 'node:path';
import { runCli } from './cli';
import { loadPlatform } from '../environments/load';
import { renderKubernetes } from './render/kubernetes';
import { assertAllowed, DIST_DIR } from './render/render';
import { writeTreeAtomically } from './render/writer';

/**
 * The cdk8s entry point (`cdk8s.yaml` runs it): renders the Kubernetes side only, into
 * `CDK8S_OUTDIR` when `cdk8s synth` sets it, else dist/k8s. Same bytes as `npm run synth`.
 */
runCli(() => {
  const target = process.env.CDK8S_OUTDIR ? resolve(process.env.CDK8S_OUTDIR) : resolve(DIST_DIR, 'k8s');
  const files = renderKubernetes(loadPlatform());
  assertAllowed(files, 'k8s/');
  writeTreeAtomically(target, files);
  process.stdout.write(`rendered ${files.size} Kubernetes manifests into ${process.env.CDK8S_OUTDIR ?? 'dist/k8s'}/\n`);
});
