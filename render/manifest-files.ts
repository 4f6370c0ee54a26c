import { posix } from 'node:path';
import { toYaml } from './yaml';

/** A rendered Kubernetes object, as `Chart.toJson()` returns it. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [k: string]: unknown };
  readonly [key: string]: unknown;
}

/**
 * File name of one object: `<kind>.<namespace>.<name>.yaml`, or `<kind>.<name>.yaml` for
 * cluster-scoped objects. Kinds and namespaces never contain dots (a namespace is a DNS-1123
 * label), so two different objects never map to the same name, unlike cdk8s's
 * file-per-resource mode, which leaves the namespace out.
 */
export function manifestFileName(obj: KubernetesObject): string {
  const { kind, metadata } = obj;
  const parts = [kind.toLowerCase(), metadata.namespace, metadata.name].filter((p): p is string => p !== undefined);
  return `${parts.join('.')}.yaml`;
}

/**
 * Turns the objects of one Argo CD application folder into files: one YAML document per file,
 * keyed by their path relative to the k8s output root. Throws on malformed objects and on
 * two objects that would share a file.
 */
export function manifestFiles(folder: string, objects: readonly KubernetesObject[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const obj of objects) {
    if (!obj?.apiVersion || !obj.kind || !obj.metadata?.name) {
      throw new Error(`${folder}: an object without apiVersion, kind or metadata.name: ${JSON.stringify(obj).slice(0, 200)}`);
    }
    const file = posix.join(folder, manifestFileName(obj));
    if (files.has(file)) {
      throw new Error(`${folder}: two objects render to ${file}: ${obj.apiVersion} ${obj.kind} ${obj.metadata.namespace ?? ''}/${obj.metadata.name}`);
    }
    files.set(file, toYaml(obj));
  }
  return files;
}
