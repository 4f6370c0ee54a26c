import type { ServiceDefinition } from './types';

/**
 * The service catalog: every deployable service, independent of environment, and the call graph
 * between them (`dependencies`), which the NetworkPolicies follow exactly:
 *
 *   internet -> ALB (public subnets) -> web -> api -> worker -> orders-db (outside the cluster)
 *
 * Adding a service: add an entry here, its settings in each `<env>.ts`, and its tag in each
 * `versions/<env>.json`; then `npm run synth`.
 */
export const catalog: readonly ServiceDefinition[] = [
  {
    name: 'web',
    namespace: 'shop',
    description: 'Public storefront web front end',
    team: 'storefront',
    slo: { availability: { target: 99.9 }, latency: { target: 99, thresholdSeconds: 0.5 }, window: '28d' },
    port: 8080,
    exposure: 'public',
    dependencies: ['api'],
    cachePath: '/var/cache/web',
    config: { LOG_LEVEL: 'info', API_URL: 'http://api.shop.svc.cluster.local' },
  },
  {
    name: 'api',
    namespace: 'shop',
    description: 'Internal catalogue and cart API behind the storefront',
    team: 'storefront',
    slo: { availability: { target: 99.9 }, latency: { target: 99, thresholdSeconds: 0.25 }, window: '28d' },
    port: 8080,
    dependencies: ['worker'],
    // reads its feature flags through the API to reload them without a restart
    kubernetesApi: { configMaps: ['api-feature-flags'] },
    startupSeconds: 60,
    config: { LOG_LEVEL: 'info', WORKER_URL: 'http://worker.orders.svc.cluster.local' },
  },
  {
    name: 'worker',
    namespace: 'orders',
    description: 'Order fulfilment worker; writes orders to the orders database',
    team: 'fulfilment',
    slo: { availability: { target: 99.5 }, window: '30d' },
    port: 8080,
    externalDependencies: [{ name: 'orders-db', port: 5432 }],
    // long enough to finish the order it is writing
    terminationGracePeriodSeconds: 60,
    config: { LOG_LEVEL: 'info', DB_PORT: 5432 },
    awsPermissions: [{
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
      resources: ['arn:aws:sqs:{region}:{account}:{env}-orders'],
    }],
  },
];
