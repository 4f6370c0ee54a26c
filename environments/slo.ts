/**
 * How an environment's overrides combine with the catalog's objectives (the schema checks both).
 */
import type { ResolvedSlo, ServiceDefinition, ServiceSettings, SloWindow } from './types';

/** The window when the catalog does not say. */
export const DEFAULT_SLO_WINDOW: SloWindow = '28d';
/** Metric names when the catalog does not say (the HTTP semantic conventions the services follow). */
export const DEFAULT_SLO_METRICS: ResolvedSlo['metrics'] = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
  statusCodeLabel: 'status_code',
};
/** The objectives a service has in one environment: the catalog's, overridden field by field, defaults applied. */
export function resolveSlo(def: ServiceDefinition, settings: ServiceSettings): ResolvedSlo {
  const o = settings.sloOverrides ?? {};
  const slo = def.slo!; // validated present by validateCatalog
  const latency = o.latency ?? slo.latency;
  return {
    availability: o.availability ?? slo.availability,
    ...(latency ? { latency } : {}),
    window: o.window ?? slo.window ?? DEFAULT_SLO_WINDOW,
    metrics: { ...DEFAULT_SLO_METRICS, ...slo.metrics },
  };
}
