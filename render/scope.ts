/**
 * Which part of the estate a command works on (`--env`, `--app`). Kept free of cdk8s and cdktf so
 * that every entry point can check a scope before loading them.
 */
export interface RenderScope {
  /** Only these environments. @default every environment */
  readonly environments?: readonly string[];
  /** Only these Argo CD application folders (`dist/k8s/<env>/<app>/`); no Terraform. @default every app and the stacks */
  readonly apps?: readonly string[];
}

/** The whole estate. */
export const EVERYTHING: RenderScope = {};

/** True when the scope names no environment and no app. */
export const isEverything = (s: RenderScope): boolean => !s.environments?.length && !s.apps?.length;

/** True when the Kubernetes folder `<env>/<app>` is in scope. */
export function folderInScope(s: RenderScope, env: string, app: string): boolean {
  return (!s.environments?.length || s.environments.includes(env)) && (!s.apps?.length || s.apps.includes(app));
}

/** True when anything of an environment is in scope. */
export const environmentInScope = (s: RenderScope, env: string): boolean => !s.environments?.length || s.environments.includes(env);

/**
 * True when a Terraform stack is in scope: every stack without a scope, an environment's own stack
 * with `--env`, none with `--app` (apps are Kubernetes folders). The `shared` stack belongs to no
 * environment: only an unscoped render has it.
 */
export function stackInScope(s: RenderScope, stack: string): boolean {
  if (s.apps?.length) return false;
  return !s.environments?.length || s.environments.includes(stack);
}

/** True when a path relative to dist/ is in scope (`terraform/manifest.json` only for everything). */
export function pathInScope(s: RenderScope, path: string): boolean {
  if (isEverything(s)) return true;
  const parts = path.split('/');
  if (parts[0] === 'k8s' && parts.length >= 4) return folderInScope(s, parts[1], parts[2]);
  if (parts[0] === 'terraform' && parts[1] === 'stacks' && parts.length >= 4) return stackInScope(s, parts[2]);
  return false;
}

/**
 * The folders a scoped write replaces, relative to dist/ (`k8s/dev/web/`, `terraform/stacks/dev/`),
 * for the environments given (the platform's, in order). Undefined for an unscoped write.
 */
export function scopePrefixes(s: RenderScope, environments: readonly string[]): string[] | undefined {
  if (isEverything(s)) return undefined;
  const prefixes: string[] = [];
  for (const env of environments.filter((e) => environmentInScope(s, e))) {
    if (s.apps?.length) for (const a of s.apps) prefixes.push(`k8s/${env}/${a}/`);
    else prefixes.push(`k8s/${env}/`);
    if (stackInScope(s, env)) prefixes.push(`terraform/stacks/${env}/`);
  }
  return prefixes;
}
