import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli, stringFlag } from '../cli/cli';
import { COMMANDS } from '../cli/commands';
import { DIST_DIR } from '../render/paths';
import { runChecks } from '../terraform-gate/terraform-checks';
import { inParallel, planStack, Serial } from '../terraform-gate/terraform-plan';
import { MIRROR_ENV, TerraformSandbox, terraformAvailable } from '../terraform-gate/terraform-runner';

/**
 * `npm run validate:terraform`: for every stack in dist/terraform/stacks, in a temporary copy,
 * `terraform init` + an offline `plan` (which validates first) (local backend override, fake credentials, the
 * provider's skip_* flags) + `show -json`, then the security checks of terraform-checks.ts on that
 * plan JSON. A stack is valid only when all of it passes. Uses the provider mirror named by
 * TF_PROVIDER_MIRROR when set, else the registry. Without terraform it prints SKIPPED and exits 0,
 * except under CI=true, where a skip is a failure. `--plans-out <dir>` keeps each plan JSON.
 * Prints one block per stack and a closing `terraform: N valid, M invalid`.
 */
runCli(COMMANDS['validate:terraform'], async (args) => {
  const stacksDir = join(DIST_DIR, 'terraform', 'stacks');
  const stacks = existsSync(stacksDir) ? readdirSync(stacksDir).sort() : [];
  if (stacks.length === 0) throw new Error(`no stacks in ${stacksDir}: run npm run synth`);

  if (!terraformAvailable()) {
    if (process.env.CI === 'true') {
      process.stdout.write(`FAILED: terraform is not installed, and CI=true forbids skipping\nterraform: 0 valid, ${stacks.length} invalid\n`);
      return 1;
    }
    process.stdout.write('SKIPPED: TERRAFORM IS NOT INSTALLED, NO STACK WAS VALIDATED, PLANNED OR CHECKED\n');
    return 0;
  }

  const plansOut = stringFlag(args, 'plans-out');
  if (plansOut) mkdirSync(resolve(plansOut), { recursive: true });
  const mirror = process.env[MIRROR_ENV];
  process.stdout.write(mirror ? `using the provider mirror ${mirror}\n` : 'no TF_PROVIDER_MIRROR: providers come from the registry\n');
  const started = Date.now();
  const sandbox = new TerraformSandbox(mirror);
  let invalid = 0;
  try {
    // stacks plan side by side, as many as there are cores; their reports print in stack order
    const inits = new Serial();
    const planned = await inParallel(stacks, availableParallelism(), (stack) =>
      planStack(sandbox, join(stacksDir, stack), stack, inits).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
    for (const [i, stack] of stacks.entries()) {
      const r = planned[i];
      if (r instanceof Error) {
        invalid++;
        process.stdout.write(`stack ${stack}: invalid (${r.message})\n`);
        continue;
      }
      const took = Object.entries(r.seconds).map(([k, v]) => `${k} ${v.toFixed(1)}s`).join(', ');
      if (!r.plan) {
        invalid++;
        process.stdout.write(`stack ${stack}: invalid (terraform ${r.failedStep} failed; ${took})\n${r.detail}\n`);
        continue;
      }
      if (plansOut) writeFileSync(join(resolve(plansOut), `${stack}.plan.json`), `${JSON.stringify(r.plan)}\n`);
      const { results, passed } = runChecks(stack, r.plan);
      const failed = results.filter((c) => c.status !== 'pass');
      if (!passed) invalid++;
      process.stdout.write(`stack ${stack}: ${passed ? 'valid' : 'invalid'} (init, plan: ${r.summary ?? '?'}; `
        + `${results.length - failed.length}/${results.length} checks passed; ${took})\n`);
      for (const c of results) {
        process.stdout.write(`  ${c.status === 'pass' ? 'pass' : 'FAIL'}  ${c.id.padEnd(21)} ${c.title} [${c.inspected} inspected]\n`);
        for (const f of c.failures) process.stdout.write(`        ${f}\n`);
      }
    }
  } finally {
    sandbox.dispose();
  }
  process.stdout.write(`terraform gate took ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  process.stdout.write(`terraform: ${stacks.length - invalid} valid, ${invalid} invalid\n`);
  return invalid === 0 ? 0 : 1;
});
