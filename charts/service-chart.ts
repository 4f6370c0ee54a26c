import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Microservice } from '../constructs/k8s/microservice';
import { selectorLabels, serviceLabels, serviceNamespace } from '../environments/naming';
import { memoryBytes } from '../environments/quantity';
import type { Environment, Service } from '../environments/types';

/** Props of a {@link ServiceChart}. */
export interface ServiceChartProps {
  /** The environment the service runs in. */
  readonly environment: Environment;
  /** The service, as this environment runs it. */
  readonly service: Service;
}

/** Everything one catalog service renders in one environment: `dist/k8s/<env>/<service>/`. */
export class ServiceChart extends Chart {
  constructor(scope: Construct, id: string, props: ServiceChartProps) {
    const { environment: env, service } = props;
    super(scope, id, { namespace: serviceNamespace(service), disableResourceNameHashes: true });

    new Microservice(this, service.name, {
      name: service.name,
      namespace: serviceNamespace(service),
      labels: serviceLabels(env.name, service.name),
      selectorLabels: selectorLabels(service.name),
      image: `${service.image.repository}:${service.image.tag}`,
      port: service.port,
      replicas: service.replicas,
      resources: {
        cpuRequest: service.resources.requests.cpu,
        cpuLimit: service.resources.limits.cpu,
        memoryRequestBytes: memoryBytes(service.resources.requests.memory)!,
        memoryLimitBytes: memoryBytes(service.resources.limits.memory)!,
      },
    });
  }
}
