import { resolve } from 'node:path';
import { runCli } from '../cli/cli';
import { COMMANDS } from '../cli/commands';
import { loadPlatform } from '../environments/load';
import { DIST_DIR } from '../render/paths';
import { assertAllowed, recoverInterruptedWrites, writeTreeAtomically } from '../render/writer';

/**
 * The cdktf entry point (`cdktf.json` runs it): renders the Terraform stacks only, into
 * `CDKTF_OUTDIR` when `cdktf synth` sets it, else dist/terraform. Same bytes as `npm run synth`.
 */
runCli(COMMANDS['synth:terraform'], async () => {
  const target = process.env.CDKTF_OUTDIR ? resolve(process.env.CDKTF_OUTDIR) : resolve(DIST_DIR, 'terraform');
  recoverInterruptedWrites(target);
  const platform = loadPlatform();
  // loaded only after the config is valid, so a config error answers without loading cdktf
  const { renderTerraform } = await import('../render/terraform');
  const files = renderTerraform(platform);
  assertAllowed(files, 'terraform/');
  writeTreeAtomically(target, files);
  process.stdout.write(`rendered ${files.size - 1} Terraform stacks into ${process.env.CDKTF_OUTDIR ?? 'dist/terraform'}/\n`);
});
