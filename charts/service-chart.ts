import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Microservice, type MicroserviceReleaseStrategy } from '../constructs/k8s/microservice';
import {
  AWS_APIS_PEER, CLUSTER_ISSUER, endpointSubnetPlan, HTTPS_PORT, INGRESS_CONTROLLER, irsaRoleArn, KUBE_APISERVER_PEER, MONITORING_NAMESPACE,
  networkPolicyName, previewServiceName, privateSubnetPlan, selectorLabels, serviceAccountName, serviceLabels, serviceNamespace, tlsSecretName,
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
    const config = { ...service.config, ...service.configOverrides };

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
      ingress: service.exposure === 'public'
        ? { host: service.host!, className: INGRESS_CONTROLLER.className, tlsSecretName: tlsSecretName(service.name), clusterIssuer: CLUSTER_ISSUER }
        : undefined,
      spreadAcrossZones: service.spreadAcrossZones,
      verticalPodAutoscaler: service.verticalPodAutoscaler,
      network: {
        ingressControllerNamespace: service.exposure === 'public' ? INGRESS_CONTROLLER.namespace : undefined,
        monitoringNamespace: MONITORING_NAMESPACE,
        allowFrom: dependents.map((d) => ({ namespace: serviceNamespace(d), podLabels: selectorLabels(d.name), port: service.port })),
        allowTo: dependencies.map((d) => ({ namespace: serviceNamespace(d), podLabels: selectorLabels(d.name), port: d.port })),
        allowToCidrs: [
          ...(service.externalDependencies ?? []).map((x) => ({ name: x.name, cidr: service.externalCidrs![x.name], port: x.port })),
          // IRSA credentials and the APIs the actions name, through the VPC's interface endpoints
          ...(service.awsPermissions?.length
            ? endpointSubnetPlan(env).map((s) => ({ name: AWS_APIS_PEER, cidr: s.cidrBlock, port: HTTPS_PORT })) : []),
          // the API server's private endpoint: EKS places its ENIs in the cluster's (private) subnets
          ...(service.kubernetesApi
            ? privateSubnetPlan(env).map((s) => ({ name: KUBE_APISERVER_PEER, cidr: s.cidrBlock, port: HTTPS_PORT })) : []),
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
