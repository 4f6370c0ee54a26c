import type { AddonDefinition } from './addon';
import { PLATFORM_ADDONS } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';
import { telemetryStorageOf, tempoValues } from '../telemetry';

export const tempo: AddonDefinition<Record<string, unknown>> = {
  name: 'tempo',
  chart: ADDON_CHARTS.tempo,
  namespace: PLATFORM_ADDONS.tempo.namespace,
  podSecurity: 'restricted',
  purpose: 'trace storage (single binary), traces in the environment\'s S3 bucket (IRSA)',
  usedBy: 'the OpenTelemetry Collector\'s traces pipeline, Grafana',
  irsa: { serviceAccount: PLATFORM_ADDONS.tempo },
  values: ({ environment }) => tempoValues(telemetryStorageOf(environment)),
};
