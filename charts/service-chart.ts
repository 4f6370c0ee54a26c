import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PROMETHEUS_URL, releaseMeasurements } from './platform/slo-rules';
import { OTEL_COLLECTOR, OTEL_COLLECTOR_POD_LABELS, telemetryConfig } from './platform/telemetry';
import {
  CANARY_HASH_ARG, Microservice, type MicroserviceReleaseStrategy, ROLLOUT_HASH_METRIC_LABEL,
} from '../constructs/k8s/microservice';
import {
  ALB_INGRESS_CLASS, albGroupName, AWS_APIS_PEER, canaryServiceName, endpointSubnetPlan, HTTPS_PORT, irsaRoleArn, KUBE_APISERVER_PEER,
  KUBERNETES_SERVICE_IP, LOAD_BALANCER_PEER, MONITORING_NAMESPACE, networkPolicyName, previewServiceName, privateSubnetPlan,
  publicSubnetPlan, selectorLabels, serviceAccountName, serviceLabels, serviceNamespace, stableServiceName,
} from '../environments/naming';
import type { Environment, ReleaseStrategy, Service } from '../environments/types';
import { metricsPortOf } from '../environments/validate-services';

/** Props of a {@link ServiceChart}. */
export interface ServiceChartProps {
  /** The environment the service runs in. */
  readonly environment: Environment;
  /** The service, as this environment runs it. */
  readonly service: Service;
}

/**
 * Everything one catalog service renders in one environment: `dist/k8s/<env>/<service>/`.
 * Translates the catalog entry and the environment's settings into {@link Microservice} props;
 * the NetworkPolicies follow the catalog's dependency graph in both directions.
 */
export class ServiceChart extends Chart {
  constructor(scope: Construct, id: string, props: ServiceChartProps) {
    const { environment: env, service } = props;
    const namespace = serviceNamespace(service);
    super(scope, id, { namespace, disableResourceNameHashes: true });

    const dependents = env.services.filter((s) => (s.dependencies ?? []).includes(service.name));
    const dependencies = (service.dependencies ?? []).map((name) => env.services.find((s) => s.name === name)!);
    // the service's own values win over the platform's telemetry defaults
    const config = { ...telemetryConfig(env, service), ...service.config, ...service.configOverrides };
    const isPublic = service.exposure === 'public';

    new Microservice(this, service.name, {
      name: service.name,
      namespace,
      labels: serviceLabels(env.name, service.name),
      selectorLabels: selectorLabels(service.name),
      image: service.image,
      port: service.port,
      metricsPort: metricsPortOf(service),
      replicas: service.replicas,
      autoscaling: service.autoscaling,
      resources: service.resources,
      disruptionBudget: service.disruptionBudget,
      strategy: releaseStrategy(service.strategy, service.name),
      startupTimeout: service.startupSeconds === undefined ? undefined : Duration.seconds(service.startupSeconds),
      terminationGracePeriod: service.terminationGracePeriodSeconds === undefined
        ? undefined : Duration.seconds(service.terminationGracePeriodSeconds),
      cachePath: service.cachePath,
      config: Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)])),
      apiAccess: service.kubernetesApi,
      awsRoleArn: service.awsPermissions?.length
        ? irsaRoleArn(env.aws.accountId, env.name, namespace, serviceAccountName(service.name))
        : undefined,
      // the environment's one ALB; its certificate is found in ACM by the host (the environment stack issues it)
      ingress: isPublic ? { host: service.host!, className: ALB_INGRESS_CLASS, alb: { groupName: albGroupName(env.name) } } : undefined,
      // public releases are weighted by requests at the ALB (blue-green switches its active Service
      // behind the Ingress instead); internal ones by replicas (no router in between)
      trafficRouting: isPublic && service.strategy?.type !== 'blueGreen' ? 'alb' : 'replicas',
      weightedServiceNames: { canary: canaryServiceName(service.name), stable: stableServiceName(service.name) },
      // the same objectives as the alerts gate every release step, of every strategy
      analysis: {
        prometheusAddress: PROMETHEUS_URL,
        metrics: releaseMeasurements(service, `${ROLLOUT_HASH_METRIC_LABEL}="{{args.${CANARY_HASH_ARG}}}"`)
          .map((m) => ({ name: m.name, query: m.query, successCondition: `result[0] >= ${m.minimum}` })),
      },
      spreadAcrossZones: service.spreadAcrossZones,
      verticalPodAutoscaler: service.verticalPodAutoscaler,
      network: {
        // target type ip: the ALB connects from its ENIs in the public subnets straight to the pods
        allowFromCidrs: isPublic
          ? publicSubnetPlan(env).map((s) => ({ name: LOAD_BALANCER_PEER, cidr: s.cidrBlock, port: service.port })) : undefined,
        monitoringNamespace: MONITORING_NAMESPACE,
        allowFrom: dependents.map((d) => ({ namespace: serviceNamespace(d), podLabels: selectorLabels(d.name), port: service.port })),
        allowTo: [
          ...dependencies.map((d) => ({ namespace: serviceNamespace(d), podLabels: selectorLabels(d.name), port: d.port })),
          // OTLP to the cluster's collector, the only telemetry path out of the pod
          { namespace: OTEL_COLLECTOR.namespace, podLabels: { ...OTEL_COLLECTOR_POD_LABELS }, port: OTEL_COLLECTOR.httpPort },
        ],
        allowToCidrs: [
          ...(service.externalDependencies ?? []).map((x) => ({ name: x.name, cidr: service.externalCidrs![x.name], port: x.port })),
          // IRSA credentials and the APIs the actions name, through the VPC's interface endpoints
          ...(service.awsPermissions?.length
            ? endpointSubnetPlan(env).map((s) => ({ name: AWS_APIS_PEER, cidr: s.cidrBlock, port: HTTPS_PORT })) : []),
          // the API server: the `kubernetes` Service's address, and the private endpoint's ENIs,
          // which EKS places in the cluster's (private) subnets
          ...(service.kubernetesApi
            ? [`${KUBERNETES_SERVICE_IP}/32`, ...privateSubnetPlan(env).map((s) => s.cidrBlock)]
              .map((cidr) => ({ name: KUBE_APISERVER_PEER, cidr, port: HTTPS_PORT })) : []),
        ],
      },
      networkPolicyNames: { ingress: networkPolicyName(service.name, 'ingress'), egress: networkPolicyName(service.name, 'egress') },
    });
  }
}

function releaseStrategy(strategy: ReleaseStrategy | undefined, name: string): MicroserviceReleaseStrategy {
  switch (strategy?.type ?? 'rolling') {
    case 'canary': {
      const s = strategy as Extract<ReleaseStrategy, { type: 'canary' }>;
      return {
        type: 'canary',
        steps: s.steps.map((st) => ({ weight: st.weight, pause: st.pauseSeconds === undefined ? undefined : Duration.seconds(st.pauseSeconds) })),
      };
    }
    case 'blueGreen': {
      const s = strategy as Extract<ReleaseStrategy, { type: 'blueGreen' }>;
      return { type: 'blueGreen', autoPromote: s.autoPromote, previewServiceName: previewServiceName(name) };
    }
    default:
      return { type: 'rolling' };
  }
}
