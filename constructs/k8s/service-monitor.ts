import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { CustomResource } from './custom-resource';

/** Props of a {@link ServiceMonitor}. */
export interface ServiceMonitorProps {
  /** Name, namespace and labels. */
  readonly metadata: ApiObjectMetadata;
  /** Labels of the Services to scrape (in the monitor's own namespace). */
  readonly serviceSelector: Record<string, string>;
  /** Name of the Service port that serves metrics. */
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
   * Pod labels copied onto every scraped series (label names with `-`/`.`/`/` become `_`).
   * @default - none
   */
  readonly podTargetLabels?: readonly string[];
}

/**
 * A Prometheus Operator `ServiceMonitor` (monitoring.coreos.com/v1). With the operator, scrape
 * annotations on pods or Services do nothing; this object is what makes Prometheus scrape.
 */
export class ServiceMonitor extends CustomResource {
  constructor(scope: Construct, id: string, props: ServiceMonitorProps) {
    const spec: IServiceMonitor['spec'] = {
      selector: { matchLabels: props.serviceSelector },
      endpoints: [{ port: props.port, path: props.path ?? '/metrics', interval: props.interval ?? '30s' }],
      ...(props.podTargetLabels?.length ? { podTargetLabels: [...props.podTargetLabels] } : {}),
    };
    super(scope, id, { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: props.metadata, spec });
  }
}
