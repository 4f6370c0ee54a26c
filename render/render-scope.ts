import { EVERYTHING, stackInScope, type RenderScope } from './scope';
import { assertAllowed } from './writer';
import type { Platform } from '../environments/load';

/**
 * Renders what a scope covers (paths relative to dist/), loading only the renderers it needs: an
 * `--app` scope never loads cdktf and the AWS provider. Same bytes as {@link renderAll} for
 * those paths.
 */
export async function renderInScope(platform: Platform, scope: RenderScope = EVERYTHING): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const { renderKubernetes } = await import('./kubernetes');
  for (const [k, v] of renderKubernetes(platform, scope)) files.set(`k8s/${k}`, v);
  if (['shared', ...platform.environments.map((e) => e.name)].some((s) => stackInScope(scope, s))) {
    const { renderTerraform } = await import('./terraform');
    for (const [k, v] of renderTerraform(platform, scope)) files.set(`terraform/${k}`, v);
  }
  assertAllowed(files);
  return files;
}
