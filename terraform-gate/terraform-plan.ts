import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanJson } from './terraform-checks';
import type { TerraformResult, TerraformSandbox } from './terraform-runner';

/**
 * Files added to a temporary copy of a stack so that it plans offline: a local backend instead of
 * Terraform Cloud (a backend block in an override file replaces the `cloud` block), and provider
 * settings that skip every call the provider would make to AWS before planning. The account pin
 * (`allowed_account_ids`) is lifted there, because without the account lookup the provider cannot
 * know the account; the rendered stack keeps it.
 */
export const OFFLINE_OVERRIDE = {
  'offline_override.tf.json': `${JSON.stringify({
    terraform: { backend: { local: { path: 'terraform.tfstate' } } },
    provider: {
      aws: {
        allowed_account_ids: null,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
      },
    },
  }, null, 2)}\n`,
};

/** Fake credentials: the provider needs some, and nothing is ever sent with them. */
export const FAKE_CREDENTIALS: NodeJS.ProcessEnv = {
  AWS_ACCESS_KEY_ID: 'AKIAOFFLINEPLAN00000',
  AWS_SECRET_ACCESS_KEY: 'offline-plan-never-sent',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** Outcome of init + validate + plan + show for one stack. */
export interface StackPlan {
  /** The step that failed, if any. */
  readonly failedStep?: 'init' | 'validate' | 'plan' | 'show';
  /** Diagnostics of the failed step. */
  readonly detail?: string;
  /** The plan as `terraform show -json` prints it. */
  readonly plan?: PlanJson;
  /** The plan's summary line, e.g. `Plan: 66 to add, 0 to change, 0 to destroy.` */
  readonly summary?: string;
  /** Seconds per step. */
  readonly seconds: Record<string, number>;
}

function timed(seconds: Record<string, number>, step: string, run: () => TerraformResult): TerraformResult {
  const start = process.hrtime.bigint();
  const r = run();
  seconds[step] = Number(process.hrtime.bigint() - start) / 1e9;
  return r;
}

/** `terraform validate -json` diagnostics as lines. */
function validateDetail(r: TerraformResult): string {
  try {
    const report = JSON.parse(r.stdout) as { diagnostics?: { severity: string; summary: string; detail?: string }[] };
    const lines = (report.diagnostics ?? []).map((d) => `  ${d.severity}: ${d.summary}${d.detail ? ` (${d.detail})` : ''}`);
    return lines.join('\n') || r.stderr;
  } catch {
    return r.stderr || r.stdout;
  }
}

/**
 * Runs the real terraform on a copy of a rendered stack, offline: `init`, `validate`, `plan -out`,
 * then `show -json` of the saved plan. Stops at the first failing step.
 */
export function planStack(sandbox: TerraformSandbox, stackDir: string, name: string): StackPlan {
  const seconds: Record<string, number> = {};
  const dir = sandbox.copyStack(stackDir, name, OFFLINE_OVERRIDE);
  const init = timed(seconds, 'init', () => sandbox.run(dir, ['init', '-input=false']));
  if (init.status !== 0) return { failedStep: 'init', detail: init.stderr || init.stdout, seconds };
  const validate = timed(seconds, 'validate', () => sandbox.run(dir, ['validate', '-json']));
  let valid = false;
  try {
    valid = validate.status === 0 && (JSON.parse(validate.stdout) as { valid?: boolean }).valid === true;
  } catch { /* not JSON: invalid */ }
  if (!valid) return { failedStep: 'validate', detail: validateDetail(validate), seconds };
  const plan = timed(seconds, 'plan', () => sandbox.run(dir, ['plan', '-input=false', '-lock=false', '-refresh=false', '-out=plan.bin'], FAKE_CREDENTIALS));
  if (plan.status !== 0) return { failedStep: 'plan', detail: plan.stderr || plan.stdout, seconds };
  const show = timed(seconds, 'show', () => sandbox.run(dir, ['show', '-json', 'plan.bin']));
  if (show.status !== 0) return { failedStep: 'show', detail: show.stderr || show.stdout, seconds };
  writeFileSync(join(dir, 'plan.json'), show.stdout);
  const summary = /Plan: .*|No changes\..*/.exec(plan.stdout)?.[0];
  return { plan: JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as PlanJson, summary, seconds };
}
