/**
 * Load-time checks of the service catalog and of each environment's `services` settings. Every
 * problem is a ConfigError naming the environment, the field and the fix; nothing here renders.
 */
import { posix } from 'node:path';
import { formatCidr, isCanonical, overlaps, parseCidr } from './cidr';
import { CONFIGMAP_MAX_BYTES, configMapBytes, validateDerivedNames } from './kubernetes-names';
import { isReservedNamespace, PLATFORM_APP_NAMES, reservedNamespaces, SERVICE_IPV4_CIDR } from './naming';
import { gitops } from './platform';
import { cpuMillis, memoryBytes } from './quantity';
import { closest } from './schema-rules';
import type { EnvironmentConfig, ResourceRequirements, ServiceDefinition, ServiceSettings } from './types';
import { DIGEST, DNS_LABEL, fail, IMAGE_TAG, show } from './validation-rules';

/** The characters a cache path may use. */
const PATH_CHARACTERS = /^\/[A-Za-z0-9._/-]*$/;
/**
 * Folders an emptyDir must not hide (the image's own files, system configuration and
 * certificates, devices, kernel interfaces): a cache path may be none of them nor inside one.
 */
const SYSTEM_PATHS = ['/app', '/bin', '/boot', '/dev', '/etc', '/lib', '/lib64', '/proc', '/root', '/run', '/sbin', '/sys', '/usr', '/var/run', '/var/lib'];
/** Top-level folders a cache may live in. */
const CACHE_ROOTS = ['/var/cache', '/var/tmp', '/cache', '/data', '/home', '/opt', '/srv', '/mnt'];
/** The key of a versions file that names its JSON Schema for editors; not a service. */
export const VERSIONS_SCHEMA_KEY = '$schema';
/** The widest block an external dependency may name: a /16 (65536 addresses). */
export const EXTERNAL_CIDR_MIN_PREFIX = 16;
/** The default metrics port, also what `metricsPortOf` returns when the catalog leaves it out. */
export const DEFAULT_METRICS_PORT = 9090;

/** Why a cache path is unusable, or undefined. */
function cachePathProblem(path: string): string | undefined {
  if (!PATH_CHARACTERS.test(path)) return 'is not an absolute path of letters, digits, ".", "_", "-" and "/"';
  const normal = posix.normalize(path).replace(/\/+$/, '');
  if (normal !== path) return `is not in normal form (it means "${normal || '/'}")`;
  const within = (root: string) => normal === root || normal.startsWith(`${root}/`);
  const system = SYSTEM_PATHS.find(within);
  if (system) return `is inside the system folder ${system}`;
  if (!CACHE_ROOTS.some((r) => normal.startsWith(`${r}/`))) return `is not inside one of ${CACHE_ROOTS.join(', ')}`;
  return undefined;
}

/** The metrics port of a catalog entry. */
export function metricsPortOf(def: ServiceDefinition): number {
  return def.metricsPort ?? DEFAULT_METRICS_PORT;
}

/** Validates the environment-independent catalog: names, ports, the dependency graph. */
export function validateCatalog(catalog: readonly ServiceDefinition[]): void {
  const seen = new Set<string>();
  catalog.forEach((s, i) => {
    const at = `catalog[${i}]`;
    if (seen.has(s.name)) {
      fail('*', `${at}.name`, `service "${s.name}" is defined twice`, 'give every service in environments/catalog.ts a unique name');
    }
    seen.add(s.name);
    // every service is measured and owned: its alerts, dashboard and release gate follow from these
    if (s.slo === undefined) {
      fail('*', `${at}.slo`, `service "${s.name}" has no service level objectives`,
        `add slo: { availability: { target: 99.9 } } to "${s.name}" in environments/catalog.ts`);
    }
    if (s.team === undefined) {
      fail('*', `${at}.team`, `service "${s.name}" has no owning team`,
        'set team to the owning team\'s name, a DNS-1123 label such as "storefront"; its alerts are routed by it');
    }
    if ((PLATFORM_APP_NAMES as readonly string[]).includes(s.name)) {
      fail('*', `${at}.name`, `"${s.name}" is the name of a platform folder in dist/k8s/<env>/`,
        `choose another name (reserved: ${PLATFORM_APP_NAMES.join(', ')})`);
    }
    if (isReservedNamespace(s.namespace, gitops.argocdNamespace)) {
      fail('*', `${at}.namespace`, `"${s.namespace}" belongs to Kubernetes or a platform add-on`,
        `run the service in a namespace of its own, not kube-* or ${reservedNamespaces(gitops.argocdNamespace).join(', ')}`);
    }
    if (metricsPortOf(s) === s.port) {
      fail('*', `${at}.metricsPort`, `port ${s.port} is used twice (http and metrics)`,
        `give the metrics endpoint its own port, e.g. ${s.port === DEFAULT_METRICS_PORT ? DEFAULT_METRICS_PORT + 1 : DEFAULT_METRICS_PORT}`);
    }
    const cacheProblem = s.cachePath === undefined ? undefined : cachePathProblem(s.cachePath);
    if (cacheProblem) {
      fail('*', `${at}.cachePath`, `${show(s.cachePath)} ${cacheProblem}`, `use a folder of its own such as "/var/cache/${s.name}"`);
    }
    const externals = new Set<string>();
    (s.externalDependencies ?? []).forEach((x, j) => {
      if (externals.has(x.name)) {
        fail('*', `${at}.externalDependencies[${j}].name`, `"${x.name}" is listed twice`, 'list each external dependency once');
      }
      externals.add(x.name);
    });
  });

  const names = catalog.map((s) => s.name);
  catalog.forEach((s, i) => {
    (s.dependencies ?? []).forEach((d, j) => {
      const at = `catalog[${i}].dependencies[${j}]`;
      if (d === s.name) fail('*', at, `service "${s.name}" depends on itself`, 'remove it: dependencies name other services');
      if (!names.includes(d)) {
        fail('*', at, `"${d}" is not a service of the catalog`, `depend only on services of environments/catalog.ts (known: ${names.join(', ')})`);
      }
      if (s.dependencies!.indexOf(d) !== j) fail('*', at, `"${d}" is listed twice`, 'list each dependency once');
    });
  });
}

/** Validates one environment's `services` against the catalog and the versions file. */
export function validateServiceSettings(
  env: string,
  config: EnvironmentConfig,
  catalog: readonly ServiceDefinition[],
  versions: Readonly<Record<string, unknown>>,
  versionsFile: string,
): void {
  const known = new Set(catalog.map((s) => s.name));
  for (const name of Object.keys(config.services ?? {})) {
    if (!known.has(name)) {
      const near = closest(name, [...known]);
      fail(env, `services.${name}`, `"${name}" is not a service of the catalog`, near
        ? `did you mean ${near}? (known: ${[...known].join(', ')})`
        : `add it to environments/catalog.ts or remove it (known: ${[...known].join(', ')})`);
    }
  }
  for (const name of Object.keys(versions)) {
    if (name !== VERSIONS_SCHEMA_KEY && !known.has(name)) {
      const near = closest(name, [...known]);
      fail(env, `${versionsFile}: ${name}`, `"${name}" is not a service of the catalog`,
        near ? `did you mean ${near}? (or remove it from ${versionsFile})` : `remove it from ${versionsFile}`);
    }
  }
  const production = config.tier === 'production';
  const hostOwners = new Map<string, string>();
  for (const def of catalog) {
    const s = config.services?.[def.name];
    const at = `services.${def.name}`;
    if (!s) fail(env, at, `service "${def.name}" has no settings`, `add services.${def.name} to environments/${env}.ts`);
    validateResources(env, `${at}.resources`, s.resources);
    const minReplicas = validateAutoscaling(env, at, s);
    validateDisruptionBudget(env, at, s, minReplicas);
    validateStrategy(env, at, s);
    validateHost(env, at, def, s, config.dns?.domain);
    if (s.host !== undefined) {
      const owner = hostOwners.get(s.host);
      if (owner) fail(env, `${at}.host`, `"${s.host}" is also the host of ${owner}`, 'give every public service its own host');
      hostOwners.set(s.host, def.name);
    }
    validateExternalCidrs(env, at, def, s);
    const configBytes = configMapBytes({ ...def.config, ...s.configOverrides });
    if (configBytes > CONFIGMAP_MAX_BYTES) {
      // name what is large: the catalog's values alone, or this environment's overrides on top
      const field = configMapBytes({ ...def.config }) > CONFIGMAP_MAX_BYTES ? `catalog "${def.name}".config` : `${at}.configOverrides`;
      fail(env, field, `the ConfigMap of "${def.name}" would hold ${configBytes} bytes, more than Kubernetes' 1 MiB`,
        'keep large data out of config (mount it from a volume or fetch it at start)');
    }
    validateDerivedNames(env, `catalog "${def.name}".name`, def.name, s.strategy?.type === 'blueGreen', def.exposure === 'public');
    if (production && s.spreadAcrossZones !== true) {
      fail(env, `${at}.spreadAcrossZones`, `production service "${def.name}" is not spread across zones`, 'set spreadAcrossZones: true (one zone\'s outage must not take every pod)');
    }

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

/** Ceilings above which no node of ours could run the pod. */
const MAX_CPU_MILLIS = 64_000;
const MAX_MEMORY_BYTES = 256 * 2 ** 30;

function validateResources(env: string, at: string, r: ResourceRequirements): void {
  // zero requests make the scheduler blind; more than any node has can never be scheduled
  if (cpuMillis(r.requests.cpu)! <= 0 || cpuMillis(r.limits.cpu)! > MAX_CPU_MILLIS) {
    fail(env, `${at}.requests.cpu`, `CPU ${r.requests.cpu} (limit ${r.limits.cpu}) is outside 1m to ${MAX_CPU_MILLIS / 1000} cores`,
      'request a positive amount, and keep the limit within one node');
  }
  if (memoryBytes(r.requests.memory)! <= 0 || memoryBytes(r.limits.memory)! > MAX_MEMORY_BYTES) {
    fail(env, `${at}.requests.memory`, `memory ${r.requests.memory} (limit ${r.limits.memory}) is outside 1 byte to 256Gi`,
      'request a positive amount, and keep the limit within one node');
  }
  if (cpuMillis(r.limits.cpu)! < cpuMillis(r.requests.cpu)!) {
    fail(env, `${at}.limits.cpu`, `limit ${r.limits.cpu} is below the request ${r.requests.cpu}`, 'raise the limit to at least the request');
  }
  if (memoryBytes(r.limits.memory)! < memoryBytes(r.requests.memory)!) {
    fail(env, `${at}.limits.memory`, `limit ${r.limits.memory} is below the request ${r.requests.memory}`, 'raise the limit to at least the request');
  }
}

/** Returns the fewest replicas the service can run with. */
function validateAutoscaling(env: string, at: string, s: ServiceSettings): number {
  const a = s.autoscaling;
  if (a === undefined) return s.replicas;
  if (a.minReplicas > a.maxReplicas) {
    fail(env, `${at}.autoscaling.minReplicas`, `minReplicas ${a.minReplicas} is above maxReplicas ${a.maxReplicas}`,
      'lower minReplicas or raise maxReplicas so that minReplicas <= maxReplicas');
  }
  return a.minReplicas;
}

function validateDisruptionBudget(env: string, at: string, s: ServiceSettings, minReplicas: number): void {
  const b = s.disruptionBudget;
  if (b === undefined) return;
  if ('maxUnavailable' in b) {
    if (b.maxUnavailable < 1) {
      fail(env, `${at}.disruptionBudget.maxUnavailable`, 'maxUnavailable 0 allows no eviction and would block node drains',
        'use maxUnavailable: 1 or more');
    }
  } else {
    if (b.minAvailable >= minReplicas) {
      fail(env, `${at}.disruptionBudget.minAvailable`,
        `minAvailable ${b.minAvailable} with ${minReplicas} replica(s) at the fewest allows no eviction and would block node drains`,
        minReplicas <= 1
          ? 'remove disruptionBudget (the default maxUnavailable: 1 never blocks drains) or run at least 2 replicas'
          : `use minAvailable: ${minReplicas - 1} or less, or run more replicas`);
    }
  }
}

function validateStrategy(env: string, at: string, s: ServiceSettings): void {
  const st = s.strategy;
  if (st === undefined || st.type === 'rolling') return;
  if (st.type === 'blueGreen') return;
  if (st.steps.length === 0) {
    fail(env, `${at}.strategy.steps`, 'a canary needs at least one step', 'add steps such as [{ weight: 20, pauseSeconds: 300 }, { weight: 50 }]');
  }
  let previous = 0;
  st.steps.forEach((step, i) => {
    if (step.weight <= previous) {
      fail(env, `${at}.strategy.steps[${i}].weight`, `weight ${step.weight} does not increase on ${previous}`, 'list steps with strictly increasing weights');
    }
    previous = step.weight;
  });
}

function validateHost(env: string, at: string, def: ServiceDefinition, s: ServiceSettings, domain: string): void {
  const isPublic = def.exposure === 'public';
  if (!isPublic) {
    if (s.host !== undefined) {
      fail(env, `${at}.host`, `service "${def.name}" is internal and gets no Ingress`, 'remove host, or set exposure: \'public\' in environments/catalog.ts');
    }
    return;
  }
  if (s.host === undefined) {
    fail(env, `${at}.host`, `public service "${def.name}" has no host`, `add a host inside ${domain}, e.g. "${def.name}.${domain}"`);
  }
  if (!(s.host === domain || s.host.endsWith(`.${domain}`)) || !s.host.split('.').every((l) => DNS_LABEL.test(l))) {
    fail(env, `${at}.host`, `${show(s.host)} is not inside the environment's domain ${domain}`,
      `use ${domain} or a name ending in ".${domain}", e.g. "${def.name}.${domain}"`);
  }
}

function validateExternalCidrs(env: string, at: string, def: ServiceDefinition, s: ServiceSettings): void {
  const declared = (def.externalDependencies ?? []).map((x) => x.name);
  for (const name of declared) {
    const cidr = s.externalCidrs?.[name];
    if (cidr === undefined) {
      fail(env, `${at}.externalCidrs.${name}`, `external dependency "${name}" has no CIDR`, `add externalCidrs: { "${name}": "<cidr>" } to services.${def.name}`);
    }
    const parsed = parseCidr(cidr);
    if (!parsed) {
      fail(env, `${at}.externalCidrs.${name}`, `${show(cidr)} is not an IPv4 CIDR`,
        `write the narrowest block that holds the endpoint as <address>/<prefix>, prefix /${EXTERNAL_CIDR_MIN_PREFIX} or longer, e.g. "172.20.10.0/24"`);
    }
    if (!isCanonical(cidr)) {
      fail(env, `${at}.externalCidrs.${name}`, `"${cidr}" has host bits set`, `use the network address of the block, "${formatCidr(parsed)}"`);
    }
    if (parsed.prefix < EXTERNAL_CIDR_MIN_PREFIX) {
      fail(env, `${at}.externalCidrs.${name}`, `"${cidr}" opens egress to ${2 ** (32 - parsed.prefix)} addresses`,
        `use the narrowest block that holds the endpoint, prefix /${EXTERNAL_CIDR_MIN_PREFIX} or longer`);
    }
    if (overlaps(parsed, parseCidr(SERVICE_IPV4_CIDR)!)) {
      fail(env, `${at}.externalCidrs.${name}`, `"${cidr}" overlaps the clusters' Service range ${SERVICE_IPV4_CIDR}`,
        'an address there is a ClusterIP inside the cluster; use the endpoint\'s real network');
    }
  }
  for (const name of Object.keys(s.externalCidrs ?? {})) {
    if (!declared.includes(name)) {
      fail(env, `${at}.externalCidrs.${name}`, `"${name}" is not an external dependency of "${def.name}"`,
        `declare it in externalDependencies of "${def.name}" in environments/catalog.ts, or remove it`);
    }
  }
}
