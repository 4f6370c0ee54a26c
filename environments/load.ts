import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { catalog as defaultCatalog } from './catalog';
import { dev } from './dev';
import { ConfigError } from './errors';
import { ecrRepositoryUri } from './naming';
import { platformSettingsOf } from './platform';
import { prod } from './prod';
import { shared as defaultShared } from './shared';
import { staging } from './staging';
import { ENVIRONMENT_NAMES, type Environment, type EnvironmentConfig, type ServiceDefinition, type SharedConfig } from './types';
import { validateAcrossEnvironments, validateEnvironment, validateShared } from './validate';
import { validateCatalog } from './validate-services';
import { resolveSlo } from './validate-slo';

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

/** Reads and parses `versions/<env>.json`; a missing or malformed file is a ConfigError. */
export function readVersionsFile(env: string, dir: string = VERSIONS_DIR): Record<string, unknown> {
  const file = `environments/versions/${env}.json`;
  let text: string;
  try {
    text = readFileSync(join(dir, `${env}.json`), 'utf8');
  } catch {
    throw new ConfigError(env, file, 'the versions file is missing', `create ${file} with one "<service>": "<tag>" entry per service`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(env, file, `the file is not valid JSON (${(e as Error).message})`, 'fix the JSON syntax, e.g. { "web": "1.4.2" }');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(env, file, 'the file is not a JSON object', 'write { "<service>": "<tag>", ... }');
  }
  return parsed as Record<string, unknown>;
}

/** The repository's own input: the files under `environments/`. */
export function defaultInput(): PlatformInput {
  const environments = [dev, staging, prod];
  return {
    shared: defaultShared,
    catalog: defaultCatalog,
    environments,
    // a file is read only for a known environment name, so a misspelt name is reported as such
    versions: Object.fromEntries(environments
      .filter((e) => (ENVIRONMENT_NAMES as readonly string[]).includes(e.name))
      .map((e) => [e.name, readVersionsFile(e.name)])),
  };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    Object.values(o).forEach(deepFreeze);
  }
  return o;
}

/** Validates the input and resolves every environment's services. Throws ConfigError on bad input. */
export function buildPlatform(input: PlatformInput): Platform {
  validateShared(input.shared);
  validateCatalog(input.catalog);
  for (const config of input.environments) {
    const versionsFile = `environments/versions/${config.name}.json`;
    validateEnvironment(config, input.catalog, input.versions[config.name] ?? {}, versionsFile);
    platformSettingsOf(config.name);
  }
  validateAcrossEnvironments(input.environments);

  const environments: Environment[] = input.environments.map((config) => ({
    ...config,
    services: input.catalog.map((def) => ({
      ...def,
      ...config.services[def.name],
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
