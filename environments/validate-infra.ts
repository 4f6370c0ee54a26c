/**
 * Load-time checks of the AWS infrastructure fields of an environment (network, cluster, node
 * groups, backup) and of the IRSA role names they imply. Called from `validate.ts`.
 */
import { parseCidr } from './cidr';
import { ConfigError } from './errors';
import {
  awsActionPrefixes, gatewayDependencyName, HTTPS_PORT, irsaRoleName, MAX_AVAILABILITY_ZONES, PLATFORM_ADDONS, VPC_ENDPOINT_SERVICES,
} from './naming';
import { LOG_RETENTION_DAYS, type EnvironmentConfig, type ServiceDefinition } from './types';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const ADDON_VERSION = /^v\d+\.\d+\.\d+-eksbuild\.\d+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const AMI_TYPES = [
  'AL2023_x86_64_STANDARD', 'AL2023_ARM_64_STANDARD', 'AL2023_x86_64_NVIDIA', 'AL2023_x86_64_NEURON',
  'BOTTLEROCKET_x86_64', 'BOTTLEROCKET_ARM_64', 'AL2_x86_64', 'AL2_ARM_64',
];
/** Environments whose infrastructure must be production-grade. */
const PRODUCTION = new Set(['prod']);

function fail(env: string, field: string, problem: string, fix: string): never {
  throw new ConfigError(env, field, problem, fix);
}

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

function integer(env: string, field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(env, field, `${show(value)} is not an integer from ${min} to ${max}`, `use a whole number between ${min} and ${max}`);
  }
  return value;
}

function retention(env: string, field: string, value: unknown): void {
  if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(value)) {
    fail(env, field, `${show(value)} is not a CloudWatch Logs retention`, `use one of ${LOG_RETENTION_DAYS.join(', ')} days`);
  }
}

/** Validates the infrastructure fields of one environment; throws a ConfigError naming the field. */
export function validateInfra(config: EnvironmentConfig, catalog: readonly ServiceDefinition[]): void {
  const env = config.name;
  const production = PRODUCTION.has(env);

  const nat = config.network.natGateways ?? 'single';
  if (nat !== 'single' && nat !== 'onePerAz') {
    fail(env, 'network.natGateways', `${show(nat)} is not a NAT mode`, 'use "single" or "onePerAz"');
  }
  if (production && nat !== 'onePerAz') {
    fail(env, 'network.natGateways', `"${nat}" puts every zone's egress behind one NAT gateway`, 'use "onePerAz" in production');
  }
  retention(env, 'network.flowLogRetentionDays', config.network.flowLogRetentionDays ?? 365);

  const c = config.cluster;
  if (!Array.isArray(c.publicAccessCidrs)) fail(env, 'cluster.publicAccessCidrs', 'is missing', 'list CIDRs, or [] for a private-only API');
  c.publicAccessCidrs.forEach((cidr, i) => {
    const parsed = parseCidr(cidr);
    if (!parsed) fail(env, `cluster.publicAccessCidrs[${i}]`, `${show(cidr)} is not an IPv4 CIDR`, 'use a block such as "203.0.113.0/24"');
    if (parsed.prefix < 8) {
      fail(env, `cluster.publicAccessCidrs[${i}]`, `"${cidr}" opens the API endpoint to a large part of the internet`,
        'list only your own egress ranges (prefix /8 or longer), never 0.0.0.0/0');
    }
  });
  if (production && c.publicAccessCidrs.length > 0) {
    fail(env, 'cluster.publicAccessCidrs', 'production must not expose a public API endpoint', 'use [] (reach the API from inside the VPC)');
  }
  retention(env, 'cluster.logRetentionDays', c.logRetentionDays);
  (c.adminRoleArns ?? []).forEach((arn, i) => {
    const m = ROLE_ARN.exec(arn);
    if (!m || m[1] !== config.aws.accountId) {
      fail(env, `cluster.adminRoleArns[${i}]`, `${show(arn)} is not a role ARN of account ${config.aws.accountId}`,
        `use "arn:aws:iam::${config.aws.accountId}:role/<name>"`);
    }
  });
  for (const key of ['vpcCni', 'coredns', 'kubeProxy', 'ebsCsiDriver', 'metricsServer'] as const) {
    const v = c.addons?.[key];
    if (typeof v !== 'string' || !ADDON_VERSION.test(v)) {
      fail(env, `cluster.addons.${key}`, `${show(v)} is not a pinned add-on version`, 'use a version such as "v1.19.6-eksbuild.1"');
    }
  }
  const policyAgent = c.vpcCni?.enableNetworkPolicy ?? true;
  if (policyAgent !== true) {
    fail(env, 'cluster.vpcCni.enableNetworkPolicy', `${show(policyAgent)} leaves every rendered NetworkPolicy unenforced (no other policy engine runs)`,
      'set it to true or leave it out');
  }
  if (config.aws.availabilityZones.length > MAX_AVAILABILITY_ZONES) {
    fail(env, 'aws.availabilityZones', `${config.aws.availabilityZones.length} zones do not fit the subnet plan`,
      `list at most ${MAX_AVAILABILITY_ZONES} zones`);
  }

  if (!Array.isArray(c.nodeGroups) || c.nodeGroups.length === 0) {
    fail(env, 'cluster.nodeGroups', 'no node group is configured', 'add at least one node group');
  }
  const names = new Set<string>();
  c.nodeGroups.forEach((g, i) => {
    const at = `cluster.nodeGroups[${i}]`;
    if (typeof g.name !== 'string' || !DNS_LABEL.test(g.name) || names.has(g.name)) {
      fail(env, `${at}.name`, `${show(g.name)} is not a unique DNS-1123 label`, 'give each node group a unique lower-case name');
    }
    names.add(g.name);
    if (!Array.isArray(g.instanceTypes) || g.instanceTypes.length === 0 || !g.instanceTypes.every((t: string) => INSTANCE_TYPE.test(t))) {
      fail(env, `${at}.instanceTypes`, `${show(g.instanceTypes)} is not a list of instance types`, 'list EC2 instance types such as "m6i.large"');
    }
    if (g.capacityType !== 'ON_DEMAND' && g.capacityType !== 'SPOT') {
      fail(env, `${at}.capacityType`, `${show(g.capacityType)} is not a capacity type`, 'use "ON_DEMAND" or "SPOT"');
    }
    if (production && g.capacityType === 'SPOT') {
      fail(env, `${at}.capacityType`, 'spot capacity can be reclaimed at two minutes\' notice', 'use "ON_DEMAND" in production');
    }
    if (!AMI_TYPES.includes(g.amiType)) fail(env, `${at}.amiType`, `${show(g.amiType)} is not an EKS AMI type`, `use one of ${AMI_TYPES.join(', ')}`);
    const min = integer(env, `${at}.minSize`, g.minSize, 0, 1000);
    const max = integer(env, `${at}.maxSize`, g.maxSize, 1, 1000);
    const desired = integer(env, `${at}.desiredSize`, g.desiredSize, 0, 1000);
    if (min > max || desired < min || desired > max) {
      fail(env, `${at}.desiredSize`, `sizes min ${min}, desired ${desired}, max ${max} are out of order`, 'keep minSize <= desiredSize <= maxSize');
    }
    integer(env, `${at}.diskSizeGiB`, g.diskSizeGiB, 20, 16384);
    integer(env, `${at}.maxUnavailablePercentage`, g.maxUnavailablePercentage, 1, 100);
  });

  integer(env, 'backup.expireAfterDays', config.backup?.expireAfterDays, 1, 3650);
  integer(env, 'backup.noncurrentVersionExpireAfterDays', config.backup?.noncurrentVersionExpireAfterDays, 1, 3650);

  // IRSA role names: at most 64 characters, and every statement names its actions
  const accounts = [
    ...Object.values(PLATFORM_ADDONS).map((a) => ({ at: `IRSA role of ${a.namespace}/${a.serviceAccount}`, ...a })),
    ...catalog.filter((s) => s.awsPermissions).map((s) => ({ at: `catalog "${s.name}"`, namespace: s.namespace, serviceAccount: s.name })),
  ];
  for (const a of accounts) {
    const role = irsaRoleName(env, a.namespace, a.serviceAccount);
    if (role.length > 64) fail(env, a.at, `IRSA role name "${role}" is longer than 64 characters`, 'shorten the namespace or service name');
  }
  for (const s of catalog) {
    (s.awsPermissions ?? []).forEach((st, i) => {
      const at = `catalog "${s.name}".awsPermissions[${i}]`;
      if (!Array.isArray(st.actions) || st.actions.length === 0 || st.actions.some((a) => !/^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(a) || a.endsWith(':*'))) {
        fail(env, `${at}.actions`, `${show(st.actions)} is not a list of specific IAM actions`, 'name actions such as "s3:GetObject", never "*" or "s3:*"');
      }
      if (!Array.isArray(st.resources) || st.resources.length === 0 || st.resources.some((r) => r === '*' || !r.startsWith('arn:'))) {
        fail(env, `${at}.resources`, `${show(st.resources)} is not a list of resource ARNs`, 'name resource ARNs, never "*"');
      }
    });
    // with NetworkPolicies enforced, a pod reaches an AWS API only through a VPC endpoint
    for (const prefix of awsActionPrefixes(s)) {
      const endpoint = VPC_ENDPOINT_SERVICES[prefix];
      const at = `catalog "${s.name}".awsPermissions`;
      if (!endpoint) {
        fail(env, at, `"${prefix}" has no VPC endpoint, so the service's pods could not reach it`,
          `use APIs listed in VPC_ENDPOINT_SERVICES (environments/naming.ts), or add "${prefix}" there if AWS offers an endpoint for it`);
      }
      const dependency = gatewayDependencyName(endpoint.service);
      if (endpoint.type === 'Gateway' && !(s.externalDependencies ?? []).some((x) => x.name === dependency && x.port === HTTPS_PORT)) {
        fail(env, at, `"${prefix}" is reached through a gateway endpoint at the service's public addresses, which no rule opens`,
          `add externalDependencies { name: "${dependency}", port: ${HTTPS_PORT} } and the region's ${endpoint.service} prefix-list CIDR in each environment's externalCidrs`);
      }
    }
  }
}
