import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { catalog as defaultCatalog } from './catalog';
import { ConfigError } from './errors';
import { ENVIRONMENTS } from './index';
import { ecrRepositoryUri } from './naming';
import { CatalogSchema, EnvironmentConfigSchema, SharedSchema } from './schema';
import { parseOrFail } from './schema-rules';
import { shared as defaultShared } from './shared';
import { resolveSlo } from './slo';
import type { Environment, EnvironmentConfig, ServiceDefinition, SharedConfig } from './types';
import { validateAcrossEnvironments, validateEnvironment } from './validate';
import { validateCatalog } from './validate-services';

/** Everything the render is computed from. Tests build variations of it. */
export interface PlatformInput {
  /** Shared values (project, registry, Terraform Cloud). */
  readonly shared: SharedConfig;
  /** The service catalog. */
  readonly catalog: readonly ServiceDefinition[];
  /** Environment configs, in promotion order. */
  readonly environments: readonly EnvironmentConfig[];
  /** Parsed `versions/<env>.json` per environment name: service name -> image tag. */
  readonly versions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The validated model every renderer consumes. */
export interface Platform {
  /** Shared values. */
  readonly shared: SharedConfig;
  /** The catalog. */
  readonly catalog: readonly ServiceDefinition[];
  /** Validated environments in promotion order. */
  readonly environments: readonly Environment[];
}

/**
 * The repository root: the nearest folder above this module with a package.json, so that
 * sources run by tsx and compiled JS in lib/ find the same files.
 */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

/** Folder of the versions files that `npm run promote` edits. */
export const VERSIONS_DIR = join(repoRoot(), 'environments', 'versions');

/**
 * The first key that occurs twice in one object of a JSON text (JSON.parse silently keeps the
 * last). A small scanner: strings are skipped whole, so a quote or brace inside one is no token.
 */
export function duplicateKey(text: string): string | undefined {
  const stack: Set<string>[] = [];
  const token = /"(?:[^"\\]|\\.)*"|[{}[\]]/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const t = m[0];
    if (t === '{') {stack.push(new Set());} else if (t === '[') {stack.push(new Set(['[']));} else if (t === '}' || t === ']') {stack.pop();} else if (/^\s*:/.test(text.slice(token.lastIndex)) && stack.length > 0) {
      const key = JSON.parse(t) as string;
      const keys = stack[stack.length - 1];
      if (keys.has(key)) return key;
      keys.add(key);
    }
  }
  return undefined;
}

/** Reads and parses `versions/<env>.json`; a missing or malformed file is a ConfigError. */
export function readVersionsFile(env: string, dir: string = VERSIONS_DIR): Record<string, unknown> {
  const file = `environments/versions/${env}.json`;
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, `${env}.json`));
  } catch {
    throw new ConfigError(env, file, 'the versions file is missing', `create ${file} with one "<service>": "<tag>" entry per service`);
  }
  // UTF-16 (with its byte-order mark, or without: every other byte NUL) is not UTF-8 at all
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.subarray(0, 64).includes(0)) {
    throw new ConfigError(env, file, 'the file is not UTF-8 (it looks like UTF-16)', 'save it as UTF-8 without a BOM');
  }
  const text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) {
    throw new ConfigError(env, file, 'the file starts with a byte-order mark', 'save it as UTF-8 without a BOM');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // the parser quotes the text around the error: keep the message on one printable line
    const reason = JSON.stringify((e as Error).message).slice(1, -1);
    throw new ConfigError(env, file, `the file is not valid JSON (${reason})`, 'fix the JSON syntax, e.g. { "web": "1.4.2" }');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(env, file, 'the file is not a JSON object', 'write { "<service>": "<tag>", ... }');
  }
  const duplicate = duplicateKey(text);
  if (duplicate !== undefined) {
    throw new ConfigError(env, `${file}: ${duplicate}`, `"${duplicate}" is listed twice (JSON keeps only the last)`, 'list each service once');
  }
  return parsed as Record<string, unknown>;
}

/** Folder of the environment files. */
const ENVIRONMENTS_DIR = join(repoRoot(), 'environments');

/**
 * Refuses a half-added environment: a registered one without its file or versions file, an
 * environment file or a versions file that is not registered.
 */
export function checkRegistry(names: readonly string[], dir: string = ENVIRONMENTS_DIR, versionsDir: string = VERSIONS_DIR): void {
  const register = 'register it in ENVIRONMENTS (environments/index.ts, in promotion order)';
  for (const name of names) {
    if (!existsSync(join(dir, `${name}.ts`))) {
      throw new ConfigError(name, 'name', `"${name}" is registered in environments/index.ts but environments/${name}.ts does not exist`,
        `name the environment after its file, or rename the file to environments/${name}.ts`);
    }
  }
  for (const file of readdirSync(versionsDir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort()) {
    const name = file.slice(0, -'.json'.length);
    if (!names.includes(name)) {
      throw new ConfigError(name, `environments/versions/${file}`, `no registered environment is named "${name}"`,
        `create environments/${name}.ts and ${register}, or delete the file`);
    }
  }
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    const name = file.slice(0, -'.ts'.length);
    if (!names.includes(name) && /:\s*EnvironmentConfig\s*=/.test(readFileSync(join(dir, file), 'utf8'))) {
      throw new ConfigError(name, `environments/${file}`, 'the environment file is not registered', register);
    }
  }
}

/** The repository's own input: the environments registered in `environments/index.ts` and their files. */
export function defaultInput(): PlatformInput {
  const environments = ENVIRONMENTS;
  const names = environments.map((e) => e.name);
  checkRegistry(names);
  return {
    shared: defaultShared,
    catalog: defaultCatalog,
    environments,
    versions: Object.fromEntries(names.map((name) => [name, readVersionsFile(name)])),
  };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    Object.values(o).forEach(deepFreeze);
  }
  return o;
}

/**
 * Validates the input and resolves every environment's services. Throws ConfigError on bad input.
 * The schema pass checks shapes and grammars (unknown keys name the closest known one); the rules
 * of `validate*.ts` then check what needs several values.
 */
export function buildPlatform(input: PlatformInput): Platform {
  parseOrFail(SharedSchema, input.shared, '*');
  parseOrFail(CatalogSchema, input.catalog, '*', 'catalog');
  validateCatalog(input.catalog);
  for (const config of input.environments) {
    const name = typeof (config as { name?: unknown })?.name === 'string' ? config.name : '?';
    parseOrFail(EnvironmentConfigSchema, config, name);
    const versionsFile = `environments/versions/${config.name}.json`;
    validateEnvironment(config, input.catalog, input.versions[config.name] ?? {}, versionsFile);
  }
  validateAcrossEnvironments(input.environments, input.shared);

  const environments: Environment[] = input.environments.map((config) => ({
    ...config,
    services: input.catalog.map((def) => ({
      ...def,
      ...config.services[def.name],
      // both validated present by validateCatalog
      team: def.team!,
      slo: resolveSlo(def, config.services[def.name]),
      image: {
        repository: ecrRepositoryUri(input.shared.registry, def.name),
        tag: input.versions[config.name][def.name] as string,
      },
    })),
  }));
  return deepFreeze({ shared: input.shared, catalog: input.catalog, environments });
}

/** Loads, validates and freezes the repository's environments. */
export function loadPlatform(): Platform {
  return buildPlatform(defaultInput());
}
