/**
 * The registered environments, in promotion order: the one list every command reads (render,
 * diff, promote). Adding an environment: create `environments/<name>.ts` and
 * `environments/versions/<name>.json`, then add it here. A file or versions file that is not
 * registered, or a registered environment without one, stops the render (`load.ts`).
 */
import { dev } from './dev';
import { prod } from './prod';
import { staging } from './staging';
import type { EnvironmentConfig } from './types';

/** Every environment, in promotion order (dev -> staging -> prod). */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [dev, staging, prod];

/** The environment names, in promotion order. */
export const ENVIRONMENT_NAMES: readonly string[] = ENVIRONMENTS.map((e) => e.name);
