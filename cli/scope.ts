import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CliArgs, didYouMean, FlagError, listFlag } from './cli';
import type { Platform } from '../environments/load';
import type { RenderScope } from '../render/scope';

/** The scope of `--env`/`--app` (both repeatable). */
export function scopeOf(args: CliArgs): RenderScope {
  const environments = listFlag(args, 'env');
  const apps = listFlag(args, 'app');
  return { ...(environments.length ? { environments } : {}), ...(apps.length ? { apps } : {}) };
}

/** Refuses `--env` names that are not environments of the platform (before anything renders). */
export function checkScope(platform: Platform, scope: RenderScope): void {
  const known: string[] = platform.environments.map((e) => e.name);
  for (const env of scope.environments ?? []) {
    if (!known.includes(env)) throw new FlagError('--env', `unknown environment "${env}"${didYouMean(env, known, '')}; use one of ${known.join(', ')}`);
  }
}

/**
 * Refuses an `--app` that rendered nothing in any environment in scope: a typo must not look like
 * an app with nothing to render. The list of apps names the services, namespaces, argocd and the
 * folders `dist` (the output folder) has.
 */
export function checkRendered(platform: Platform, scope: RenderScope, files: ReadonlyMap<string, string>, dist?: string): void {
  if (!scope.apps?.length) return;
  const rendered = new Set([...files.keys()].filter((f) => f.startsWith('k8s/')).map((f) => f.split('/')[2]));
  const missing = scope.apps.find((a) => !rendered.has(a));
  if (missing === undefined) return;
  const known = new Set(['namespaces', 'argocd', ...platform.catalog.map((s) => s.name)]);
  for (const env of platform.environments) {
    const dir = dist ? join(dist, 'k8s', env.name) : undefined;
    if (dir && existsSync(dir)) readdirSync(dir).filter((n) => !n.startsWith('.')).forEach((n) => known.add(n));
  }
  const list = [...known].sort();
  throw new FlagError('--app', `no app "${missing}" in ${(scope.environments ?? platform.environments.map((e): string => e.name)).join(', ')}${didYouMean(missing, list, '')}; apps: ${list.join(', ')}`);
}
