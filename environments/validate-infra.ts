/**
 * Load-time rules of the AWS infrastructure fields of an environment (network, cluster, node
 * groups, platform settings) and of the IAM inputs they imply, over values the schema has
 * already shaped. Called from `validate.ts`.
 */
import { isCanonical, parseCidr } from './cidr';
import { validateAdminRoleArns, validateStatement } from './iam';
import { labelKeyProblem, labelValueProblem, validateLabels } from './kubernetes-names';
import {
  awsActionPrefixes, gatewayDependencyName, HTTPS_PORT, irsaRoleName, MAX_AVAILABILITY_ZONES, PLATFORM_ADDONS, VPC_ENDPOINT_SERVICES,
} from './naming';
import { PolicyEnforcement } from './platform';
import type { EnvironmentConfig, ServiceDefinition } from './types';
import { fail, show } from './validation-rules';

/** Validates the infrastructure fields of one environment; throws a ConfigError naming the field. */
export function validateInfra(config: EnvironmentConfig, catalog: readonly ServiceDefinition[]): void {
  const env = config.name;
  const production = config.tier === 'production';

  const nat = config.network.natGateways ?? 'single';
  if (production && nat !== 'onePerAz') {
    fail(env, 'network.natGateways', `"${nat}" puts every zone's egress behind one NAT gateway`, 'use "onePerAz" in production');
  }

  const c = config.cluster;
  c.publicAccessCidrs.forEach((cidr, i) => {
    const parsed = parseCidr(cidr);
    if (!parsed) fail(env, `cluster.publicAccessCidrs[${i}]`, `${show(cidr)} is not an IPv4 CIDR`, 'use a block such as "203.0.113.0/24"');
    if (parsed.prefix < 8) {
      fail(env, `cluster.publicAccessCidrs[${i}]`, `"${cidr}" opens the API endpoint to a large part of the internet`,
        'list only your own egress ranges (prefix /8 or longer), never 0.0.0.0/0');
    }
    if (!isCanonical(cidr)) {
      fail(env, `cluster.publicAccessCidrs[${i}]`, `"${cidr}" has host bits set`, 'use the network address of the block, e.g. "203.0.113.0/24"');
    }
    if (c.publicAccessCidrs.indexOf(cidr) !== i) fail(env, `cluster.publicAccessCidrs[${i}]`, `"${cidr}" is listed twice`, 'list each block once');
  });
  if (production && c.publicAccessCidrs.length > 0) {
    fail(env, 'cluster.publicAccessCidrs', 'production must not expose a public API endpoint', 'use [] (reach the API from inside the VPC)');
  }
  validateAdminRoleArns(env, c.adminRoleArns, config.aws.accountId);
  const policyAgent = c.vpcCni?.enableNetworkPolicy ?? true;
  if (policyAgent !== true) {
    fail(env, 'cluster.vpcCni.enableNetworkPolicy', `${show(policyAgent)} leaves every rendered NetworkPolicy unenforced (no other policy engine runs)`,
      'set it to true or leave it out');
  }
  if (config.aws.availabilityZones.length > MAX_AVAILABILITY_ZONES) {
    fail(env, 'aws.availabilityZones', `${config.aws.availabilityZones.length} zones do not fit the subnet plan`,
      `list at most ${MAX_AVAILABILITY_ZONES} zones`);
  }

  const names = new Set<string>();
  c.nodeGroups.forEach((g, i) => {
    const at = `cluster.nodeGroups[${i}]`;
    if (names.has(g.name)) fail(env, `${at}.name`, `${show(g.name)} is not a unique DNS-1123 label`, 'give each node group a unique lower-case name');
    names.add(g.name);
    if (production && g.capacityType === 'SPOT') {
      fail(env, `${at}.capacityType`, 'spot capacity can be reclaimed at two minutes\' notice', 'use "ON_DEMAND" in production');
    }
    if (g.minSize > g.maxSize || g.desiredSize < g.minSize || g.desiredSize > g.maxSize) {
      fail(env, `${at}.desiredSize`, `sizes min ${g.minSize}, desired ${g.desiredSize}, max ${g.maxSize} are out of order`, 'keep minSize <= desiredSize <= maxSize');
    }
    validateLabels(env, `${at}.labels`, g.labels ?? {});
    (g.taints ?? []).forEach((t, j) => {
      const keyProblem = labelKeyProblem(t.key);
      if (keyProblem) fail(env, `${at}.taints[${j}].key`, `"${t.key}" is not a Kubernetes taint key: ${keyProblem}`, 'use a key such as "dedicated" or "example.com/pool"');
      const valueProblem = t.value === undefined ? undefined : labelValueProblem(t.value);
      if (valueProblem) fail(env, `${at}.taints[${j}].value`, `${show(t.value)} is not a Kubernetes taint value: ${valueProblem}`, 'use a value such as "true"');
    });
  });

  const p = config.platform;
  if (production && p.policyEnforcement !== PolicyEnforcement.ENFORCE) {
    fail(env, 'platform.policyEnforcement', 'production only audits policy violations', 'use PolicyEnforcement.ENFORCE in production');
  }

  // IRSA role names: at most 64 characters
  const accounts = [
    ...Object.values(PLATFORM_ADDONS).map((a) => ({ at: `IRSA role of ${a.namespace}/${a.serviceAccount}`, ...a })),
    ...catalog.filter((s) => s.awsPermissions).map((s) => ({ at: `catalog "${s.name}"`, namespace: s.namespace, serviceAccount: s.name })),
  ];
  for (const a of accounts) {
    const role = irsaRoleName(env, a.namespace, a.serviceAccount);
    if (role.length > 64) fail(env, a.at, `IRSA role name "${role}" is longer than 64 characters`, 'shorten the namespace or service name');
  }
  const placeholders = { account: config.aws.accountId, region: config.aws.region, env };
  for (const s of catalog) {
    (s.awsPermissions ?? []).forEach((st, i) => validateStatement(env, `catalog "${s.name}".awsPermissions[${i}]`, st, placeholders));
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
