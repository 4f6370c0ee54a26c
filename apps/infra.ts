import { resolve } from 'node:path';
import { runCli } from './cli';
import { loadPlatform } from '../environments/load';
import { assertAllowed, DIST_DIR } from './render/render';
import { renderTerraform } from './render/terraform';
import { writeTreeAtomically } from './render/writer';

/**
 * The cdktf entry point (`cdktf.json` runs it): renders the Terraform stacks only, into
 * `CDKTF_OUTDIR` when `cdktf synth` sets it, else dist/terraform. Same bytes as `npm run synth`.
 */
runCli(() => {
  const target = process.env.CDKTF_OUTDIR ? resolve(process.env.CDKTF_OUTDIR) : resolve(DIST_DIR, 'terraform');
  const files = renderTerraform(loadPlatform());
  assertAllowed(files, 'terraform/');
  writeTreeAtomically(target, files);
  process.stdout.write(`rendered ${files.size - 1} Terraform stacks into ${process.env.CDKTF_OUTDIR ?? 'dist/terraform'}/\n`);
});
