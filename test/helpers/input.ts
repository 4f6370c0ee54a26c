import { ConfigError } from '../../environments/errors';
import { defaultInput, loadPlatform, type PlatformInput } from '../../environments/load';
import type { Environment, EnvironmentConfig, Service, ServiceDefinition, ServiceSettings } from '../../environments/types';

/**
 * Variations of the repository's own input, made as a user would edit `environments/`: each
 * helper returns a new input and leaves the repository's (frozen once loaded) objects alone.
 */

/** The repository's input (a fresh read of the versions files). */
export const repositoryInput = (): PlatformInput => defaultInput();

/** Whether validation treats an environment as production. */
export const isProduction = (e: { readonly tier: string }): boolean => e.tier === 'production';

/** The input with environment `name`'s config replaced by `change(config)`. */
export function withEnvironment(input: PlatformInput, name: string, change: (e: EnvironmentConfig) => unknown): PlatformInput {
  if (!input.environments.some((e) => e.name === name)) throw new Error(`no environment ${name}`);
  return { ...input, environments: input.environments.map((e) => (e.name === name ? change(e) as EnvironmentConfig : e)) };
}

/** The input with the settings of `service` in environment `env` replaced by `change(settings)`. */
export function withSettings(input: PlatformInput, env: string, service: string, change: (s: ServiceSettings) => unknown): PlatformInput {
  return withEnvironment(input, env, (e) => ({ ...e, services: { ...e.services, [service]: change(e.services[service]) } }));
}

/** The input with the catalog entry `name` replaced by `change(entry)`. */
export function withEntry(input: PlatformInput, name: string, change: (s: ServiceDefinition) => unknown): PlatformInput {
  if (!input.catalog.some((s) => s.name === name)) throw new Error(`no catalog entry ${name}`);
  return { ...input, catalog: input.catalog.map((s) => (s.name === name ? change(s) as ServiceDefinition : s)) };
}

/** The input with environment `env`'s parsed versions file replaced by `change(versions)`. */
export function withVersions(input: PlatformInput, env: string, change: (v: Record<string, unknown>) => Record<string, unknown>): PlatformInput {
  return { ...input, versions: { ...input.versions, [env]: change({ ...input.versions[env] }) } };
}

/** `o` without `key`. */
export const without = <T extends object>(o: T, key: string): T => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key)) as T;

/** The one-line message of a ConfigError, as the CLI prints it after `error: `. */
export const line = (env: string, field: string, problem: string, fix: string): string =>
  `environment "${env}", field "${field}": ${problem}. Fix: ${fix}`;

/** The message of the error `f` throws when `is` accepts it; fails when it throws nothing or another error. */
export function messageOf(f: () => unknown, is: (e: unknown) => e is Error, what: string): string {
  try {
    f();
  } catch (e) {
    if (is(e)) return e.message;
    throw e;
  }
  throw new Error(`no ${what} was thrown`);
}

/** The message of the ConfigError `f` throws; fails when it throws nothing or another error. */
export const configErrorOf = (f: () => unknown): string => messageOf(f, (e): e is ConfigError => ConfigError.isConfigError(e), 'ConfigError');

/**
 * A service of the first environment whose replica count renders (no autoscaler owns it): what
 * tests edit when they need a change that reaches exactly one workload.
 */
export function scaledService(): { env: Environment; service: Service } {
  for (const env of loadPlatform().environments) {
    const service = env.services.find((s) => !s.autoscaling);
    if (service) return { env, service };
  }
  throw new Error('no environment runs a service without an autoscaler');
}
