import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { CustomResource } from './custom-resource';

/** Props of a {@link PodMonitor}. */
export interface PodMonitorProps {
  /** Name, namespace and labels. */
  readonly metadata: ApiObjectMetadata;
  /** Labels of the pods to scrape (in the monitor's own namespace). */
  readonly podSelector: Record<string, string>;
  /** Name of the container port that serves metrics. */
  readonly port: string;
  /**
   * HTTP path of the metrics.
   * @default '/metrics'
   */
  readonly path?: string;
  /**
   * Scrape interval, a Prometheus duration.
   * @default '30s'
   */
  readonly interval?: string;
  /**
   * Labels set to fixed values on every scraped series (e.g. the `service` label a
   * ServiceMonitor would have set).
   * @default - none
   */
  readonly staticLabels?: Record<string, string>;
  /**
   * Pod labels copied onto every scraped series.
   * @default - none
   */
  readonly podTargetLabels?: readonly string[];
}

/**
 * A Prometheus Operator `PodMonitor` (monitoring.coreos.com/v1): scrapes pods directly, whatever
 * Services select them, so each pod is scraped exactly once (a blue-green preview's pods included).
 */
export class PodMonitor extends CustomResource {
  constructor(scope: Construct, id: string, props: PodMonitorProps) {
    const relabelings = Object.entries(props.staticLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([targetLabel, replacement]) => ({ action: 'replace' as const, targetLabel, replacement }));
    const spec: IPodMonitor['spec'] = {
      selector: { matchLabels: props.podSelector },
      podMetricsEndpoints: [{
        port: props.port,
        path: props.path ?? '/metrics',
        interval: props.interval ?? '30s',
        ...(relabelings.length ? { relabelings } : {}),
      }],
      ...(props.podTargetLabels?.length ? { podTargetLabels: [...props.podTargetLabels] } : {}),
    };
    super(scope, id, { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: props.metadata as IPodMonitor['metadata'], spec });
  }
}
