/**
 * The primitives every load-time check shares: grammars and the one way to fail.
 */
import { ConfigError } from './errors';

/** DNS-1123 label: what Kubernetes requires of namespace and Service names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Docker tag grammar; `latest` is refused separately because it is not a pin. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** An image digest, the other way to pin an image. */
export const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Fails with a ConfigError naming environment and field. */
export function fail(environment: string, field: string, problem: string, fix: string): never {
  throw new ConfigError(environment, field, problem, fix);
}

/** A value as an error message quotes it. */
export const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

/** Fails unless `value` is an integer in [min, max]. */
export function requireInteger(env: string, field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(env, field, `${show(value)} is not an integer from ${min} to ${max}`, `use a whole number between ${min} and ${max}`);
  }
  return value;
}
