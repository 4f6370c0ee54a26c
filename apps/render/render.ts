import { renderKubernetes } from './kubernetes';
import { renderTerraform } from './terraform';
import type { Platform } from '../../environments/load';

export { DIST_DIR, REPO_ROOT } from './paths';

/** What may live in the output, relative to dist/: Argo CD reads k8s/, Terraform Cloud stacks/. */
const ALLOWED = [
  /^k8s\/[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9]+(\.[a-z0-9-]+)+\.yaml$/,
  /^terraform\/manifest\.json$/,
  /^terraform\/stacks\/[a-z0-9-]+\/cdk\.tf\.json$/,
];

/** Prefixes every key of `files` with `prefix/`. */
export function under(prefix: string, files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files].map(([k, v]) => [`${prefix}/${k}`, v]));
}

/** Renders everything: path relative to dist/ -> content. Throws if a path is not allowed. */
export function renderAll(platform: Platform): Map<string, string> {
  const files = new Map([...under('k8s', renderKubernetes(platform)), ...under('terraform', renderTerraform(platform))]);
  assertAllowed(files);
  return files;
}

/** Throws on any path that is not a Kubernetes manifest or a Terraform stack file. */
export function assertAllowed(files: ReadonlyMap<string, string>, prefix = ''): void {
  for (const rel of files.keys()) {
    if (!ALLOWED.some((re) => re.test(prefix + rel))) throw new Error(`refusing to write an unexpected file into dist/: ${prefix}${rel}`);
  }
}
