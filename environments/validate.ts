/**
 * Load-time rules of one environment and across environments, over values the schema
 * (`schema.ts`) has already shaped: zones inside the region, VPC ranges, naming rules, and what
 * must be unique or disjoint between environments.
 */
import { contains, isCanonical, overlaps, parseCidr } from './cidr';
import { SERVICE_IPV4_CIDR, terraformWorkspaceName } from './naming';
import type { EnvironmentConfig, ServiceDefinition, SharedConfig } from './types';
import { validateInfra } from './validate-infra';
import { validateProductionAvailability } from './validate-production';
import { validateServiceSettings } from './validate-services';
import { fail, show } from './validation-rules';

/** RFC 1918 private IPv4 ranges: the only ones a VPC may use (a public range would shadow real hosts). */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** Validates one environment's values against the catalog and its versions file. */
export function validateEnvironment(
  config: EnvironmentConfig,
  catalog: readonly ServiceDefinition[],
  versions: Readonly<Record<string, unknown>>,
  versionsFile: string,
): void {
  const env = config.name;
  const region = config.aws.region;
  const zones = config.aws.availabilityZones;
  zones.forEach((z, i) => {
    if (!new RegExp(`^${region}[a-z]$`).test(z)) {
      fail(env, `aws.availabilityZones[${i}]`, `${show(z)} is not a zone of region ${region}`, `use zones such as "${region}a", "${region}b"`);
    }
    if (zones.indexOf(z) !== i) {
      fail(env, `aws.availabilityZones[${i}]`, `"${z}" is listed twice`, 'list each availability zone once');
    }
  });

  const cidr = config.network.vpcCidr;
  const parsed = parseCidr(cidr);
  if (!parsed || parsed.prefix < 16 || parsed.prefix > 20) {
    fail(env, 'network.vpcCidr', `${show(cidr)} is not an IPv4 CIDR with a prefix from /16 to /20`, 'use a private block such as "10.10.0.0/16"');
  }
  if (!isCanonical(cidr)) {
    fail(env, 'network.vpcCidr', `"${cidr}" has host bits set`, 'use the network address of the block, e.g. "10.10.0.0/16"');
  }
  if (!PRIVATE_RANGES.some((r) => contains(parseCidr(r)!, parsed))) {
    fail(env, 'network.vpcCidr', `"${cidr}" is not a private (RFC 1918) range`,
      'use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, e.g. "10.10.0.0/16"');
  }
  if (overlaps(parsed, parseCidr(SERVICE_IPV4_CIDR)!)) {
    fail(env, 'network.vpcCidr', `"${cidr}" overlaps the clusters' Service range ${SERVICE_IPV4_CIDR}`, 'use another block, e.g. "10.10.0.0/16"');
  }

  const workspace = terraformWorkspaceName(env);
  if (config.terraformCloud.workspace !== workspace) {
    fail(env, 'terraformCloud.workspace', `${show(config.terraformCloud.workspace)} does not follow the naming rules`,
      `use terraformWorkspaceName("${env}") = "${workspace}"`);
  }

  validateServiceSettings(env, config, catalog, versions, versionsFile);
  validateInfra(config, catalog);
  if (config.tier === 'production') validateProductionAvailability(env, config, catalog);
}

/** True when `host` is `domain` or a name inside it. */
const inside = (host: string, domain: string): boolean => host === domain || host.endsWith(`.${domain}`);

/**
 * Checks across environments: unique names, clusters, accounts, domains; disjoint VPCs; hosts
 * in their own domain only; external CIDRs outside every VPC.
 */
export function validateAcrossEnvironments(configs: readonly EnvironmentConfig[], shared?: SharedConfig): void {
  for (const a of configs) {
    // the registry's account holds every image every environment runs: no workload shares it
    if (shared && a.aws.accountId === shared.registry.accountId) {
      fail(a.name, 'aws.accountId', `account ${a.aws.accountId} is the shared registry's (shared.ts)`,
        'give each environment its own AWS account, apart from the registry (a cluster there could rewrite every environment\'s images)');
    }
  }
  configs.forEach((a, i) => {
    configs.slice(0, i).forEach((b) => {
      if (a.name === b.name) fail(a.name, 'name', `environment "${a.name}" is defined twice`, 'give each environment a unique name');
      if (a.cluster.name === b.cluster.name) {
        fail(a.name, 'cluster.name', `"${a.cluster.name}" is also the cluster name of ${b.name}`, 'give each environment its own cluster name');
      }
      if (overlaps(parseCidr(a.network.vpcCidr)!, parseCidr(b.network.vpcCidr)!)) {
        fail(a.name, 'network.vpcCidr', `${a.network.vpcCidr} overlaps ${b.name}'s ${b.network.vpcCidr}`,
          'choose a VPC block that overlaps no other environment (peering and transit routing need distinct ranges)');
      }
      if (a.aws.accountId === b.aws.accountId) {
        fail(a.name, 'aws.accountId', `account ${a.aws.accountId} is also ${b.name}'s`,
          'give each environment its own AWS account (the account is the blast radius and the IAM boundary)');
      }
      if (a.dns.domain === b.dns.domain) {
        fail(a.name, 'dns.domain', `"${a.dns.domain}" is also ${b.name}'s domain`, 'give each environment its own domain');
      }
    });
  });
  for (const a of configs) {
    for (const [service, s] of Object.entries(a.services)) {
      if (s.host !== undefined) {
        // the most specific domain holding the host must be the environment's own
        const owner = configs.filter((b) => inside(s.host!, b.dns.domain)).sort((x, y) => y.dns.domain.length - x.dns.domain.length)[0];
        if (owner && owner.name !== a.name) {
          fail(a.name, `services.${service}.host`, `"${s.host}" is inside ${owner.name}'s domain ${owner.dns.domain}`,
            `use a host that only ${a.name}'s domain ${a.dns.domain} holds, e.g. "${service}.${a.dns.domain}"`);
        }
        // the environment's ACM certificate names the domain and *.domain; a wildcard covers one label
        const domain = a.dns.domain;
        if (s.host !== domain && s.host.slice(0, -domain.length - 1).includes('.')) {
          fail(a.name, `services.${service}.host`, `${show(s.host)} is not covered by the environment's certificate (${domain} and *.${domain})`,
            `use ${domain} or one label under it, e.g. "${service}.${domain}"`);
        }
      }
      for (const [dependency, cidr] of Object.entries(s.externalCidrs ?? {})) {
        const block = parseCidr(cidr)!;
        const vpc = configs.find((b) => overlaps(block, parseCidr(b.network.vpcCidr)!));
        if (vpc) {
          fail(a.name, `services.${service}.externalCidrs.${dependency}`, `"${cidr}" overlaps the VPC of ${vpc.name} (${vpc.network.vpcCidr})`,
            'name the block of the endpoint outside every environment\'s VPC (in-cluster traffic follows the catalog\'s dependencies)');
        }
      }
    }
  }
}
