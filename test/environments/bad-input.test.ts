/**
 * Bad input as a user makes it, in process: each case changes the repository's own input the way
 * an edit of `environments/` would, and the loader must stop with exactly one line naming the
 * environment, the field and the fix. The cases pick services and environments from the data
 * (the first service, a production environment, ...), so they hold whatever the catalog holds.
 * What the CLI does with such an error (exit 1, nothing on stdout, dist/ untouched) is proven end
 * to end in test/apps/synth-errors.test.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlatform, type PlatformInput, readVersionsFile } from '../../environments/load';
import { PLATFORM_APP_NAMES, terraformWorkspaceName } from '../../environments/naming';
import { KUBERNETES_VERSIONS, LOG_RETENTION_DAYS, type EnvironmentConfig } from '../../environments/types';
import { PRODUCTION_MIN_REPLICAS } from '../../environments/validate-production';
import {
  configErrorOf, isProduction, line, repositoryInput, withEntry, withEnvironment, withSettings, withVersions, without,
} from '../helpers/input';
import { cleanupTemp, tempDir } from '../helpers/repo';

afterAll(cleanupTemp);

const input = repositoryInput();
const envs = input.environments;
/** A non-production environment and a production one, as validation tells them apart. */
const DEV = envs.find((e) => !isProduction(e))!;
const PROD = envs.find(isProduction)!;
/** Another environment than DEV (the second of the promotion order, or the first). */
const OTHER = envs.find((e) => e !== DEV)!;
const SERVICE = input.catalog[0];
const S = SERVICE.name;
const NAMES = input.catalog.map((s) => s.name).join(', ');
const settings = (e: EnvironmentConfig) => e.services[S];
const versionsFile = (env: string) => `environments/versions/${env}.json`;
const TAG_FIX = 'use an immutable release tag such as "1.4.2" or a digest "sha256:<64 hex>", never "latest"';
const LABEL_FIX = 'use a DNS-1035 label: lower-case letters, digits and "-", at most 63 characters, starting with a letter and ending with a letter or digit';
/** The network address of a CIDR, split. */
const octets = (cidr: string) => cidr.split('/')[0].split('.').map(Number);

const env = (e: EnvironmentConfig, change: Partial<EnvironmentConfig> | ((e: EnvironmentConfig) => unknown)) =>
  withEnvironment(input, e.name, typeof change === 'function' ? change : (x) => ({ ...x, ...change }));
const aws = (e: EnvironmentConfig, change: object) => env(e, (x) => ({ ...x, aws: { ...x.aws, ...change } }));
const network = (e: EnvironmentConfig, change: object) => env(e, (x) => ({ ...x, network: { ...x.network, ...change } }));
const cluster = (e: EnvironmentConfig, change: object) => env(e, (x) => ({ ...x, cluster: { ...x.cluster, ...change } }));
const group = (e: EnvironmentConfig, change: object) =>
  cluster(e, { nodeGroups: [{ ...e.cluster.nodeGroups[0], ...change }, ...e.cluster.nodeGroups.slice(1)] });
const service = (e: EnvironmentConfig, change: object) => withSettings(input, e.name, S, (s) => ({ ...s, ...change }));
const entry = (change: object) => withEntry(input, S, (s) => ({ ...s, ...change }));
const resources = (e: EnvironmentConfig, kind: 'requests' | 'limits', change: object) =>
  service(e, { resources: { ...settings(e).resources, [kind]: { ...settings(e).resources[kind], ...change } } });
/** The input with SERVICE public in the catalog and its host set in every environment (`host(e)`). */
const publicService = (host: (e: EnvironmentConfig) => string | undefined): PlatformInput => ({
  ...input,
  catalog: input.catalog.map((s) => (s.name === S ? { ...s, exposure: 'public' as const } : s)),
  environments: envs.map((e) => ({ ...e, services: { ...e.services, [S]: { ...e.services[S], host: host(e) } } })),
});
/** The input with SERVICE internal in the catalog and no host anywhere, but `host` in environment `e`. */
const internalService = (e: EnvironmentConfig, host: string): PlatformInput => ({
  ...input,
  catalog: input.catalog.map((s) => (s.name === S ? { ...s, exposure: undefined } : s)),
  environments: envs.map((x) => ({ ...x, services: { ...x.services, [S]: { ...x.services[S], host: x === e ? host : undefined } } })),
});

const region = DEV.aws.region;
const otherRegionZone = region === 'eu-west-1' ? 'us-east-1b' : 'eu-west-1b';
const [a, b, c] = octets(PROD.network.vpcCidr);
const prefix = PROD.network.vpcCidr.split('/')[1];
const hostBits = `${a}.${b}.${c + 4}.0/${prefix}`;
const lastCatalogIndex = input.catalog.length - 1;

const CASES: [string, PlatformInput, string][] = [
  // --- environments: AWS account, region, zones -------------------------------------------------
  ['account id of the wrong type (number)', aws(DEV, { accountId: Number(DEV.aws.accountId) }),
    line(DEV.name, 'aws.accountId', `${Number(DEV.aws.accountId)} is not valid`, 'use the 12-digit AWS account id, as a string')],
  ['account id with 11 digits', aws(OTHER, { accountId: OTHER.aws.accountId.slice(1) }),
    line(OTHER.name, 'aws.accountId', `"${OTHER.aws.accountId.slice(1)}" is not valid`, 'use the 12-digit AWS account id, as a string')],
  ['region that is no region', aws(PROD, { region: 'uswest2' }),
    line(PROD.name, 'aws.region', '"uswest2" is not valid', 'use an AWS region name such as "us-west-2"')],
  ['availability zone outside the region', aws(DEV, { availabilityZones: [DEV.aws.availabilityZones[0], otherRegionZone] }),
    line(DEV.name, 'aws.availabilityZones[1]', `"${otherRegionZone}" is not a zone of region ${region}`, `use zones such as "${region}a", "${region}b"`)],
  ['a single availability zone', aws(DEV, { availabilityZones: [DEV.aws.availabilityZones[0]] }),
    line(DEV.name, 'aws.availabilityZones', `["${DEV.aws.availabilityZones[0]}"] lists fewer than two zones`, 'list at least two availability zones (EKS needs subnets in two)')],
  ['the same zone twice', aws(OTHER, { availabilityZones: [OTHER.aws.availabilityZones[0], ...OTHER.aws.availabilityZones] }),
    line(OTHER.name, 'aws.availabilityZones[1]', `"${OTHER.aws.availabilityZones[0]}" is listed twice`, 'list each availability zone once')],
  ['zones of the wrong type (string)', aws(PROD, { availabilityZones: PROD.aws.availabilityZones[0] }),
    line(PROD.name, 'aws.availabilityZones', `"${PROD.aws.availabilityZones[0]}" is not a list`, 'list at least two availability zones (EKS needs subnets in two)')],

  // --- environments: network --------------------------------------------------------------------
  ...['24', '33'].map((p): [string, PlatformInput, string] => {
    const cidr = `${DEV.network.vpcCidr.split('/')[0]}/${p}`;
    return [`CIDR prefix out of range (/${p})`, network(DEV, { vpcCidr: cidr }),
      line(DEV.name, 'network.vpcCidr', `"${cidr}" is not an IPv4 CIDR with a prefix from /16 to /20`, 'use a private block such as "10.10.0.0/16"')];
  }),
  ['CIDR of the wrong type (number)', network(PROD, { vpcCidr: 10 }),
    line(PROD.name, 'network.vpcCidr', '10 is not an IPv4 CIDR with a prefix from /16 to /20', 'use a private block such as "10.10.0.0/16"')],
  ['CIDR with host bits set', network(PROD, { vpcCidr: hostBits }),
    line(PROD.name, 'network.vpcCidr', `"${hostBits}" has host bits set`, 'use the network address of the block, e.g. "10.10.0.0/16"')],
  ['VPC in a public range', network(DEV, { vpcCidr: '8.8.0.0/16' }),
    line(DEV.name, 'network.vpcCidr', '"8.8.0.0/16" is not a private (RFC 1918) range', 'use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, e.g. "10.10.0.0/16"')],
  ['VPCs of two environments overlap', network(envs[1], { vpcCidr: envs[0].network.vpcCidr }),
    line(envs[1].name, 'network.vpcCidr', `${envs[0].network.vpcCidr} overlaps ${envs[0].name}'s ${envs[0].network.vpcCidr}`,
      'choose a VPC block that overlaps no other environment (peering and transit routing need distinct ranges)')],
  ['a single NAT gateway in production', network(PROD, { natGateways: 'single' }),
    line(PROD.name, 'network.natGateways', '"single" puts every zone\'s egress behind one NAT gateway', 'use "onePerAz" in production')],

  // --- environments: cluster, DNS, Terraform Cloud, name ----------------------------------------
  ['unsupported Kubernetes version', cluster(DEV, { kubernetesVersion: '1.26' }),
    line(DEV.name, 'cluster.kubernetesVersion', '"1.26" is not a supported version', `use one of ${KUBERNETES_VERSIONS.join(', ')}`)],
  ['Kubernetes version of the wrong type (number)', cluster(PROD, { kubernetesVersion: Number(PROD.cluster.kubernetesVersion) }),
    line(PROD.name, 'cluster.kubernetesVersion', `${Number(PROD.cluster.kubernetesVersion)} is not a supported version`, `use one of ${KUBERNETES_VERSIONS.join(', ')}`)],
  ['cluster name starting with a digit', cluster(OTHER, { name: '1-cluster' }),
    line(OTHER.name, 'cluster.name', '"1-cluster" is not valid', 'start with a letter; use letters, digits and "-", at most 100 characters')],
  ['two environments share a cluster name', cluster(envs[1], { name: envs[0].cluster.name }),
    line(envs[1].name, 'cluster.name', `"${envs[0].cluster.name}" is also the cluster name of ${envs[0].name}`, 'give each environment its own cluster name')],
  ['cluster API open to the whole internet', cluster(DEV, { publicAccessCidrs: ['0.0.0.0/0'] }),
    line(DEV.name, 'cluster.publicAccessCidrs[0]', '"0.0.0.0/0" opens the API endpoint to a large part of the internet',
      'list only your own egress ranges (prefix /8 or longer), never 0.0.0.0/0')],
  ['a public API endpoint in production', cluster(PROD, { publicAccessCidrs: ['203.0.113.0/24'] }),
    line(PROD.name, 'cluster.publicAccessCidrs', 'production must not expose a public API endpoint', 'use [] (reach the API from inside the VPC)')],
  ['a log retention CloudWatch does not offer', cluster(DEV, { logRetentionDays: 10 }),
    line(DEV.name, 'cluster.logRetentionDays', '10 is not a CloudWatch Logs retention', `use one of ${LOG_RETENTION_DAYS.join(', ')} days`)],
  ['admin role of another account', cluster(OTHER, { adminRoleArns: ['arn:aws:iam::999999999999:role/platform-admin'] }),
    line(OTHER.name, 'cluster.adminRoleArns[0]', `"arn:aws:iam::999999999999:role/platform-admin" is not a role ARN of account ${OTHER.aws.accountId}`,
      `use "arn:aws:iam::${OTHER.aws.accountId}:role/<name>"`)],
  ['an add-on version that is not pinned', cluster(DEV, { addons: { ...DEV.cluster.addons, coredns: 'latest' } }),
    line(DEV.name, 'cluster.addons.coredns', '"latest" is not a pinned add-on version', 'use a version such as "v1.19.6-eksbuild.1"')],
  ['no node group', cluster(DEV, { nodeGroups: [] }),
    line(DEV.name, 'cluster.nodeGroups', 'no node group is configured', 'add at least one node group')],
  ['node group sizes out of order', group(DEV, { minSize: DEV.cluster.nodeGroups[0].maxSize + 1 }),
    line(DEV.name, 'cluster.nodeGroups[0].desiredSize',
      `sizes min ${DEV.cluster.nodeGroups[0].maxSize + 1}, desired ${DEV.cluster.nodeGroups[0].desiredSize}, max ${DEV.cluster.nodeGroups[0].maxSize} are out of order`,
      'keep minSize <= desiredSize <= maxSize')],
  ['spot capacity in production', group(PROD, { capacityType: 'SPOT' }),
    line(PROD.name, 'cluster.nodeGroups[0].capacityType', 'spot capacity can be reclaimed at two minutes\' notice', 'use "ON_DEMAND" in production')],
  ['backups that expire at once', env(OTHER, { backup: { ...OTHER.backup, expireAfterDays: 0 } }),
    line(OTHER.name, 'backup.expireAfterDays', '0 is not an integer from 1 to 3650', 'use a whole number between 1 and 3650')],
  ['domain with an underscore', env(DEV, { dns: { domain: 'dev_shop.example.com' } }),
    line(DEV.name, 'dns.domain', '"dev_shop.example.com" is not valid', 'use a lower-case DNS name such as "dev.shop.example.com"')],
  ['domain in upper case without a dot', env(PROD, { dns: { domain: 'SHOP' } }),
    line(PROD.name, 'dns.domain', '"SHOP" is not valid', 'use a lower-case DNS name such as "dev.shop.example.com"')],
  ['workspace not following the naming rules', env(OTHER, { terraformCloud: { ...OTHER.terraformCloud, workspace: OTHER.name } }),
    line(OTHER.name, 'terraformCloud.workspace', `"${OTHER.name}" does not follow the naming rules`,
      `use terraformWorkspaceName("${OTHER.name}") = "${terraformWorkspaceName(OTHER.name)}"`)],
  ['workspace of another environment', env(PROD, { terraformCloud: { ...PROD.terraformCloud, workspace: terraformWorkspaceName(DEV.name) } }),
    line(PROD.name, 'terraformCloud.workspace', `"${terraformWorkspaceName(DEV.name)}" does not follow the naming rules`,
      `use terraformWorkspaceName("${PROD.name}") = "${terraformWorkspaceName(PROD.name)}"`)],
  ['Terraform Cloud organization with a space', env(DEV, { terraformCloud: { ...DEV.terraformCloud, organization: 'acme platform' } }),
    line(DEV.name, 'terraformCloud.organization', '"acme platform" is not valid', 'use the Terraform Cloud organization name (letters, digits, "_" and "-")')],

  // --- shared config ------------------------------------------------------------------------------
  ['registry account id with letters', { ...input, shared: { ...input.shared, registry: { ...input.shared.registry, accountId: '11111111111a' } } },
    line('*', 'registry.accountId', '"11111111111a" is not valid', 'use the 12-digit AWS account id of the registry account')],
  ['registry region of the wrong type', { ...input, shared: { ...input.shared, registry: { ...input.shared.registry, region: 2 as never } } },
    line('*', 'registry.region', '2 is not valid', 'use an AWS region name such as "us-west-2"')],

  // --- the catalog ----------------------------------------------------------------------------------
  ['service name that is no DNS-1123 label', entry({ name: 'Web_Shop' }), line('*', 'catalog[0].name', '"Web_Shop" is not valid', LABEL_FIX)],
  ['service name longer than 63 characters', entry({ name: 'a'.repeat(64) }), line('*', 'catalog[0].name', `"${'a'.repeat(64)}" is not valid`, LABEL_FIX)],
  ['a service named like a platform folder', withEntry(input, input.catalog[lastCatalogIndex].name, (s) => ({ ...s, name: PLATFORM_APP_NAMES[0] })),
    line('*', `catalog[${lastCatalogIndex}].name`, `"${PLATFORM_APP_NAMES[0]}" is the name of a platform folder in dist/k8s/<env>/`,
      `choose another name (reserved: ${PLATFORM_APP_NAMES.join(', ')})`)],
  ['namespace that is no DNS-1123 label', entry({ namespace: 'shop.eu' }),
    line('*', 'catalog[0].namespace', '"shop.eu" is not valid', 'use a DNS-1123 label such as "shop"')],
  ['the same service twice', { ...input, catalog: [...input.catalog, { ...SERVICE }] },
    line('*', `catalog[${input.catalog.length}].name`, `service "${S}" is defined twice`, 'give every service in environments/catalog.ts a unique name')],
  ...[70000, 80, String(SERVICE.port)].map((port): [string, PlatformInput, string] => [`port ${JSON.stringify(port)}`, entry({ port }),
    line('*', 'catalog[0].port', `${JSON.stringify(port)} is not an integer from 1024 to 65535`, 'use a whole number between 1024 and 65535')]),
  ['the metrics port equal to the http port', entry({ metricsPort: SERVICE.port }),
    line('*', 'catalog[0].metricsPort', `port ${SERVICE.port} is used twice (http and metrics)`,
      `give the metrics endpoint its own port, e.g. ${SERVICE.port === 9090 ? 9091 : 9090}`)],
  ['unknown dependency', entry({ dependencies: ['ghost'] }),
    line('*', 'catalog[0].dependencies[0]', '"ghost" is not a service of the catalog', `depend only on services of environments/catalog.ts (known: ${NAMES})`)],
  ['a service depending on itself', entry({ dependencies: [S] }),
    line('*', 'catalog[0].dependencies[0]', `service "${S}" depends on itself`, 'remove it: dependencies name other services')],

  // --- per-environment service settings ---------------------------------------------------------
  ['settings for a service the catalog does not know', env(DEV, (e) => ({ ...e, services: { ...e.services, ghost: settings(e) } })),
    line(DEV.name, 'services.ghost', '"ghost" is not a service of the catalog', `add it to environments/catalog.ts or remove it (known: ${NAMES})`)],
  ['no settings for a service', env(OTHER, (e) => ({ ...e, services: without(e.services, S) })),
    line(OTHER.name, `services.${S}`, `service "${S}" has no settings`, `add services.${S} to environments/${OTHER.name}.ts`)],
  ['zero replicas', service(DEV, { replicas: 0 }),
    line(DEV.name, `services.${S}.replicas`, '0 is not an integer from 1 to 100', 'use a whole number between 1 and 100')],
  ['replicas of the wrong type (string)', service(OTHER, { replicas: String(settings(OTHER).replicas) }),
    line(OTHER.name, `services.${S}.replicas`, `"${settings(OTHER).replicas}" is not an integer from 1 to 100`, 'use a whole number between 1 and 100')],
  ['CPU that is no quantity', resources(PROD, 'requests', { cpu: 'half' }),
    line(PROD.name, `services.${S}.resources.requests.cpu`, '"half" is not a CPU quantity', 'write CPU as millicores ("250m") or cores ("1")')],
  ['a zero CPU request', resources(DEV, 'requests', { cpu: '0m' }),
    line(DEV.name, `services.${S}.resources.requests.cpu`, `CPU 0m (limit ${settings(DEV).resources.limits.cpu}) is outside 1m to 64 cores`,
      'request a positive amount, and keep the limit within one node')],
  ['a memory limit no node has', resources(DEV, 'limits', { memory: '1Ti' }),
    line(DEV.name, `services.${S}.resources.requests.memory`, `memory ${settings(DEV).resources.requests.memory} (limit 1Ti) is outside 1 byte to 256Gi`,
      'request a positive amount, and keep the limit within one node')],
  ['memory limit below the request (impossible)', resources(OTHER, 'limits', { memory: '1Mi' }),
    line(OTHER.name, `services.${S}.resources.limits.memory`, `limit 1Mi is below the request ${settings(OTHER).resources.requests.memory}`, 'raise the limit to at least the request')],
  ['CPU limit below the request (impossible)', resources(DEV, 'limits', { cpu: '1m' }),
    line(DEV.name, `services.${S}.resources.limits.cpu`, `limit 1m is below the request ${settings(DEV).resources.requests.cpu}`, 'raise the limit to at least the request')],
  ['impossible autoscaling bounds (min above max)', service(DEV, { autoscaling: { minReplicas: 5, maxReplicas: 4 } }),
    line(DEV.name, `services.${S}.autoscaling.minReplicas`, 'minReplicas 5 is above maxReplicas 4', 'lower minReplicas or raise maxReplicas so that minReplicas <= maxReplicas')],
  ['a PDB that blocks drains of a 1-replica service', service(DEV, { replicas: 1, autoscaling: undefined, disruptionBudget: { minAvailable: 1 } }),
    line(DEV.name, `services.${S}.disruptionBudget.minAvailable`, 'minAvailable 1 with 1 replica(s) at the fewest allows no eviction and would block node drains',
      'remove disruptionBudget (the default maxUnavailable: 1 never blocks drains) or run at least 2 replicas')],
  ['a PDB that blocks drains at the fewest autoscaled replicas', service(DEV, { autoscaling: { minReplicas: 3, maxReplicas: 6 }, disruptionBudget: { minAvailable: 3 } }),
    line(DEV.name, `services.${S}.disruptionBudget.minAvailable`, 'minAvailable 3 with 3 replica(s) at the fewest allows no eviction and would block node drains',
      'use minAvailable: 2 or less, or run more replicas')],
  ['a PDB with maxUnavailable 0', service(PROD, { disruptionBudget: { maxUnavailable: 0 } }),
    line(PROD.name, `services.${S}.disruptionBudget.maxUnavailable`, 'maxUnavailable 0 allows no eviction and would block node drains', 'use maxUnavailable: 1 or more')],
  ['a canary whose weights do not increase', service(PROD, { strategy: { type: 'canary', steps: [{ weight: 50 }, { weight: 20 }] } }),
    line(PROD.name, `services.${S}.strategy.steps[1].weight`, 'weight 20 does not increase on 50', 'list steps with strictly increasing weights')],
  ['a config key that is not an environment variable name', service(DEV, { configOverrides: { 'log-level': 'debug' } }),
    line(DEV.name, `services.${S}.configOverrides.log-level`, '"log-level" is not an environment variable name', 'use upper-case letters, digits and "_", e.g. "LOG_LEVEL"')],
  ['an external dependency without a CIDR', {
    ...entry({ externalDependencies: [{ name: 'ledger-db', port: 5432 }] }),
    environments: envs.map((e) => ({ ...e, services: { ...e.services, [S]: { ...settings(e), externalCidrs: e === OTHER ? {} : { 'ledger-db': '172.20.0.0/24' } } } })) as EnvironmentConfig[],
  }, line(OTHER.name, `services.${S}.externalCidrs.ledger-db`, 'external dependency "ledger-db" has no CIDR',
    `add externalCidrs: { "ledger-db": "<cidr>" } to services.${S}`)],
  ['a CIDR for an external dependency the catalog does not declare', service(DEV, { externalCidrs: { ...settings(DEV).externalCidrs, 'ghost-db': '10.1.0.0/24' } }),
    line(DEV.name, `services.${S}.externalCidrs.ghost-db`, `"ghost-db" is not an external dependency of "${S}"`,
      `declare it in externalDependencies of "${S}" in environments/catalog.ts, or remove it`)],

  // --- Ingress hosts ------------------------------------------------------------------------------
  ['host outside the environment\'s domain', publicService((e) => (e === DEV ? 'www.example.org' : `${S}.${e.dns.domain}`)),
    line(DEV.name, `services.${S}.host`, `"www.example.org" is not inside the environment's domain ${DEV.dns.domain}`,
      `use ${DEV.dns.domain} or a name ending in ".${DEV.dns.domain}", e.g. "${S}.${DEV.dns.domain}"`)],
  ['a host that merely ends with the domain text', publicService((e) => (e === DEV ? `evil${DEV.dns.domain}` : `${S}.${e.dns.domain}`)),
    line(DEV.name, `services.${S}.host`, `"evil${DEV.dns.domain}" is not inside the environment's domain ${DEV.dns.domain}`,
      `use ${DEV.dns.domain} or a name ending in ".${DEV.dns.domain}", e.g. "${S}.${DEV.dns.domain}"`)],
  ['a public service without a host', publicService((e) => (e === DEV ? undefined : `${S}.${e.dns.domain}`)),
    line(DEV.name, `services.${S}.host`, `public service "${S}" has no host`, `add a host inside ${DEV.dns.domain}, e.g. "${S}.${DEV.dns.domain}"`)],
  ['a host on an internal service', internalService(DEV, `${S}.${DEV.dns.domain}`),
    line(DEV.name, `services.${S}.host`, `service "${S}" is internal and gets no Ingress`, 'remove host, or set exposure: \'public\' in environments/catalog.ts')],
  ...(input.catalog.length < 2 ? [] : [((): [string, PlatformInput, string] => {
    // two public services on one host
    const [first, second] = input.catalog;
    const host = (e: EnvironmentConfig) => `${first.name}.${e.dns.domain}`;
    const hosts = (e: EnvironmentConfig) => ({ [first.name]: host(e), [second.name]: e === DEV ? host(e) : `${second.name}.${e.dns.domain}` });
    return ['two public services on one host', {
      ...input,
      catalog: input.catalog.map((s, i) => (i < 2 ? { ...s, exposure: 'public' as const } : s)),
      environments: envs.map((e) => ({
        ...e,
        services: { ...e.services, ...Object.fromEntries(Object.entries(hosts(e)).map(([n, h]) => [n, { ...e.services[n], host: h }])) },
      })),
    }, line(DEV.name, `services.${second.name}.host`, `"${host(DEV)}" is also the host of ${first.name}`, 'give every public service its own host')];
  })()]),

  // --- production availability --------------------------------------------------------------------
  [`fewer than ${PRODUCTION_MIN_REPLICAS} replicas in production`, service(PROD, { replicas: 1, autoscaling: undefined, disruptionBudget: undefined }),
    line(PROD.name, `services.${S}.replicas`, `production runs "${S}" with 1 replica at the fewest, which a node drain takes down`,
      `run at least ${PRODUCTION_MIN_REPLICAS} replicas in production`)],
  ['an HPA that may scale a production service down to one replica', service(PROD, { autoscaling: { minReplicas: 1, maxReplicas: 4 }, disruptionBudget: undefined }),
    line(PROD.name, `services.${S}.autoscaling.minReplicas`, `production runs "${S}" with 1 replica at the fewest, which a node drain takes down`,
      `run at least ${PRODUCTION_MIN_REPLICAS} replicas in production`)],
  ['production replicas not spread across zones', service(PROD, { spreadAcrossZones: false }),
    line(PROD.name, `services.${S}.spreadAcrossZones`, `production service "${S}" is not spread across zones`,
      'set spreadAcrossZones: true (one zone\'s outage must not take every pod)')],

  // --- image tags (the parsed versions files) ------------------------------------------------------
  ['missing image tag', withVersions(input, PROD.name, (v) => without(v, S)),
    line(PROD.name, `${versionsFile(PROD.name)}: ${S}`, `service "${S}" has no image tag`, `add "${S}": "<tag>" to ${versionsFile(PROD.name)}`)],
  ...['latest', '', 1.4, '1.4 rc1'].map((tag): [string, PlatformInput, string] => [`the image tag ${JSON.stringify(tag)}`,
    withVersions(input, DEV.name, (v) => ({ ...v, [S]: tag })),
    line(DEV.name, `${versionsFile(DEV.name)}: ${S}`, `${JSON.stringify(tag)} is not a pinned image tag`, TAG_FIX)]),
  ['tag for a service the catalog does not know', withVersions(input, OTHER.name, (v) => ({ ...v, ghost: '1.0.0' })),
    line(OTHER.name, `${versionsFile(OTHER.name)}: ghost`, '"ghost" is not a service of the catalog', `remove it from ${versionsFile(OTHER.name)}`)],
];

test('the repository input itself is valid', () => {
  expect(() => buildPlatform(input)).not.toThrow();
});

test('the message is one line: environment, field, problem and fix', () => {
  expect(configErrorOf(() => buildPlatform(network(DEV, { vpcCidr: '8.8.0.0/16' })))).toBe(
    `environment "${DEV.name}", field "network.vpcCidr": "8.8.0.0/16" is not a private (RFC 1918) range. `
    + 'Fix: use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, e.g. "10.10.0.0/16"');
});

test.each(CASES)('%s stops the render with one line naming environment, field and fix', (_, bad, message) => {
  const actual = configErrorOf(() => buildPlatform(bad));
  expect(actual).toBe(message);
  expect(actual).not.toContain('\n');
});

describe('versions files', () => {
  const dir = (content: string | undefined, name = DEV.name) => {
    const d = join(tempDir(), 'versions');
    mkdirSync(d);
    if (content !== undefined) writeFileSync(join(d, `${name}.json`), content);
    return d;
  };
  const file = versionsFile(DEV.name);

  test('a missing file', () => {
    expect(configErrorOf(() => readVersionsFile(DEV.name, dir(undefined)))).toBe(line(DEV.name, file, 'the versions file is missing',
      `create ${file} with one "<service>": "<tag>" entry per service`));
  });

  test('a file that is not valid JSON', () => {
    const text = `{\n  "${S}": "1.0.0",\n`;
    let parseError = '';
    try { JSON.parse(text); } catch (e) { parseError = (e as Error).message; }
    expect(configErrorOf(() => readVersionsFile(DEV.name, dir(text)))).toBe(line(DEV.name, file, `the file is not valid JSON (${parseError})`,
      'fix the JSON syntax, e.g. { "web": "1.4.2" }'));
  });

  test.each(['["1.0.0"]', 'null', '"1.0.0"'])('a file holding %s instead of an object', (text) => {
    expect(configErrorOf(() => readVersionsFile(DEV.name, dir(text)))).toBe(line(DEV.name, file, 'the file is not a JSON object',
      'write { "<service>": "<tag>", ... }'));
  });

  test('a valid file parses', () => {
    expect(readVersionsFile(DEV.name, dir(`{ "${S}": "1.0.0" }`))).toEqual({ [S]: '1.0.0' });
  });
});
