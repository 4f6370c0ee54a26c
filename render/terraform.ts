import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVERYTHING, isEverything, stackInScope, type RenderScope } from './scope';
import { withoutTokenStackTraces } from './token-stack-traces';
import { App, TerraformElement } from '../constructs/aws/cdktf';
import type { Platform } from '../environments/load';
import { EnvironmentStack } from '../stacks/environment-stack';
import { SHARED_STACK, SharedStack } from '../stacks/shared-stack';

/** Builds the stacks in scope: `shared` (the registry) and one per environment, named after it. */
export function buildTerraform(platform: Platform, outdir: string, scope: RenderScope = EVERYTHING): App {
  // skipValidation: cdktf's validations run `terraform version` (a machine read, and a failure where
  // terraform is missing); the real terraform validates every stack in `npm run validate:terraform`
  const app = new App({ outdir, stackTraces: false, hclOutput: false, skipValidation: true });
  if (stackInScope(scope, SHARED_STACK)) new SharedStack(app, SHARED_STACK, { platform });
  for (const env of platform.environments.filter((e) => stackInScope(scope, e.name))) {
    new EnvironmentStack(app, env.name, { environment: env, shared: platform.shared });
  }
  return app;
}

/**
 * Renders every stack (in scope): path relative to `dist/terraform` -> file content. cdktf synthesizes into
 * a scratch folder outside the repository; only `manifest.json` and `stacks/<stack>/cdk.tf.json`
 * are kept, so no cdktf temp file can reach dist/.
 */
export function renderTerraform(platform: Platform, scope: RenderScope = EVERYTHING): Map<string, string> {
  if (!platform.environments.some((e) => stackInScope(scope, e.name)) && !stackInScope(scope, SHARED_STACK)) return new Map();
  const scratch = mkdtempSync(join(tmpdir(), 'platform-cdktf-'));
  try {
    return withoutTokenStackTraces(() => synthesize(buildTerraform(platform, scratch, scope), scratch, scope));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Checks and synthesizes a built app into `scratch`, and reads back the files dist/ keeps. */
function synthesize(app: App, scratch: string, scope: RenderScope): Map<string, string> {
  // our constructs' own checks (node.addValidation), which skipValidation skips along with cdktf's;
  // cdktf's elements are left out: their checks run `terraform version`, a read of the machine
  const problems = app.node.findAll().filter((c) => !(c instanceof TerraformElement)).flatMap((c) => c.node.validate());
  if (problems.length > 0) throw new Error(`invalid constructs:\n  ${problems.join('\n  ')}`);
  app.synth();
  const files = new Map<string, string>();
  // cdktf's manifest lists the stacks synthesised: only a whole render has all of them
  if (isEverything(scope)) files.set('manifest.json', readFileSync(join(scratch, 'manifest.json'), 'utf8'));
  for (const stack of readdirSync(join(scratch, 'stacks')).sort()) {
    files.set(`stacks/${stack}/cdk.tf.json`, readFileSync(join(scratch, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  }
  return files;
}
