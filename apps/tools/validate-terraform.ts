import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli';
import { MIRROR_ENV, TerraformSandbox, terraformAvailable } from './terraform-runner';
import { DIST_DIR } from '../render/render';

/**
 * `npm run validate:terraform`: `terraform init -backend=false` + `terraform validate` for every
 * stack in dist/terraform/stacks, each in a temporary copy. Uses the provider mirror named by
 * TF_PROVIDER_MIRROR when set, else the registry. Without terraform it prints SKIPPED and exits 0,
 * except under CI=true, where a skip is a failure.
 * Prints one line per stack and a closing `terraform: N valid, M invalid`.
 */
runCli(() => {
  const stacksDir = join(DIST_DIR, 'terraform', 'stacks');
  const stacks = existsSync(stacksDir) ? readdirSync(stacksDir).sort() : [];
  if (stacks.length === 0) throw new Error(`no stacks in ${stacksDir}: run npm run synth`);

  if (!terraformAvailable()) {
    if (process.env.CI === 'true') {
      process.stdout.write(`FAILED: terraform is not installed, and CI=true forbids skipping\nterraform: 0 valid, ${stacks.length} invalid\n`);
      return 1;
    }
    process.stdout.write('SKIPPED: TERRAFORM IS NOT INSTALLED, NO STACK WAS VALIDATED\n');
    return 0;
  }

  const mirror = process.env[MIRROR_ENV];
  process.stdout.write(mirror ? `using the provider mirror ${mirror}\n` : 'no TF_PROVIDER_MIRROR: providers come from the registry\n');
  const sandbox = new TerraformSandbox(mirror);
  let invalid = 0;
  try {
    for (const stack of stacks) {
      const dir = sandbox.copyStack(join(stacksDir, stack), stack);
      const init = sandbox.run(dir, ['init', '-backend=false', '-input=false']);
      if (init.status !== 0) {
        invalid++;
        process.stdout.write(`stack ${stack}: invalid (terraform init failed)\n${init.stderr || init.stdout}\n`);
        continue;
      }
      const validate = sandbox.run(dir, ['validate', '-json']);
      const report = JSON.parse(validate.stdout || '{}') as { valid?: boolean; diagnostics?: { severity: string; summary: string; detail?: string }[] };
      if (validate.status === 0 && report.valid) {
        process.stdout.write(`stack ${stack}: valid\n`);
      } else {
        invalid++;
        const diags = (report.diagnostics ?? []).map((d) => `  ${d.severity}: ${d.summary}${d.detail ? ` (${d.detail})` : ''}`);
        process.stdout.write(`stack ${stack}: invalid\n${diags.join('\n') || validate.stderr}\n`);
      }
    }
  } finally {
    sandbox.dispose();
  }
  process.stdout.write(`terraform: ${stacks.length - invalid} valid, ${invalid} invalid\n`);
  return invalid === 0 ? 0 : 1;
});
