import { parseAllDocuments } from 'yaml';
import type { Tree } from './git';

/** Which renderer an object comes from. */
export type Side = 'kubernetes' | 'terraform' | 'file';

/** What a Terraform object is: a managed resource, a data source, a provider, the settings block... */
export type TerraformCategory = 'resource' | 'data' | 'provider' | 'terraform' | 'output' | 'variable' | 'module' | 'locals' | 'other';

/** One reviewable object of a render. */
export interface RenderedObject {
  readonly side: Side;
  /** Environment name (k8s folder, or the environment a stack belongs to), `(global)` otherwise. */
  readonly environment: string;
  /** Argo CD application folder, or Terraform stack name. */
  readonly group: string;
  /** Display id: `Deployment shop/web`, `aws_vpc.network_vpc_4E8F0223`, `provider.aws`, `terraform`. */
  readonly id: string;
  /** Kubernetes kind, Terraform resource type (`data.<type>` for data sources), or the category. */
  readonly type: string;
  /** Terraform only. */
  readonly category?: TerraformCategory;
  /** The parsed object, with cdktf `//` metadata removed. */
  readonly body: unknown;
}

/** The identity of an object across two renders. */
export const objectKey = (o: Pick<RenderedObject, 'side' | 'environment' | 'group' | 'id'>): string =>
  `${o.side}\u0000${o.environment}\u0000${o.group}\u0000${o.id}`;

/** The environment of objects that belong to none (e.g. terraform/manifest.json). */
export const GLOBAL = '(global)';

/** A Terraform `moved` block: the address `from` now lives at `to`. */
export interface MovedBlock { readonly from: string; readonly to: string }

/** Everything a render contains, as objects. */
export interface ParsedTree {
  readonly objects: ReadonlyMap<string, RenderedObject>;
  /** `moved` blocks per stack (`<environment>\0<stack>`). */
  readonly moved: ReadonlyMap<string, readonly MovedBlock[]>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Removes cdktf's `//` metadata keys (construct paths, unique ids) at every level. */
export function stripMetadata(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripMetadata);
  if (!isRecord(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== '//').map(([k, x]) => [k, stripMetadata(x)]));
}

/**
 * The environment a Terraform stack belongs to: the environment of the same name, or one whose
 * name prefixes or suffixes the stack's (`prod-network`, `network-prod`); else `(global)`.
 */
export function stackEnvironment(stack: string, environments: readonly string[]): string {
  if (environments.includes(stack)) return stack;
  const hit = environments.find((e) => stack.startsWith(`${e}-`) || stack.endsWith(`-${e}`));
  return hit ?? GLOBAL;
}

function kubernetesId(doc: Record<string, unknown>, fallback: string): { id: string; type: string } {
  const kind = typeof doc.kind === 'string' ? doc.kind : undefined;
  const md = isRecord(doc.metadata) ? doc.metadata : {};
  if (!kind || typeof md.name !== 'string') return { id: fallback, type: kind ?? 'file' };
  return { id: typeof md.namespace === 'string' ? `${kind} ${md.namespace}/${md.name}` : `${kind} ${md.name}`, type: kind };
}

function addKubernetes(out: Map<string, RenderedObject>, path: string, text: string): void {
  const [, environment, ...rest] = path.split('/');
  const group = rest.length > 1 ? rest.slice(0, -1).join('/') : '.';
  const file = rest[rest.length - 1];
  let docs: unknown[];
  try {
    docs = parseAllDocuments(text).map((d) => d.toJSON() as unknown).filter((d) => d !== null && d !== undefined);
  } catch {
    docs = [text];
  }
  if (docs.length === 0) docs = [text];
  for (const doc of docs) {
    const { id, type } = isRecord(doc) ? kubernetesId(doc, file) : { id: file, type: 'file' };
    const o: RenderedObject = { side: 'kubernetes', environment, group, id, type, body: doc };
    out.set(objectKey(o), o);
  }
}

function addTerraform(
  out: Map<string, RenderedObject>, moved: Map<string, MovedBlock[]>,
  stack: string, environment: string, text: string,
): void {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const add = (id: string, type: string, category: TerraformCategory, body: unknown) => {
    const o: RenderedObject = { side: 'terraform', environment, group: stack, id, type, category, body: stripMetadata(body) };
    out.set(objectKey(o), o);
  };
  if (!isRecord(json)) {
    add('cdk.tf.json', 'file', 'other', text);
    return;
  }
  for (const [section, value] of Object.entries(json)) {
    if (section === '//') continue; // cdktf's stack metadata: backend kind, construct paths, outputs map
    if ((section === 'resource' || section === 'data') && isRecord(value)) {
      for (const [type, byName] of Object.entries(value)) {
        for (const [name, body] of Object.entries(isRecord(byName) ? byName : {})) {
          if (section === 'resource') add(`${type}.${name}`, type, 'resource', body);
          else add(`data.${type}.${name}`, `data.${type}`, 'data', body);
        }
      }
    } else if (section === 'provider' && isRecord(value)) {
      for (const [name, configs] of Object.entries(value)) {
        for (const config of Array.isArray(configs) ? configs : [configs]) {
          const alias = isRecord(config) && typeof config.alias === 'string' ? `.${config.alias}` : '';
          add(`provider.${name}${alias}`, 'provider', 'provider', config);
        }
      }
    } else if (section === 'terraform') {
      add('terraform', 'terraform', 'terraform', value);
    } else if ((section === 'output' || section === 'variable' || section === 'module') && isRecord(value)) {
      const prefix = section === 'variable' ? 'var' : section;
      for (const [name, body] of Object.entries(value)) add(`${prefix}.${name}`, section, section, body);
    } else if (section === 'moved' && Array.isArray(value)) {
      const blocks = value.filter(isRecord).map((m) => ({ from: String(m.from), to: String(m.to) }));
      moved.set(`${environment}\u0000${stack}`, blocks);
    } else {
      add(section, section, section === 'locals' ? 'locals' : 'other', value);
    }
  }
}

/** Files nobody reviews: cdktf's manifest lists the stacks; the render marker says only that the folder is a render. */
export const NOISE = [/^terraform\/manifest\.json$/, /^\.platform-render$/];

/**
 * Splits a render (paths relative to dist/) into objects: one per Kubernetes document, one per
 * Terraform resource, data source, provider configuration, output, variable and module, plus the
 * `terraform` settings block (backend, required providers). Any other file is one object.
 * `environments` (promotion order) maps Terraform stacks to environments.
 */
export function parseTree(tree: Tree, environments: readonly string[]): ParsedTree {
  const objects = new Map<string, RenderedObject>();
  const moved = new Map<string, MovedBlock[]>();
  const known = [...new Set([...environments, ...[...tree.keys()].filter((p) => p.startsWith('k8s/')).map((p) => p.split('/')[1])])];
  for (const [path, text] of [...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const parts = path.split('/');
    if (NOISE.some((re) => re.test(path))) continue;
    if (parts[0] === 'k8s' && parts.length >= 3) {
      addKubernetes(objects, path, text);
    } else if (parts[0] === 'terraform' && parts[1] === 'stacks' && parts.length === 4 && parts[3].endsWith('.json')) {
      addTerraform(objects, moved, parts[2], stackEnvironment(parts[2], known), text);
    } else {
      let body: unknown = text;
      try {
        body = path.endsWith('.json') ? JSON.parse(text) : body;
      } catch { /* keep the text */ }
      const o: RenderedObject = { side: 'file', environment: GLOBAL, group: parts.slice(0, -1).join('/') || '.', id: parts[parts.length - 1], type: 'file', body };
      objects.set(objectKey(o), o);
    }
  }
  return { objects, moved };
}
