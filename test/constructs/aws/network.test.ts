import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { all, has, synth } from './synth';
import { Network, type NetworkProps } from '../../../constructs/aws/network';

const ZONES = ['us-west-2a', 'us-west-2b', 'us-west-2c'];
const props = (extra: Partial<NetworkProps> = {}): NetworkProps => ({
  name: 'test',
  vpcCidr: '10.0.0.0/16',
  accountId: '123456789012',
  region: 'us-west-2',
  privateSubnets: ZONES.map((z, i) => ({ availabilityZone: z, cidrBlock: `10.0.${i * 32}.0/19` })),
  publicSubnets: ZONES.map((z, i) => ({ availabilityZone: z, cidrBlock: `10.0.${224 + i * 4}.0/22` })),
  clusterName: 'c1',
  ...extra,
});

test('secure defaults: DNS, flow logs of ALL traffic into a KMS-encrypted log group, default SG without rules', () => {
  const { json, resources } = synth((s) => new Network(s, 'net', props()));
  expect(has(json, Vpc.tfResourceType, { cidr_block: '10.0.0.0/16', enable_dns_support: true, enable_dns_hostnames: true })).toBe(true);
  expect(has(json, FlowLog.tfResourceType, { traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' })).toBe(true);
  expect(has(json, DefaultSecurityGroup.tfResourceType, { ingress: [], egress: [] })).toBe(true);
  expect(has(json, CloudwatchLogGroup.tfResourceType, { name: '/aws/vpc-flow-logs/test', retention_in_days: 365 })).toBe(true);
  expect(all(resources, CloudwatchLogGroup.tfResourceType)[0].kms_key_id).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
  expect(has(json, KmsKey.tfResourceType, { enable_key_rotation: true })).toBe(true);
});

test('public and private subnets in every zone carry the EKS load-balancer tags and map no public IPs', () => {
  const { resources } = synth((s) => new Network(s, 'net', props()));
  const subnets = all(resources, Subnet.tfResourceType);
  expect(subnets).toHaveLength(6);
  expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  const tagged = (role: string) => subnets.filter((s) => s.tags[role] === '1').map((s) => s.availability_zone);
  expect(tagged('kubernetes.io/role/elb')).toEqual(ZONES);
  expect(tagged('kubernetes.io/role/internal-elb')).toEqual(ZONES);
  expect(subnets.every((s) => s.tags['kubernetes.io/cluster/c1'] === 'shared')).toBe(true);
});

test('onePerAz (the default) puts a NAT in each zone and routes each private subnet through its own', () => {
  const { resources } = synth((s) => new Network(s, 'net', props()));
  const nats = Object.keys(resources[NatGateway.tfResourceType]);
  expect(nats).toHaveLength(3);
  const tables = all(resources, 'aws_route_table').filter((t) => t.route[0].nat_gateway_id);
  expect(new Set(tables.map((t) => t.route[0].nat_gateway_id)).size).toBe(3);
});

test('single puts one NAT in the first zone for every private subnet', () => {
  const { resources } = synth((s) => new Network(s, 'net', props({ natGateways: 'single' })));
  expect(Object.keys(resources[NatGateway.tfResourceType])).toHaveLength(1);
  const tables = all(resources, 'aws_route_table').filter((t) => t.route[0].nat_gateway_id);
  expect(tables).toHaveLength(3);
  expect(new Set(tables.map((t) => t.route[0].nat_gateway_id)).size).toBe(1);
});

test('knobs: flow logs off, other traffic type and retention', () => {
  expect(synth((s) => new Network(s, 'net', props({ enableFlowLogs: false }))).resources[FlowLog.tfResourceType]).toBeUndefined();
  const { json } = synth((s) => new Network(s, 'net', props({ flowLogTrafficType: 'REJECT', flowLogRetentionInDays: 30 })));
  expect(has(json, FlowLog.tfResourceType, { traffic_type: 'REJECT' })).toBe(true);
  expect(has(json, CloudwatchLogGroup.tfResourceType, { retention_in_days: 30 })).toBe(true);
});

test('public and private subnets must list the same zones', () => {
  expect(() => synth((s) => new Network(s, 'net', props({ publicSubnets: props().publicSubnets.slice(1) })))).toThrow(/same zones/);
});

const ENDPOINT_SUBNETS = ZONES.map((z, i) => ({ availabilityZone: z, cidrBlock: `10.0.${192 + i * 4}.0/22` }));
const ENDPOINTS = [{ service: 'sts', type: 'Interface' as const }, { service: 'ecr.api', type: 'Interface' as const }, { service: 's3', type: 'Gateway' as const }];

test('interface endpoints: private DNS, in their own subnets of every zone, behind a group that admits only HTTPS from the VPC', () => {
  const { resources } = synth((s) => new Network(s, 'net', props({ endpointSubnets: ENDPOINT_SUBNETS, vpcEndpoints: ENDPOINTS })));
  const subnets = all(resources, Subnet.tfResourceType).filter((x) => x.tags.Name.includes('-endpoints-'));
  expect(subnets.map((x) => [x.availability_zone, x.cidr_block])).toEqual(ENDPOINT_SUBNETS.map((x) => [x.availabilityZone, x.cidrBlock]));
  const endpoints = all(resources, VpcEndpoint.tfResourceType);
  const interfaces = endpoints.filter((e) => e.vpc_endpoint_type === 'Interface');
  expect(interfaces.map((e) => e.service_name).sort()).toEqual(['com.amazonaws.us-west-2.ecr.api', 'com.amazonaws.us-west-2.sts']);
  for (const e of interfaces) {
    expect(e.private_dns_enabled).toBe(true);
    expect(e.subnet_ids).toHaveLength(ZONES.length);
    expect(e.subnet_ids.every((id: string) => /aws_subnet\.net_endpoints-/.test(id))).toBe(true);
    expect(e.security_group_ids).toEqual([expect.stringMatching(/^\$\{aws_security_group\./)]);
  }
  expect(all(resources, VpcSecurityGroupIngressRule.tfResourceType)).toEqual([
    expect.objectContaining({ ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '10.0.0.0/16' }),
  ]);
});

test('gateway endpoints route from every private route table; without endpoint subnets, interface endpoints use the private subnets', () => {
  const { resources } = synth((s) => new Network(s, 'net', props({ vpcEndpoints: ENDPOINTS })));
  const endpoints = all(resources, VpcEndpoint.tfResourceType);
  const gateway = endpoints.find((e) => e.vpc_endpoint_type === 'Gateway');
  expect(gateway).toMatchObject({ service_name: 'com.amazonaws.us-west-2.s3' });
  expect(gateway.route_table_ids).toHaveLength(ZONES.length);
  expect(gateway.subnet_ids).toBeUndefined();
  const sts = endpoints.find((e) => e.service_name.endsWith('.sts'));
  expect(sts.subnet_ids.every((id: string) => /aws_subnet\.net_private-/.test(id))).toBe(true);
});

test('no endpoints and no endpoint security group unless asked', () => {
  const { resources } = synth((s) => new Network(s, 'net', props()));
  expect(resources[VpcEndpoint.tfResourceType]).toBeUndefined();
  expect(resources[SecurityGroup.tfResourceType]).toBeUndefined();
  expect(() => synth((s) => new Network(s, 'net', props({ endpointSubnets: ENDPOINT_SUBNETS.slice(1) })))).toThrow(/same zones/);
});

test('snapshot', () => {
  expect(synth((s) => new Network(s, 'net', props())).json).toMatchSnapshot();
});
