import { resolve } from 'node:path';
import { option, runCli } from '../cli/cli';
import { loadPlatform } from '../environments/load';
import { REPO_ROOT } from '../render/paths';
import { assertSafeTarget, recoverInterruptedWrites, writeTreeAtomically } from '../render/writer';

/**
 * `npm run synth`: render every environment (Kubernetes + Terraform) and swap the result into
 * dist/ atomically. `--out <dir>` renders somewhere else (used by tests and the diff).
 */
runCli(async ({ rest }) => {
  const out = option(rest, '--out');
  const target = out ? resolve(out) : resolve(REPO_ROOT, 'dist');
  // an unsafe --out is refused before anything, and a run that crashed mid-swap is repaired first,
  // even when this run then fails on its config
  assertSafeTarget(target, REPO_ROOT);
  recoverInterruptedWrites(target);
  const platform = loadPlatform();
  // loaded only after the config is valid, so a config error answers without loading cdk8s/cdktf
  const { renderAll } = await import('../render/render');
  const files = renderAll(platform);
  writeTreeAtomically(target, files, { repoRoot: REPO_ROOT });
  const k8s = [...files.keys()].filter((f) => f.startsWith('k8s/')).length;
  const stacks = [...files.keys()].filter((f) => f.endsWith('cdk.tf.json')).length;
  process.stdout.write(`rendered ${k8s} Kubernetes manifests and ${stacks} Terraform stacks into ${out ?? 'dist'}/\n`);
});
