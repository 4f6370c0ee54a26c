import { resolve } from 'node:path';
import { runCli } from '../cli/cli';
import { COMMANDS } from '../cli/commands';
import { loadPlatform } from '../environments/load';
import { DIST_DIR, REPO_ROOT } from '../render/paths';
import { assertAllowed, assertSafeTarget, recoverInterruptedWrites, writeTreeAtomically } from '../render/writer';

/**
 * The cdktf entry point (`cdktf.json` runs it): renders the Terraform stacks only, into
 * `CDKTF_OUTDIR` when `cdktf synth` sets it, else dist/terraform. Same bytes as `npm run synth`.
 */
runCli(COMMANDS['synth:terraform'], async () => {
  // into dist/ itself, only terraform/ replaced, unless a stock CLI names another folder
  const outdir = process.env.CDKTF_OUTDIR ? resolve(process.env.CDKTF_OUTDIR) : resolve(DIST_DIR, 'terraform');
  const own = outdir === resolve(DIST_DIR, 'terraform');
  const target = own ? DIST_DIR : outdir;
  assertSafeTarget(target, REPO_ROOT);
  recoverInterruptedWrites(target);
  const platform = loadPlatform();
  // loaded only after the config is valid, so a config error answers without loading cdktf
  const { renderTerraform } = await import('../render/terraform');
  const files = renderTerraform(platform);
  assertAllowed(files, 'terraform/');
  if (own) writeTreeAtomically(target, new Map([...files].map(([f, c]) => [`terraform/${f}`, c])), { repoRoot: REPO_ROOT, scope: ['terraform/'] });
  else writeTreeAtomically(target, files, { repoRoot: REPO_ROOT });
  process.stdout.write(`rendered ${files.size - 1} Terraform stacks into ${process.env.CDKTF_OUTDIR ?? 'dist/terraform'}/\n`);
});
