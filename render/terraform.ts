import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformElement } from '../constructs/aws/cdktf';
import type { Platform } from '../environments/load';
import { EnvironmentStack } from '../stacks/environment-stack';
import { SHARED_STACK, SharedStack } from '../stacks/shared-stack';

/** Builds every stack: `shared` (the registry) and one per environment, named after it. */
export function buildTerraform(platform: Platform, outdir: string): App {
  // skipValidation: cdktf's validations run `terraform version` (a machine read, and a failure where
  // terraform is missing); the real terraform validates every stack in `npm run validate:terraform`
  const app = new App({ outdir, stackTraces: false, hclOutput: false, skipValidation: true });
  new SharedStack(app, SHARED_STACK, { platform });
  for (const env of platform.environments) {
    new EnvironmentStack(app, env.name, { environment: env, shared: platform.shared });
  }
  return app;
}

/**
 * Renders every stack: path relative to `dist/terraform` -> file content. cdktf synthesizes into
 * a scratch folder outside the repository; only `manifest.json` and `stacks/<stack>/cdk.tf.json`
 * are kept, so no cdktf temp file can reach dist/.
 */
export function renderTerraform(platform: Platform): Map<string, string> {
  const scratch = mkdtempSync(join(tmpdir(), 'platform-cdktf-'));
  try {
    const app = buildTerraform(platform, scratch);
    // our constructs' own checks (node.addValidation), which skipValidation skips along with cdktf's;
    // cdktf's elements are left out: their checks run `terraform version`, a read of the machine
    const problems = app.node.findAll().filter((c) => !(c instanceof TerraformElement)).flatMap((c) => c.node.validate());
    if (problems.length > 0) throw new Error(`invalid constructs:\n  ${problems.join('\n  ')}`);
    app.synth();
    const files = new Map<string, string>();
    files.set('manifest.json', readFileSync(join(scratch, 'manifest.json'), 'utf8'));
    for (const stack of readdirSync(join(scratch, 'stacks')).sort()) {
      files.set(`stacks/${stack}/cdk.tf.json`, readFileSync(join(scratch, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    }
    return files;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
