import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { all, has, synth } from './synth';
import { Cluster, type ClusterProps } from '../../../constructs/aws/cluster';

const props = (extra: Partial<ClusterProps> = {}): ClusterProps => ({
  name: 'c1', kubernetesVersion: '1.33', accountId: '123456789012', region: 'us-west-2', subnetIds: ['subnet-a', 'subnet-b'], ...extra,
});

test('secure defaults: private endpoint only, all five log types, secrets encrypted with a rotating customer key', () => {
  const { json, resources } = synth((s) => new Cluster(s, 'cluster', props()));
  const [cluster] = all(resources, EksCluster.tfResourceType);
  expect(cluster.version).toBe('1.33');
  expect(cluster.vpc_config).toEqual({ subnet_ids: ['subnet-a', 'subnet-b'], endpoint_private_access: true, endpoint_public_access: false });
  expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
  expect(cluster.encryption_config.resources).toEqual(['secrets']);
  expect(cluster.encryption_config.provider.key_arn).toMatch(/^\$\{aws_kms_key\..*secrets-key.*\.arn\}$/);
  expect(cluster.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
  expect(all(resources, KmsKey.tfResourceType).every((k) => k.enable_key_rotation === true && k.policy)).toBe(true);
  expect(has(json, CloudwatchLogGroup.tfResourceType, { name: '/aws/eks/c1/cluster', retention_in_days: 365 })).toBe(true);
  expect(all(resources, CloudwatchLogGroup.tfResourceType)[0].kms_key_id).toMatch(/aws_kms_key/);
});

test('the cluster role gets only AmazonEKSClusterPolicy', () => {
  const { resources } = synth((s) => new Cluster(s, 'cluster', props()));
  expect(all(resources, IamRolePolicyAttachment.tfResourceType).map((a) => a.policy_arn)).toEqual(['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy']);
});

test('an OIDC provider for IRSA trusts STS as audience', () => {
  const { json } = synth((s) => new Cluster(s, 'cluster', props()));
  expect(has(json, IamOpenidConnectProvider.tfResourceType, { client_id_list: ['sts.amazonaws.com'] })).toBe(true);
});

test('public endpoint only for listed CIDRs, never 0.0.0.0/0', () => {
  const { resources } = synth((s) => new Cluster(s, 'cluster', props({ publicAccessCidrs: ['203.0.113.0/24'] })));
  expect(all(resources, EksCluster.tfResourceType)[0].vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['203.0.113.0/24'] });
  expect(() => synth((s) => new Cluster(s, 'cluster', props({ publicAccessCidrs: ['0.0.0.0/0'] })))).toThrow(/whole internet/);
});

test('an access entry with cluster-admin for each admin role', () => {
  const roles = ['arn:aws:iam::123456789012:role/a', 'arn:aws:iam::123456789012:role/b'];
  const { resources } = synth((s) => new Cluster(s, 'cluster', props({ adminRoleArns: roles })));
  expect(all(resources, EksAccessEntry.tfResourceType).map((e) => e.principal_arn)).toEqual(roles);
  expect(all(resources, EksAccessPolicyAssociation.tfResourceType).map((a) => [a.policy_arn, a.access_scope])).toEqual(roles.map(() =>
    ['arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', { type: 'cluster' }]));
});

test('the log key lets CloudWatch Logs use it only for the cluster log group', () => {
  const { resources } = synth((s) => new Cluster(s, 'cluster', props()));
  const policies = all(resources, KmsKey.tfResourceType).map((k) => String(k.policy));
  const logs = policies.find((p) => p.includes('logs.us-west-2.amazonaws.com'))!;
  expect(logs).toContain('arn:aws:logs:us-west-2:123456789012:log-group:/aws/eks/c1/cluster');
  expect(policies.every((p) => p.includes('arn:aws:iam::123456789012:root'))).toBe(true);
});

test('snapshot', () => {
  expect(synth((s) => new Cluster(s, 'cluster', props({ adminRoleArns: ['arn:aws:iam::123456789012:role/a'] }))).json).toMatchSnapshot();
});
