import { resolve } from 'node:path';
import { booleanFlag, runCli, stringFlag } from '../cli/cli';
import { COMMANDS } from '../cli/commands';
import { checkRendered, checkScope, scopeOf } from '../cli/scope';
import { loadPlatform } from '../environments/load';
import { REPO_ROOT } from '../render/paths';
import { isEverything, scopePrefixes } from '../render/scope';
import { assertSafeTarget, recoverInterruptedWrites, writeTreeAtomically } from '../render/writer';

/**
 * `npm run synth`: render every environment (Kubernetes + Terraform) and swap the result into
 * dist/ atomically. `--out <dir>` renders somewhere else; `--env`/`--app` replace only those
 * folders; `--watch` re-renders on every save (review/watch.ts).
 */
runCli(COMMANDS.synth, async (args) => {
  const out = stringFlag(args, 'out');
  const scope = scopeOf(args);
  const target = out ? resolve(out) : resolve(REPO_ROOT, 'dist');
  // an unsafe --out is refused before anything, and a run that crashed mid-swap is repaired first,
  // even when this run then fails on its config
  assertSafeTarget(target, REPO_ROOT);
  if (booleanFlag(args, 'watch')) {
    const { watch } = await import('../review/watch');
    return watch({ scope, out });
  }
  recoverInterruptedWrites(target);
  const platform = loadPlatform();
  checkScope(platform, scope);
  // loaded only after the config is valid, so a config error answers without loading cdk8s/cdktf
  const { renderInScope } = await import('../render/render-scope');
  const files = await renderInScope(platform, scope);
  checkRendered(platform, scope, files, target);
  const prefixes = scopePrefixes(scope, platform.environments.map((e) => e.name));
  writeTreeAtomically(target, files, { repoRoot: REPO_ROOT, ...(prefixes ? { scope: prefixes } : {}) });
  const k8s = [...files.keys()].filter((f) => f.startsWith('k8s/')).length;
  const stacks = [...files.keys()].filter((f) => f.endsWith('cdk.tf.json')).length;
  const where = isEverything(scope) ? `${out ?? 'dist'}/` : prefixes!.map((p) => `${out ?? 'dist'}/${p}`).join(', ');
  process.stdout.write(`rendered ${k8s} Kubernetes manifests and ${stacks} Terraform stacks into ${where}\n`);
  return undefined;
});
