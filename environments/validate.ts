import { isCanonical, overlaps, parseCidr } from './cidr';
import { ConfigError } from './errors';
import { terraformWorkspaceName } from './naming';
import { cpuMillis, memoryBytes } from './quantity';
import {
  ENVIRONMENT_NAMES, KUBERNETES_VERSIONS,
  type EnvironmentConfig, type ServiceDefinition, type SharedConfig,
} from './types';

/** DNS-1123 label: what Kubernetes requires of namespace and Service names. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const TFC_NAME = /^[A-Za-z0-9_-]{1,90}$/;
const CLUSTER_NAME = /^[A-Za-z][A-Za-z0-9-]{0,99}$/;
/** Docker tag grammar; `latest` is refused separately because it is not a pin. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Fails with a ConfigError naming environment and field. */
export function fail(environment: string, field: string, problem: string, fix: string): never {
  throw new ConfigError(environment, field, problem, fix);
}

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

function requireString(env: string, field: string, value: unknown, pattern: RegExp, fix: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    fail(env, field, `${show(value)} is not valid`, fix);
  }
  return value;
}

function requireInteger(env: string, field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(env, field, `${show(value)} is not an integer from ${min} to ${max}`, `use a whole number between ${min} and ${max}`);
  }
  return value;
}

/** Validates the environment-independent catalog. */
export function validateCatalog(catalog: readonly ServiceDefinition[]): void {
  const seen = new Set<string>();
  catalog.forEach((s, i) => {
    const at = `catalog[${i}]`;
    requireString('*', `${at}.name`, s.name, DNS_LABEL,
      'use a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit');
    if (seen.has(s.name)) {
      fail('*', `${at}.name`, `service "${s.name}" is defined twice`, 'give every service in environments/catalog.ts a unique name');
    }
    seen.add(s.name);
    requireString('*', `${at}.namespace`, s.namespace, DNS_LABEL, 'use a DNS-1123 label such as "shop"');
    requireInteger('*', `${at}.port`, s.port, 1024, 65535);
  });
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

  validateServices(env, config, catalog, versions, versionsFile);
}

function validateServices(
  env: string,
  config: EnvironmentConfig,
  catalog: readonly ServiceDefinition[],
  versions: Readonly<Record<string, unknown>>,
  versionsFile: string,
): void {
  const known = new Set(catalog.map((s) => s.name));
  for (const name of Object.keys(config.services ?? {})) {
    if (!known.has(name)) {
      fail(env, `services.${name}`, `"${name}" is not a service of the catalog`,
        `add it to environments/catalog.ts or remove it (known: ${[...known].join(', ')})`);
    }
  }
  for (const name of Object.keys(versions)) {
    if (!known.has(name)) {
      fail(env, `${versionsFile}: ${name}`, `"${name}" is not a service of the catalog`, `remove it from ${versionsFile}`);
    }
  }
  for (const def of catalog) {
    const s = config.services?.[def.name];
    const at = `services.${def.name}`;
    if (!s) fail(env, at, `service "${def.name}" has no settings`, `add services.${def.name} to environments/${env}.ts`);
    requireInteger(env, `${at}.replicas`, s.replicas, 1, 100);
    validateResources(env, `${at}.resources`, s.resources);

    const tag = versions[def.name];
    if (tag === undefined) {
      fail(env, `${versionsFile}: ${def.name}`, `service "${def.name}" has no image tag`, `add "${def.name}": "<tag>" to ${versionsFile}`);
    }
    if (typeof tag !== 'string' || !(IMAGE_TAG.test(tag) || DIGEST.test(tag)) || tag === 'latest') {
      fail(env, `${versionsFile}: ${def.name}`, `${show(tag)} is not a pinned image tag`,
        'use an immutable release tag such as "1.4.2" or a digest "sha256:<64 hex>", never "latest"');
    }
  }
}

function validateResources(env: string, at: string, r: EnvironmentConfig['services'][string]['resources']): void {
  for (const kind of ['requests', 'limits'] as const) {
    const q = r?.[kind];
    if (cpuMillis(q?.cpu) === undefined) {
      fail(env, `${at}.${kind}.cpu`, `${show(q?.cpu)} is not a CPU quantity`, 'write CPU as millicores ("250m") or cores ("1")');
    }
    if (memoryBytes(q?.memory) === undefined) {
      fail(env, `${at}.${kind}.memory`, `${show(q?.memory)} is not a memory quantity`, 'write memory with a binary unit such as "256Mi" or "1Gi"');
    }
  }
  if (cpuMillis(r.limits.cpu)! < cpuMillis(r.requests.cpu)!) {
    fail(env, `${at}.limits.cpu`, `limit ${r.limits.cpu} is below the request ${r.requests.cpu}`, 'raise the limit to at least the request');
  }
  if (memoryBytes(r.limits.memory)! < memoryBytes(r.requests.memory)!) {
    fail(env, `${at}.limits.memory`, `limit ${r.limits.memory} is below the request ${r.requests.memory}`, 'raise the limit to at least the request');
  }
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
