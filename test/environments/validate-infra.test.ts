import { buildPlatform, defaultInput } from '../../environments/load';
import type { EnvironmentConfig } from '../../environments/types';

/** Load-time checks of the infrastructure config (environments/validate-infra.ts). */
const withEnv = (name: string, change: (e: EnvironmentConfig) => EnvironmentConfig) => () => {
  const input = defaultInput();
  buildPlatform({ ...input, environments: input.environments.map((e) => (e.name === name ? change(e) : e)) });
};
const cluster = (e: EnvironmentConfig, c: Partial<EnvironmentConfig['cluster']>) => ({ ...e, cluster: { ...e.cluster, ...c } });
const group = (e: EnvironmentConfig, g: Partial<EnvironmentConfig['cluster']['nodeGroups'][number]>) =>
  cluster(e, { nodeGroups: [{ ...e.cluster.nodeGroups[0], ...g }] });

test('the repository config is valid', () => {
  expect(() => buildPlatform(defaultInput())).not.toThrow();
});

test.each([
  ['prod', (e: EnvironmentConfig) => group(e, { capacityType: 'SPOT' }), /"prod", field "cluster.nodeGroups\[0\].capacityType".*ON_DEMAND/],
  ['prod', (e: EnvironmentConfig) => cluster(e, { publicAccessCidrs: ['203.0.113.0/24'] }), /"prod", field "cluster.publicAccessCidrs"/],
  ['dev', (e: EnvironmentConfig) => cluster(e, { publicAccessCidrs: ['0.0.0.0/0'] }), /"dev", field "cluster.publicAccessCidrs\[0\]".*never 0.0.0.0\/0/],
  ['prod', (e: EnvironmentConfig) => ({ ...e, network: { ...e.network, natGateways: 'single' as const } }), /"prod", field "network.natGateways"/],
  ['dev', (e: EnvironmentConfig) => cluster(e, { logRetentionDays: 10 as never }), /field "cluster.logRetentionDays".*retention/],
  ['dev', (e: EnvironmentConfig) => cluster(e, { adminRoleArns: ['arn:aws:iam::999999999999:role/x'] }), /field "cluster.adminRoleArns\[0\]"/],
  ['dev', (e: EnvironmentConfig) => cluster(e, { addons: { ...e.cluster.addons, coredns: 'latest' } }), /field "cluster.addons.coredns"/],
  ['dev', (e: EnvironmentConfig) => group(e, { minSize: 3, desiredSize: 2 }), /field "cluster.nodeGroups\[0\].desiredSize"/],
  ['dev', (e: EnvironmentConfig) => cluster(e, { nodeGroups: [] }), /field "cluster.nodeGroups"/],
  ['staging', (e: EnvironmentConfig) => ({ ...e, backup: { ...e.backup, expireAfterDays: 0 } }), /field "backup.expireAfterDays"/],
] as const)('%s: a bad infrastructure value is refused with the field and the fix', (env, change, message) => {
  expect(withEnv(env, change)).toThrow(message);
});
