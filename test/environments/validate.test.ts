import { buildPlatform, defaultInput, type PlatformInput } from '../../environments/load';
import type { EnvironmentConfig } from '../../environments/types';

/** The repository's input with one environment's config replaced. */
function withEnv(name: string, change: (e: EnvironmentConfig) => EnvironmentConfig): PlatformInput {
  const input = defaultInput();
  return { ...input, environments: input.environments.map((e) => (e.name === name ? change(e) : e)) };
}

test('the repository config is valid and frozen', () => {
  const platform = buildPlatform(defaultInput());
  expect(platform.environments.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
  expect(Object.isFrozen(platform.environments[0].services[0])).toBe(true);
});

test.each<[string, PlatformInput, string]>([
  ['a CIDR prefix out of range',
    withEnv('dev', (e) => ({ ...e, network: { vpcCidr: '10.10.0.0/33' } })),
    'environment "dev", field "network.vpcCidr": "10.10.0.0/33" is not an IPv4 CIDR with a prefix from /16 to /20. Fix: use a private block such as "10.10.0.0/16"'],
  ['overlapping VPCs',
    withEnv('staging', (e) => ({ ...e, network: { vpcCidr: '10.10.0.0/16' } })),
    'environment "staging", field "network.vpcCidr": 10.10.0.0/16 overlaps dev\'s 10.10.0.0/16. Fix: choose a VPC block that overlaps no other environment (peering and transit routing need distinct ranges)'],
  ['an availability zone outside the region',
    withEnv('prod', (e) => ({ ...e, aws: { ...e.aws, availabilityZones: ['us-west-2a', 'eu-west-1b'] } })),
    'environment "prod", field "aws.availabilityZones[1]": "eu-west-1b" is not a zone of region us-west-2. Fix: use zones such as "us-west-2a", "us-west-2b"'],
  ['an account id that is a number',
    withEnv('dev', (e) => ({ ...e, aws: { ...e.aws, accountId: 222222222222 as unknown as string } })),
    'environment "dev", field "aws.accountId": 222222222222 is not valid. Fix: use the 12-digit AWS account id, as a string'],
  ['an unsupported Kubernetes version',
    withEnv('staging', (e) => ({ ...e, cluster: { ...e.cluster, kubernetesVersion: '1.19' as never } })),
    'environment "staging", field "cluster.kubernetesVersion": "1.19" is not a supported version. Fix: use one of 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35'],
  ['settings for a service that is not in the catalog',
    withEnv('dev', (e) => ({ ...e, services: { ...e.services, checkout: e.services.web } })),
    'environment "dev", field "services.checkout": "checkout" is not a service of the catalog. Fix: add it to environments/catalog.ts or remove it (known: web, api, worker)'],
  ['a workspace that breaks the naming rules',
    withEnv('prod', (e) => ({ ...e, terraformCloud: { ...e.terraformCloud, workspace: 'prod' } })),
    'environment "prod", field "terraformCloud.workspace": "prod" does not follow the naming rules. Fix: use terraformWorkspaceName("prod") = "platform-prod"'],
  ['the image tag latest',
    { ...defaultInput(), versions: { ...defaultInput().versions, dev: { web: 'latest' } } },
    'environment "dev", field "environments/versions/dev.json: web": "latest" is not a pinned image tag. Fix: use an immutable release tag such as "1.4.2" or a digest "sha256:<64 hex>", never "latest"'],
  ['two public services on one host',
    (() => {
      const input = withEnv('prod', (e) => ({ ...e, services: { ...e.services, api: { ...e.services.api, host: e.services.web.host } } }));
      const publicApi = input.catalog.map((d) => (d.name === 'api' ? { ...d, exposure: 'public' as const } : d));
      const hosts = (e: EnvironmentConfig) => (e.name === 'prod' ? e : { ...e, services: { ...e.services, api: { ...e.services.api, host: `api.${e.dns.domain}` } } });
      return { ...input, catalog: publicApi, environments: input.environments.map(hosts) };
    })(),
    'environment "prod", field "services.api.host": "www.shop.example.com" is also the host of web. Fix: give every public service its own host'],
  ['a zero CPU request',
    withEnv('dev', (e) => ({ ...e, services: { ...e.services, web: { ...e.services.web, resources: { ...e.services.web.resources, requests: { cpu: '0m', memory: '128Mi' } } } } })),
    'environment "dev", field "services.web.resources.requests.cpu": CPU 0m (limit 500m) is outside 1m to 64 cores. Fix: request a positive amount, and keep the limit within one node'],
  ['a memory limit no node has',
    withEnv('dev', (e) => ({ ...e, services: { ...e.services, web: { ...e.services.web, resources: { ...e.services.web.resources, limits: { cpu: '500m', memory: '1Ti' } } } } })),
    'environment "dev", field "services.web.resources.requests.memory": memory 128Mi (limit 1Ti) is outside 1 byte to 256Gi. Fix: request a positive amount, and keep the limit within one node'],
  ['a service named like a platform folder',
    { ...defaultInput(), catalog: defaultInput().catalog.map((s) => (s.name === 'worker' ? { ...s, name: 'argocd' } : s)) },
    'environment "*", field "catalog[2].name": "argocd" is the name of a platform folder in dist/k8s/<env>/. Fix: choose another name (reserved: argocd, namespaces, platform-secrets, platform-certificates, platform-monitoring, platform-policies)'],
])('%s stops the render with a message naming environment, field and fix', (_, input, message) => {
  expect(() => buildPlatform(input)).toThrow(message);
});
