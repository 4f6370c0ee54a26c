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

/** Outcome of init + plan + show for one stack. */
export interface StackPlan {
  /** The step that failed, if any. */
  readonly failedStep?: 'init' | 'plan' | 'show';
  /** Diagnostics of the failed step. */
  readonly detail?: string;
  /** The plan as `terraform show -json` prints it. */
  readonly plan?: PlanJson;
  /** The plan's summary line, e.g. `Plan: 66 to add, 0 to change, 0 to destroy.` */
  readonly summary?: string;
  /** Seconds per step. */
  readonly seconds: Record<string, number>;
}

async function timed(seconds: Record<string, number>, step: string, run: () => Promise<TerraformResult>): Promise<TerraformResult> {
  const start = process.hrtime.bigint();
  const r = await run();
  seconds[step] = Number(process.hrtime.bigint() - start) / 1e9;
  return r;
}

/** Runs `task`s one at a time, in call order: terraform's plugin cache is not safe for concurrent inits. */
export class Serial {
  private last: Promise<unknown> = Promise.resolve();

  public run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.last.then(task, task);
    this.last = next.catch(() => undefined);
    return next;
  }
}

/**
 * Runs the real terraform on a copy of a rendered stack, offline: `init`, `plan -out` (which
 * validates the configuration first, so no separate `validate`), then `show -json` of the saved
 * plan. Stops at the first failing step. Inits go through `inits` one at a time; plans of several
 * stacks may run side by side.
 */
export async function planStack(sandbox: TerraformSandbox, stackDir: string, name: string, inits: Serial = new Serial()): Promise<StackPlan> {
  const seconds: Record<string, number> = {};
  const dir = sandbox.copyStack(stackDir, name, OFFLINE_OVERRIDE);
  const init = await inits.run(() => timed(seconds, 'init', () => sandbox.runAsync(dir, ['init', '-input=false'])));
  if (init.status !== 0) return { failedStep: 'init', detail: init.stderr || init.stdout, seconds };
  const plan = await timed(seconds, 'plan', () => sandbox.runAsync(dir, ['plan', '-input=false', '-lock=false', '-refresh=false', '-out=plan.bin'], FAKE_CREDENTIALS));
  if (plan.status !== 0) return { failedStep: 'plan', detail: plan.stderr || plan.stdout, seconds };
  const show = await timed(seconds, 'show', () => sandbox.runAsync(dir, ['show', '-json', 'plan.bin']));
  if (show.status !== 0) return { failedStep: 'show', detail: show.stderr || show.stdout, seconds };
  writeFileSync(join(dir, 'plan.json'), show.stdout);
  const summary = /Plan: .*|No changes\..*/.exec(plan.stdout)?.[0];
  return { plan: JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as PlanJson, summary, seconds };
}

/** Maps `items` through `task` with at most `limit` running at once; results in input order. */
export async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
