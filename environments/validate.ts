import { contains, isCanonical, overlaps, parseCidr } from './cidr';
import { SERVICE_IPV4_CIDR, terraformWorkspaceName } from './naming';
import {
  ENVIRONMENT_NAMES, KUBERNETES_VERSIONS,
  type EnvironmentConfig, type ServiceDefinition, type SharedConfig,
} from './types';
import { validateInfra } from './validate-infra';
import { validateServiceSettings } from './validate-services';
import { fail, show } from './validation-rules';

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const TFC_NAME = /^[A-Za-z0-9_-]{1,90}$/;
const CLUSTER_NAME = /^[A-Za-z][A-Za-z0-9-]{0,99}$/;
/** RFC 1918 private IPv4 ranges: the only ones a VPC may use (a public range would shadow real hosts). */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

function requireString(env: string, field: string, value: unknown, pattern: RegExp, fix: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    fail(env, field, `${show(value)} is not valid`, fix);
  }
  return value;
}

/** Validates shared config. */
export function validateShared(sharedConfig: SharedConfig): void {
  requireString('*', 'registry.accountId', sharedConfig.registry.accountId, ACCOUNT_ID, 'use the 12-digit AWS account id of the registry account');
  requireString('*', 'registry.region', sharedConfig.registry.region, REGION, 'use an AWS region name such as "us-west-2"');
  requireString('*', 'terraformCloud.organization', sharedConfig.terraformCloud.organization, TFC_NAME,
    'use the Terraform Cloud organization name (letters, digits, "_" and "-")');
}

/** Validates one environment's values against the catalog and its versions file. */
export function validateEnvironment(
  config: EnvironmentConfig,
  catalog: readonly ServiceDefinition[],
  versions: Readonly<Record<string, unknown>>,
  versionsFile: string,
): void {
  const env = typeof config.name === 'string' ? config.name : '?';
  if (!(ENVIRONMENT_NAMES as readonly string[]).includes(config.name)) {
    fail(env, 'name', `${show(config.name)} is not a known environment`, `use one of ${ENVIRONMENT_NAMES.join(', ')} (or add it to ENVIRONMENT_NAMES in environments/types.ts)`);
  }

  requireString(env, 'aws.accountId', config.aws?.accountId, ACCOUNT_ID, 'use the 12-digit AWS account id, as a string');
  const region = requireString(env, 'aws.region', config.aws?.region, REGION, 'use an AWS region name such as "us-west-2"');
  const zones = config.aws.availabilityZones;
  if (!Array.isArray(zones) || zones.length < 2) {
    fail(env, 'aws.availabilityZones', `${show(zones)} lists fewer than two zones`, 'list at least two availability zones (EKS needs subnets in two)');
  }
  zones.forEach((z, i) => {
    if (typeof z !== 'string' || !new RegExp(`^${region}[a-z]$`).test(z)) {
      fail(env, `aws.availabilityZones[${i}]`, `${show(z)} is not a zone of region ${region}`, `use zones such as "${region}a", "${region}b"`);
    }
    if (zones.indexOf(z) !== i) {
      fail(env, `aws.availabilityZones[${i}]`, `"${z}" is listed twice`, 'list each availability zone once');
    }
  });

  const cidr = config.network?.vpcCidr;
  const parsed = typeof cidr === 'string' ? parseCidr(cidr) : undefined;
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

  requireString(env, 'cluster.name', config.cluster?.name, CLUSTER_NAME,
    'start with a letter; use letters, digits and "-", at most 100 characters');
  if (!(KUBERNETES_VERSIONS as readonly string[]).includes(config.cluster.kubernetesVersion)) {
    fail(env, 'cluster.kubernetesVersion', `${show(config.cluster.kubernetesVersion)} is not a supported version`,
      `use one of ${KUBERNETES_VERSIONS.join(', ')}`);
  }
  requireString(env, 'dns.domain', config.dns?.domain, DNS_NAME, 'use a lower-case DNS name such as "dev.shop.example.com"');
  requireString(env, 'terraformCloud.organization', config.terraformCloud?.organization, TFC_NAME,
    'use the Terraform Cloud organization name (letters, digits, "_" and "-")');
  const workspace = terraformWorkspaceName(env);
  if (config.terraformCloud.workspace !== workspace) {
    fail(env, 'terraformCloud.workspace', `${show(config.terraformCloud.workspace)} does not follow the naming rules`,
      `use terraformWorkspaceName("${env}") = "${workspace}"`);
  }

  validateServiceSettings(env, config, catalog, versions, versionsFile);
  validateInfra(config, catalog);
}

/** Checks across environments: unique names, clusters, workspaces and non-overlapping VPCs. */
export function validateAcrossEnvironments(configs: readonly EnvironmentConfig[]): void {
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
    });
  });
}
