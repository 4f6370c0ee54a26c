import { buildPlatform, defaultInput } from '../../environments/load';
import type { EnvironmentConfig, ServiceDefinition } from '../../environments/types';

/**
 * Load-time rules that keep the network closed and working: the policy agent stays on, every
 * add-on version is pinned, and every AWS API a service's actions name is reachable through a
 * VPC endpoint (a gateway endpoint also needs its prefix-list CIDR as an external dependency).
 */
const input = defaultInput();
const aws = input.catalog.find((s) => s.awsPermissions?.length)!;
const settled = (env: EnvironmentConfig, service: string, extra: Record<string, unknown>): EnvironmentConfig =>
  ({ ...env, services: { ...env.services, [service]: { ...env.services[service], ...extra } } });

const withEnv = (name: string, change: (e: EnvironmentConfig) => EnvironmentConfig) => () =>
  buildPlatform({ ...input, environments: input.environments.map((e) => (e.name === name ? change(e) : e)) });
const withService = (change: (s: ServiceDefinition) => ServiceDefinition, env: (e: EnvironmentConfig) => EnvironmentConfig = (e) => e) => () =>
  buildPlatform({ ...input, catalog: input.catalog.map((s) => (s.name === aws.name ? change(s) : s)), environments: input.environments.map(env) });
const permissions = (s: ServiceDefinition, action: string): ServiceDefinition =>
  ({ ...s, awsPermissions: [...s.awsPermissions!, { actions: [action], resources: ['arn:aws:s3:::orders-archive/*'] }] });

test('the repository declares at least one service with AWS permissions, so the endpoint rules are exercised', () => {
  expect(aws).toBeDefined();
});

test.each(input.environments.map((e) => e.name))('%s: turning the network policy agent off is refused', (env) => {
  expect(withEnv(env, (e) => ({ ...e, cluster: { ...e.cluster, vpcCni: { enableNetworkPolicy: false } } })))
    .toThrow(new RegExp(`"${env}", field "cluster.vpcCni.enableNetworkPolicy".*unenforced`));
});

test('metrics-server must be pinned like every other add-on', () => {
  expect(withEnv('dev', (e) => ({ ...e, cluster: { ...e.cluster, addons: { ...e.cluster.addons, metricsServer: 'latest' } } })))
    .toThrow(/field "cluster.addons.metricsServer"/);
});

test('more zones than the subnet plan holds are refused', () => {
  const zones = ['a', 'b', 'c', 'd'].map((z) => `us-west-2${z}`).concat(['us-west-2e', 'us-west-2f', 'us-west-2g']);
  expect(withEnv('dev', (e) => ({ ...e, aws: { ...e.aws, availabilityZones: zones } }))).toThrow(/field "aws.availabilityZones".*at most 6/);
});

test('an AWS API without a VPC endpoint is refused with the service and the prefix', () => {
  expect(withService((s) => permissions(s, 'iam:GetRole'))).toThrow(new RegExp(`catalog "${aws.name}".awsPermissions.*"iam" has no VPC endpoint`));
});

test('S3 (a gateway endpoint) needs its prefix-list CIDR as an external dependency on 443; with it, the service renders', () => {
  expect(withService((s) => permissions(s, 's3:GetObject'))).toThrow(/"s3" is reached through a gateway endpoint.*name: "aws-s3", port: 443/);
  const withDependency = (s: ServiceDefinition) => ({
    ...permissions(s, 's3:GetObject'), externalDependencies: [...(s.externalDependencies ?? []), { name: 'aws-s3', port: 443 }],
  });
  const cidrs = (e: EnvironmentConfig) => settled(e, aws.name, { externalCidrs: { ...e.services[aws.name].externalCidrs, 'aws-s3': '52.218.128.0/17' } });
  expect(withService(withDependency, cidrs)).not.toThrow();
});
