import { parse } from 'yaml';
import { loadPlatform } from '../../environments/load';
import { renderKubernetes } from '../../render/kubernetes';
import { renderTerraform } from '../../render/terraform';

let cached: { k8s: Map<string, string>; tf: Map<string, string> } | undefined;

/** The repository's render, computed once per test file. */
export function render(): { k8s: Map<string, string>; tf: Map<string, string> } {
  if (cached === undefined) {
    const platform = loadPlatform();
    cached = { k8s: renderKubernetes(platform), tf: renderTerraform(platform) };
  }
  return cached;
}

/** The YAML files of one Argo CD application folder `<env>/<app>`. */
export function folderFiles(folder: string): Record<string, string> {
  return Object.fromEntries([...render().k8s].filter(([f]) => f.startsWith(`${folder}/`)));
}

/** Parsed objects of one folder (or of every folder when omitted). */
export function objects(folder?: string): any[] {
  return [...render().k8s]
    .filter(([f]) => folder === undefined || f.startsWith(`${folder}/`))
    .map(([, y]) => parse(y));
}

/** One stack's parsed cdk.tf.json. */
export function stack(name: string): any {
  return JSON.parse(render().tf.get(`stacks/${name}/cdk.tf.json`)!);
}
