import { resolve } from 'node:path';
import { runCli } from '../cli/cli';
import { COMMANDS } from '../cli/commands';
import { loadPlatform } from '../environments/load';
import { DIST_DIR, REPO_ROOT } from '../render/paths';
import { assertAllowed, assertSafeTarget, recoverInterruptedWrites, writeTreeAtomically } from '../render/writer';

/**
 * The cdk8s entry point (`cdk8s.yaml` runs it): renders the Kubernetes side only, into
 * `CDK8S_OUTDIR` when `cdk8s synth` sets it, else dist/k8s. Same bytes as `npm run synth`.
 */
runCli(COMMANDS['synth:k8s'], async () => {
  // into dist/ itself, only k8s/ replaced, unless a stock CLI names another folder
  const outdir = process.env.CDK8S_OUTDIR ? resolve(process.env.CDK8S_OUTDIR) : resolve(DIST_DIR, 'k8s');
  const own = outdir === resolve(DIST_DIR, 'k8s');
  const target = own ? DIST_DIR : outdir;
  assertSafeTarget(target, REPO_ROOT);
  recoverInterruptedWrites(target);
  const platform = loadPlatform();
  // loaded only after the config is valid, so a config error answers without loading cdk8s
  const { renderKubernetes } = await import('../render/kubernetes');
  const files = renderKubernetes(platform);
  assertAllowed(files, 'k8s/');
  if (own) writeTreeAtomically(target, new Map([...files].map(([f, c]) => [`k8s/${f}`, c])), { repoRoot: REPO_ROOT, scope: ['k8s/'] });
  else writeTreeAtomically(target, files, { repoRoot: REPO_ROOT });
  process.stdout.write(`rendered ${files.size} Kubernetes manifests into ${process.env.CDK8S_OUTDIR ?? 'dist/k8s'}/\n`);
});
