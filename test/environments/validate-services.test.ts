import { buildPlatform, defaultInput, type PlatformInput } from '../../environments/load';
import type { ServiceDefinition, ServiceSettings } from '../../environments/types';

/** The repository's input with one service's settings in one environment changed. */
function withSettings(env: string, service: string, change: (s: ServiceSettings) => ServiceSettings): PlatformInput {
  const input = defaultInput();
  return {
    ...input,
    environments: input.environments.map((e) => (e.name === env ? { ...e, services: { ...e.services, [service]: change(e.services[service]) } } : e)),
  };
}

/** The repository's input with the catalog changed. */
function withCatalog(change: (c: readonly ServiceDefinition[]) => readonly ServiceDefinition[]): PlatformInput {
  const input = defaultInput();
  return { ...input, catalog: change(input.catalog) };
}

const withEntry = (name: string, change: (s: ServiceDefinition) => ServiceDefinition) =>
  withCatalog((c) => c.map((s) => (s.name === name ? change(s) : s)));

/** The repository's input with one environment's versions file replaced. */
function withVersions(env: string, change: (v: Record<string, unknown>) => Record<string, unknown>): PlatformInput {
  const input = defaultInput();
  return { ...input, versions: { ...input.versions, [env]: change({ ...input.versions[env] }) } };
}

test('the repository catalog and settings are valid', () => {
  expect(buildPlatform(defaultInput()).environments.flatMap((e) => e.services.map((s) => `${e.name}/${s.name}`))).toHaveLength(9);
});

test.each<[string, PlatformInput, string]>([
  ['a memory limit below the request',
    withSettings('dev', 'api', (s) => ({ ...s, resources: { ...s.resources, limits: { cpu: '500m', memory: '64Mi' } } })),
    'environment "dev", field "services.api.resources.limits.memory": limit 64Mi is below the request 128Mi. Fix: raise the limit to at least the request'],
  ['a CPU limit below the request',
    withSettings('prod', 'web', (s) => ({ ...s, resources: { ...s.resources, limits: { cpu: '250m', memory: '1Gi' } } })),
    'environment "prod", field "services.web.resources.limits.cpu": limit 250m is below the request 500m. Fix: raise the limit to at least the request'],
  ['the image tag latest',
    withVersions('staging', (v) => ({ ...v, worker: 'latest' })),
    'environment "staging", field "environments/versions/staging.json: worker": "latest" is not a pinned image tag. Fix: use an immutable release tag such as "1.4.2" or a digest "sha256:<64 hex>", never "latest"'],
  ['an empty tag (an untagged image)',
    withVersions('dev', (v) => ({ ...v, api: '' })),
    'environment "dev", field "environments/versions/dev.json: api": "" is not a pinned image tag. Fix: use an immutable release tag such as "1.4.2" or a digest "sha256:<64 hex>", never "latest"'],
  ['a missing tag',
    withVersions('prod', (v) => { delete v.worker; return v; }),
    'environment "prod", field "environments/versions/prod.json: worker": service "worker" has no image tag. Fix: add "worker": "<tag>" to environments/versions/prod.json'],
  ['a duplicate service',
    withCatalog((c) => [...c, { ...c[1] }]),
    'environment "*", field "catalog[3].name": service "api" is defined twice. Fix: give every service in environments/catalog.ts a unique name'],
  ['a duplicate port',
    withEntry('api', (s) => ({ ...s, metricsPort: 8080 })),
    'environment "*", field "catalog[1].metricsPort": port 8080 is used twice (http and metrics). Fix: give the metrics endpoint its own port, e.g. 9090'],
  ['a dependency on an unknown service',
    withEntry('web', (s) => ({ ...s, dependencies: ['api', 'payments'] })),
    'environment "*", field "catalog[0].dependencies[1]": "payments" is not a service of the catalog. Fix: depend only on services of environments/catalog.ts (known: web, api, worker)'],
  ['a service that depends on itself',
    withEntry('worker', (s) => ({ ...s, dependencies: ['worker'] })),
    'environment "*", field "catalog[2].dependencies[0]": service "worker" depends on itself. Fix: remove it: dependencies name other services'],
  ['HPA min above max',
    withSettings('prod', 'api', (s) => ({ ...s, autoscaling: { minReplicas: 9, maxReplicas: 8 } })),
    'environment "prod", field "services.api.autoscaling.minReplicas": minReplicas 9 is above maxReplicas 8. Fix: lower minReplicas or raise maxReplicas so that minReplicas <= maxReplicas'],
  ['an Ingress host outside the environment domain',
    withSettings('staging', 'web', (s) => ({ ...s, host: 'www.shop.example.com' })),
    'environment "staging", field "services.web.host": "www.shop.example.com" is not inside the environment\'s domain staging.shop.example.com. Fix: use staging.shop.example.com or a name ending in ".staging.shop.example.com", e.g. "web.staging.shop.example.com"'],
  ['a host that merely ends with the domain text',
    withSettings('prod', 'web', (s) => ({ ...s, host: 'evilshop.example.com' })),
    'environment "prod", field "services.web.host": "evilshop.example.com" is not inside the environment\'s domain shop.example.com. Fix: use shop.example.com or a name ending in ".shop.example.com", e.g. "web.shop.example.com"'],
  ['a public service without a host',
    withSettings('dev', 'web', (s) => ({ ...s, host: undefined })),
    'environment "dev", field "services.web.host": public service "web" has no host. Fix: add a host inside dev.shop.example.com, e.g. "web.dev.shop.example.com"'],
  ['a host on an internal service',
    withSettings('dev', 'api', (s) => ({ ...s, host: 'api.dev.shop.example.com' })),
    'environment "dev", field "services.api.host": service "api" is internal and gets no Ingress. Fix: remove host, or set exposure: \'public\' in environments/catalog.ts'],
  ['a PDB that would block drains of a 1-replica service',
    withSettings('dev', 'worker', (s) => ({ ...s, disruptionBudget: { minAvailable: 1 } })),
    'environment "dev", field "services.worker.disruptionBudget.minAvailable": minAvailable 1 with 1 replica(s) at the fewest allows no eviction and would block node drains. Fix: remove disruptionBudget (the default maxUnavailable: 1 never blocks drains) or run at least 2 replicas'],
  ['a PDB that would block drains at the fewest autoscaled replicas',
    withSettings('prod', 'web', (s) => ({ ...s, disruptionBudget: { minAvailable: 3 } })),
    'environment "prod", field "services.web.disruptionBudget.minAvailable": minAvailable 3 with 3 replica(s) at the fewest allows no eviction and would block node drains. Fix: use minAvailable: 2 or less, or run more replicas'],
  ['a PDB with maxUnavailable 0',
    withSettings('prod', 'worker', (s) => ({ ...s, disruptionBudget: { maxUnavailable: 0 } })),
    'environment "prod", field "services.worker.disruptionBudget.maxUnavailable": maxUnavailable 0 allows no eviction and would block node drains. Fix: use maxUnavailable: 1 or more'],
  ['an external dependency without a CIDR',
    withSettings('staging', 'worker', (s) => ({ ...s, externalCidrs: {} })),
    'environment "staging", field "services.worker.externalCidrs.orders-db": external dependency "orders-db" has no CIDR. Fix: add externalCidrs: { "orders-db": "<cidr>" } to services.worker'],
  ['a canary whose weights do not increase',
    withSettings('prod', 'web', (s) => ({ ...s, strategy: { type: 'canary', steps: [{ weight: 50 }, { weight: 20 }] } })),
    'environment "prod", field "services.web.strategy.steps[1].weight": weight 20 does not increase on 50. Fix: list steps with strictly increasing weights'],
  ['a config key that is not an environment variable name',
    withSettings('dev', 'web', (s) => ({ ...s, configOverrides: { 'log-level': 'debug' } })),
    'environment "dev", field "services.web.configOverrides.log-level": "log-level" is not an environment variable name. Fix: use upper-case letters, digits and "_", e.g. "LOG_LEVEL"'],
])('%s stops the render with a message naming environment, field and fix', (_, input, message) => {
  // an Error argument makes toThrow compare the whole message, not a substring
  expect(() => buildPlatform(input)).toThrow(new Error(message));
});
