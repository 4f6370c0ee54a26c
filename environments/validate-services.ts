/**
 * Load-time checks of the service catalog and of each environment's `services` settings. Every
 * problem is a ConfigError naming the environment, the field and the fix; nothing here renders.
 */
import { isCanonical, parseCidr } from './cidr';
import { PLATFORM_APP_NAMES } from './naming';
import { cpuMillis, memoryBytes } from './quantity';
import type { EnvironmentConfig, ResourceRequirements, ServiceDefinition, ServiceSettings } from './types';
import { validateCatalogSlo, validateSloOverrides } from './validate-slo';
import { DIGEST, DNS_LABEL, fail, IMAGE_TAG, requireInteger } from './validation-rules';

/** Keys of the ConfigMap become environment variables (envFrom), so they follow that grammar. */
const CONFIG_KEY = /^[A-Z_][A-Z0-9_]*$/;
const ABSOLUTE_PATH = /^\/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$/;
/** Paths the image must keep: mounting an emptyDir over them would hide the application. */
const RESERVED_PATHS = ['/', '/tmp', '/app', '/bin', '/etc', '/usr', '/lib'];
/** The default metrics port, also what `metricsPortOf` returns when the catalog leaves it out. */
export const DEFAULT_METRICS_PORT = 9090;

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

function requireLabel(env: string, field: string, value: unknown, fix: string): string {
  if (typeof value !== 'string' || !DNS_LABEL.test(value)) fail(env, field, `${show(value)} is not valid`, fix);
  return value;
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
    requireLabel('*', `${at}.name`, s.name,
      'use a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit');
    if (seen.has(s.name)) {
      fail('*', `${at}.name`, `service "${s.name}" is defined twice`, 'give every service in environments/catalog.ts a unique name');
    }
    seen.add(s.name);
    if ((PLATFORM_APP_NAMES as readonly string[]).includes(s.name)) {
      fail('*', `${at}.name`, `"${s.name}" is the name of a platform folder in dist/k8s/<env>/`,
        `choose another name (reserved: ${PLATFORM_APP_NAMES.join(', ')})`);
    }
    requireLabel('*', `${at}.namespace`, s.namespace, 'use a DNS-1123 label such as "shop"');
    requireInteger('*', `${at}.port`, s.port, 1024, 65535);
    requireInteger('*', `${at}.metricsPort`, metricsPortOf(s), 1024, 65535);
    if (metricsPortOf(s) === s.port) {
      fail('*', `${at}.metricsPort`, `port ${s.port} is used twice (http and metrics)`,
        `give the metrics endpoint its own port, e.g. ${s.port === DEFAULT_METRICS_PORT ? DEFAULT_METRICS_PORT + 1 : DEFAULT_METRICS_PORT}`);
    }
    if (s.exposure !== undefined && s.exposure !== 'public' && s.exposure !== 'internal') {
      fail('*', `${at}.exposure`, `${show(s.exposure)} is not an exposure`, 'use "public" or "internal"');
    }
    if (s.startupSeconds !== undefined) requireInteger('*', `${at}.startupSeconds`, s.startupSeconds, 5, 600);
    if (s.terminationGracePeriodSeconds !== undefined) {
      requireInteger('*', `${at}.terminationGracePeriodSeconds`, s.terminationGracePeriodSeconds, 1, 600);
    }
    if (s.cachePath !== undefined && (!ABSOLUTE_PATH.test(s.cachePath) || RESERVED_PATHS.includes(s.cachePath))) {
      fail('*', `${at}.cachePath`, `${show(s.cachePath)} is not a usable cache directory`,
        `use an absolute path of its own such as "/var/cache/${s.name}" (not ${RESERVED_PATHS.join(', ')})`);
    }
    validateConfigKeys('*', `${at}.config`, s.config);
    validateCatalogSlo(s, i);
    const externals = new Set<string>();
    (s.externalDependencies ?? []).forEach((x, j) => {
      requireLabel('*', `${at}.externalDependencies[${j}].name`, x.name, 'use a DNS-1123 label such as "orders-db"');
      if (externals.has(x.name)) {
        fail('*', `${at}.externalDependencies[${j}].name`, `"${x.name}" is listed twice`, 'list each external dependency once');
      }
      externals.add(x.name);
      requireInteger('*', `${at}.externalDependencies[${j}].port`, x.port, 1, 65535);
    });
    for (const kind of ['configMaps', 'secrets'] as const) {
      (s.kubernetesApi?.[kind] ?? []).forEach((n, j) => {
        if (typeof n !== 'string' || !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(n)) {
          fail('*', `${at}.kubernetesApi.${kind}[${j}]`, `${show(n)} is not a Kubernetes object name`, 'use the exact name of the object in the service\'s namespace');
        }
      });
    }
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

function validateConfigKeys(env: string, at: string, config: ServiceDefinition['config']): void {
  for (const [key, value] of Object.entries(config ?? {})) {
    if (!CONFIG_KEY.test(key)) {
      fail(env, `${at}.${key}`, `"${key}" is not an environment variable name`, 'use upper-case letters, digits and "_", e.g. "LOG_LEVEL"');
    }
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      fail(env, `${at}.${key}`, `${show(value)} is not a string, number or boolean`, 'write the value as a string, number or boolean');
    }
  }
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
      fail(env, `services.${name}`, `"${name}" is not a service of the catalog`,
        `add it to environments/catalog.ts or remove it (known: ${[...known].join(', ')})`);
    }
  }
  for (const name of Object.keys(versions)) {
    if (!known.has(name)) {
      fail(env, `${versionsFile}: ${name}`, `"${name}" is not a service of the catalog`, `remove it from ${versionsFile}`);
    }
  }
  const hostOwners = new Map<string, string>();
  for (const def of catalog) {
    const s = config.services?.[def.name];
    const at = `services.${def.name}`;
    if (!s) fail(env, at, `service "${def.name}" has no settings`, `add services.${def.name} to environments/${env}.ts`);
    requireInteger(env, `${at}.replicas`, s.replicas, 1, 100);
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
    validateConfigKeys(env, `${at}.configOverrides`, s.configOverrides);
    validateSloOverrides(env, at, s.sloOverrides);

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
  for (const kind of ['requests', 'limits'] as const) {
    const q = r?.[kind];
    if (cpuMillis(q?.cpu) === undefined) {
      fail(env, `${at}.${kind}.cpu`, `${show(q?.cpu)} is not a CPU quantity`, 'write CPU as millicores ("250m") or cores ("1")');
    }
    if (memoryBytes(q?.memory) === undefined) {
      fail(env, `${at}.${kind}.memory`, `${show(q?.memory)} is not a memory quantity`, 'write memory with a binary unit such as "256Mi" or "1Gi"');
    }
  }
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
  requireInteger(env, `${at}.autoscaling.minReplicas`, a.minReplicas, 1, 100);
  requireInteger(env, `${at}.autoscaling.maxReplicas`, a.maxReplicas, 1, 100);
  if (a.minReplicas > a.maxReplicas) {
    fail(env, `${at}.autoscaling.minReplicas`, `minReplicas ${a.minReplicas} is above maxReplicas ${a.maxReplicas}`,
      'lower minReplicas or raise maxReplicas so that minReplicas <= maxReplicas');
  }
  if (a.targetCpuPercent !== undefined) requireInteger(env, `${at}.autoscaling.targetCpuPercent`, a.targetCpuPercent, 10, 100);
  return a.minReplicas;
}

function validateDisruptionBudget(env: string, at: string, s: ServiceSettings, minReplicas: number): void {
  const b = s.disruptionBudget;
  if (b === undefined) return;
  const keys = Object.keys(b);
  if (keys.length !== 1 || !['maxUnavailable', 'minAvailable'].includes(keys[0])) {
    fail(env, `${at}.disruptionBudget`, `${show(b)} must set exactly one of maxUnavailable and minAvailable`,
      'write { maxUnavailable: 1 } or { minAvailable: <fewer than the replicas> }');
  }
  if ('maxUnavailable' in b) {
    requireInteger(env, `${at}.disruptionBudget.maxUnavailable`, b.maxUnavailable, 0, 100);
    if (b.maxUnavailable < 1) {
      fail(env, `${at}.disruptionBudget.maxUnavailable`, 'maxUnavailable 0 allows no eviction and would block node drains',
        'use maxUnavailable: 1 or more');
    }
  } else {
    requireInteger(env, `${at}.disruptionBudget.minAvailable`, b.minAvailable, 0, 100);
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
  if (st.type === 'blueGreen') {
    if (typeof st.autoPromote !== 'boolean') fail(env, `${at}.strategy.autoPromote`, `${show(st.autoPromote)} is not a boolean`, 'write true or false');
    return;
  }
  if (st.type !== 'canary') {
    fail(env, `${at}.strategy.type`, `${show((st as { type: unknown }).type)} is not a release strategy`, 'use "rolling", "canary" or "blueGreen"');
  }
  if (!Array.isArray(st.steps) || st.steps.length === 0) {
    fail(env, `${at}.strategy.steps`, 'a canary needs at least one step', 'add steps such as [{ weight: 20, pauseSeconds: 300 }, { weight: 50 }]');
  }
  let previous = 0;
  st.steps.forEach((step, i) => {
    requireInteger(env, `${at}.strategy.steps[${i}].weight`, step.weight, 1, 100);
    if (step.weight <= previous) {
      fail(env, `${at}.strategy.steps[${i}].weight`, `weight ${step.weight} does not increase on ${previous}`, 'list steps with strictly increasing weights');
    }
    previous = step.weight;
    if (step.pauseSeconds !== undefined) requireInteger(env, `${at}.strategy.steps[${i}].pauseSeconds`, step.pauseSeconds, 1, 86400);
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
  if (typeof s.host !== 'string' || !(s.host === domain || s.host.endsWith(`.${domain}`)) || !s.host.split('.').every((l) => DNS_LABEL.test(l))) {
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
    const parsed = typeof cidr === 'string' ? parseCidr(cidr) : undefined;
    if (!parsed || !isCanonical(cidr) || parsed.prefix < 8) {
      fail(env, `${at}.externalCidrs.${name}`, `${show(cidr)} is not a network CIDR with a prefix of /8 or longer`,
        'use the network address of the narrowest block that holds the endpoint, e.g. "10.10.96.0/20"');
    }
  }
  for (const name of Object.keys(s.externalCidrs ?? {})) {
    if (!declared.includes(name)) {
      fail(env, `${at}.externalCidrs.${name}`, `"${name}" is not an external dependency of "${def.name}"`,
        `declare it in externalDependencies of "${def.name}" in environments/catalog.ts, or remove it`);
    }
  }
}
