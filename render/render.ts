import { renderKubernetes } from './kubernetes';
import { EVERYTHING, type RenderScope } from './scope';
import { renderTerraform } from './terraform';
import { assertAllowed } from './writer';
import type { Platform } from '../environments/load';

/** Prefixes every key of `files` with `prefix/`. */
function under(prefix: string, files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files].map(([k, v]) => [`${prefix}/${k}`, v]));
}

/** Renders everything (in scope): path relative to dist/ -> content. Throws if a path is not allowed. */
export function renderAll(platform: Platform, scope: RenderScope = EVERYTHING): Map<string, string> {
  const files = new Map([...under('k8s', renderKubernetes(platform, scope)), ...under('terraform', renderTerraform(platform, scope))]);
  assertAllowed(files);
  return files;
}
