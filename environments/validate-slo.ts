/**
 * Load-time checks of the service level objectives and the owning team, and how an environment's
 * overrides combine with the catalog's objectives.
 */
import type {
  AvailabilityObjective, LatencyObjective, ResolvedSlo, ServiceDefinition, ServiceSettings, SloOverrides, SloWindow,
} from './types';
import { DNS_LABEL, fail, show } from './validation-rules';

/** Windows an SLO may be measured over. */
export const SLO_WINDOWS: readonly SloWindow[] = ['28d', '30d'];
/** The window when the catalog does not say. */
export const DEFAULT_SLO_WINDOW: SloWindow = '28d';
/** Metric names when the catalog does not say (the HTTP semantic conventions the services follow). */
export const DEFAULT_SLO_METRICS: ResolvedSlo['metrics'] = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
  statusCodeLabel: 'status_code',
};
/**
 * Objectives are percentages in this range: below 95 the fastest burn-rate alert (14.4 times the
 * budget) could never fire, above 99.999 the budget is smaller than one scrape's noise.
 */
export const SLO_TARGET_RANGE = { min: 95, max: 99.999 } as const;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function checkTarget(env: string, at: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < SLO_TARGET_RANGE.min || value > SLO_TARGET_RANGE.max) {
    fail(env, at, `${show(value)} is not an objective in percent from ${SLO_TARGET_RANGE.min} to ${SLO_TARGET_RANGE.max}`,
      'write the percentage of good requests, e.g. 99.9');
  }
}

function checkAvailability(env: string, at: string, a: AvailabilityObjective | undefined): void {
  if (typeof a !== 'object' || a === null) fail(env, at, `${show(a)} is not an availability objective`, 'write { target: 99.9 }');
  checkTarget(env, `${at}.target`, a.target);
}

function checkLatency(env: string, at: string, l: LatencyObjective | undefined): void {
  if (l === undefined) return;
  if (typeof l !== 'object' || l === null) fail(env, at, `${show(l)} is not a latency objective`, 'write { target: 99, thresholdSeconds: 0.3 }');
  checkTarget(env, `${at}.target`, l.target);
  const t = l.thresholdSeconds;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0 || t > 60) {
    fail(env, `${at}.thresholdSeconds`, `${show(t)} is not a threshold from 0 to 60 seconds`,
      'use a bucket boundary of the service\'s duration histogram, e.g. 0.3');
  }
}

function checkWindow(env: string, at: string, w: unknown): void {
  if (w !== undefined && !(SLO_WINDOWS as readonly unknown[]).includes(w)) {
    fail(env, at, `${show(w)} is not an SLO window`, `use one of ${SLO_WINDOWS.map((x) => `"${x}"`).join(', ')}`);
  }
}

/** Validates the team and the objectives of catalog entry `i`. */
export function validateCatalogSlo(def: ServiceDefinition, i: number): void {
  const at = `catalog[${i}]`;
  if (typeof def.team !== 'string' || !DNS_LABEL.test(def.team)) {
    fail('*', `${at}.team`, `service "${def.name}" has ${def.team === undefined ? 'no owning team' : `team ${show(def.team)}, not a DNS-1123 label`}`,
      'set team to the owning team\'s name, a DNS-1123 label such as "storefront"; its alerts are routed by it');
  }
  const slo = def.slo;
  if (typeof slo !== 'object' || slo === null) {
    fail('*', `${at}.slo`, `service "${def.name}" has no service level objectives`,
      `add slo: { availability: { target: 99.9 } } to "${def.name}" in environments/catalog.ts (every service is measured)`);
  }
  checkAvailability('*', `${at}.slo.availability`, slo.availability);
  checkLatency('*', `${at}.slo.latency`, slo.latency);
  checkWindow('*', `${at}.slo.window`, slo.window);
  for (const key of ['requests', 'duration'] as const) {
    const name = slo.metrics?.[key];
    if (name !== undefined && (typeof name !== 'string' || !METRIC_NAME.test(name))) {
      fail('*', `${at}.slo.metrics.${key}`, `${show(name)} is not a Prometheus metric name`, `use the exact name the service exposes, e.g. "${DEFAULT_SLO_METRICS[key]}"`);
    }
  }
  const label = slo.metrics?.statusCodeLabel;
  if (label !== undefined && (typeof label !== 'string' || !LABEL_NAME.test(label) || label.startsWith('__'))) {
    fail('*', `${at}.slo.metrics.statusCodeLabel`, `${show(label)} is not a Prometheus label name`, 'use the label that holds the status code, e.g. "status_code"');
  }
}

/** Validates one environment's overrides of a service's objectives. */
export function validateSloOverrides(env: string, at: string, o: SloOverrides | undefined): void {
  if (o === undefined) return;
  if (o.availability !== undefined) checkAvailability(env, `${at}.sloOverrides.availability`, o.availability);
  checkLatency(env, `${at}.sloOverrides.latency`, o.latency);
  checkWindow(env, `${at}.sloOverrides.window`, o.window);
}

/** The objectives a service has in one environment: the catalog's, overridden field by field, defaults applied. */
export function resolveSlo(def: ServiceDefinition, settings: ServiceSettings): ResolvedSlo {
  const o = settings.sloOverrides ?? {};
  const latency = o.latency ?? def.slo.latency;
  return {
    availability: o.availability ?? def.slo.availability,
    ...(latency ? { latency } : {}),
    window: o.window ?? def.slo.window ?? DEFAULT_SLO_WINDOW,
    metrics: { ...DEFAULT_SLO_METRICS, ...def.slo.metrics },
  };
}
