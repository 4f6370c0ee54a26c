import type { AddonDefinition } from './addon';
import { PLATFORM_ADDONS } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';
import { lokiValues, telemetryStorageOf } from '../telemetry';

export const loki: AddonDefinition<Record<string, unknown>> = {
  name: 'loki',
  chart: ADDON_CHARTS.loki,
  namespace: PLATFORM_ADDONS.loki.namespace,
  podSecurity: 'restricted',
  purpose: 'log storage (single binary, OTLP ingestion), chunks in the environment\'s S3 bucket (IRSA)',
  usedBy: 'the OpenTelemetry Collector\'s logs pipeline, Grafana',
  irsa: { serviceAccount: PLATFORM_ADDONS.loki },
  values: ({ environment }) => lokiValues(telemetryStorageOf(environment)),
};
