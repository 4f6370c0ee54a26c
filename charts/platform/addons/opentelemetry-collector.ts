import type { AddonDefinition } from './addon';
import { ADDON_CHARTS } from '../../../environments/platform';
import { collectorValues, OTEL_COLLECTOR } from '../telemetry';

export const openTelemetryCollector: AddonDefinition<Record<string, unknown>> = {
  name: OTEL_COLLECTOR.release,
  chart: ADDON_CHARTS.openTelemetryCollector,
  namespace: OTEL_COLLECTOR.namespace,
  podSecurity: 'restricted',
  purpose: 'OTLP in (gRPC 4317, HTTP 4318), memory limiter and batch; traces to Tempo, logs to Loki, metrics to Prometheus',
  usedBy: 'every service (OTEL_EXPORTER_OTLP_ENDPOINT in its ConfigMap)',
  values: ({ environment }) => collectorValues(environment),
};
