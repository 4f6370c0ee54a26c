/**
 * Hostile and careless inputs, each built as data from the repository's own input and refused at
 * load time with one line naming environment, field and fix. The expected lines are exact: the
 * rules table of README quotes them (`npx jest test/environments/safety-rules.test.ts`). Cases
 * pick environments by tier and services by what they declare, never by today's names.
 */
import { buildPlatform, defaultInput, type PlatformInput } from '../../environments/load';
import { reservedNamespaces } from '../../environments/naming';
import { gitops } from '../../environments/platform';
import type { EnvironmentConfig, ServiceDefinition } from '../../environments/types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
type Env = Mutable<EnvironmentConfig>;
type Def = Mutable<ServiceDefinition>;
interface Input { shared: PlatformInput['shared']; catalog: Def[]; environments: Env[]; versions: Record<string, Record<string, unknown>> }

const fresh = (): Input => structuredClone(defaultInput()) as unknown as Input;
const prodEnv = (i: Input) => i.environments.find((e) => e.tier === 'production')!;
const devEnv = (i: Input) => i.environments.find((e) => e.tier !== 'production')!;
/** A catalog entry with AWS permissions (the first one declaring them, else the first entry, given some). */
const aws = (i: Input): Def => {
  const d = i.catalog.find((s) => s.awsPermissions) ?? i.catalog[0];
  d.awsPermissions ??= [{ actions: ['sqs:ReceiveMessage'], resources: ['arn:aws:sqs:{region}:{account}:{env}-queue'] }];
  return d;
};
const publicDef = (i: Input) => i.catalog.find((d) => d.exposure === 'public')!;
/** A service with an external dependency in every environment (the first one declaring one). */
const external = (i: Input) => i.catalog.find((d) => d.externalDependencies?.length)!;
/** The first environment by promotion order, checked first. */
const first = (i: Input) => i.environments[0];

function refusal(i: Input): string {
  try {
    buildPlatform(i as unknown as PlatformInput);
  } catch (e) {
    return (e as Error).message;
  }
  return '(accepted)';
}

interface Case { name: string; change: (i: Input) => void; message: (i: Input) => string }

const cases: Case[] = [
  // --- strings that would reach Terraform -------------------------------------------------------
  {
    name: 'an IAM resource that closes the JSON string and adds a statement',
    change: (i) => { aws(i).awsPermissions![0].resources = ['arn:x"]}, {"Effect" = "Allow", "Action" = "*", "Resource" = ["*']; },
    message: (i) => `environment "${first(i).name}", field "catalog "${aws(i).name}".awsPermissions[0].resources[0]": "arn:x"]}, {"Effect" = "Allow", "Action" = "*", "Resource" = ["*" is not an ARN of partition aws. Fix: write arn:aws:<service>:<region>:<account>:<resource>, with the placeholders {account}, {region} and {env}; never "*"`,
  },
  {
    name: 'a node-group label value with a Terraform expression',
    change: (i) => { first(i).cluster.nodeGroups[0].labels = { pool: '${base64encode(file("/etc/passwd"))}' }; },
    message: (i) => `environment "${first(i).name}", field "cluster.nodeGroups[0].labels.pool": "\${base64encode(file("/etc/passwd"))}" is not a Kubernetes label value: it is not up to 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit. Fix: use a value such as "general"`,
  },
  {
    name: 'a node-group label key with a template directive',
    change: (i) => { first(i).cluster.nodeGroups[0].labels = { '%{if true}x%{endif}': 'a' }; },
    message: (i) => `environment "${first(i).name}", field "cluster.nodeGroups[0].labels.%{if true}x%{endif}": "%{if true}x%{endif}" is not a Kubernetes label key: its name "%{if true}x%{endif}" is not 1-63 letters, digits, "-", "_" or "." starting and ending with a letter or digit. Fix: use a key such as "example.com/pool" or "pool"`,
  },
  {
    name: 'a taint value with a Terraform expression',
    change: (i) => { first(i).cluster.nodeGroups[0].taints = [{ key: 'dedicated', value: '${path.cwd}', effect: 'NO_SCHEDULE' }]; },
    message: (i) => `environment "${first(i).name}", field "cluster.nodeGroups[0].taints[0].value": "\${path.cwd}" is not a Kubernetes taint value: it is not up to 63 letters, digits, "-", "_" or "." starting and ending with a letter or digit. Fix: use a value such as "true"`,
  },
  {
    name: 'a label under the kubernetes.io prefix',
    change: (i) => { first(i).cluster.nodeGroups[0].labels = { 'node-role.kubernetes.io/admin': 'true' }; },
    message: (i) => `environment "${first(i).name}", field "cluster.nodeGroups[0].labels.node-role.kubernetes.io/admin": "node-role.kubernetes.io/admin" is not a Kubernetes label key: the prefix "node-role.kubernetes.io" is reserved for Kubernetes. Fix: use a key such as "example.com/pool" or "pool"`,
  },

  // --- IAM grammar --------------------------------------------------------------------------------
  ...['*', 'iam:*', 'iam:PassRole', 'sts:AssumeRole'].map((action): Case => ({
    name: `the sensitive action ${action} without a justification`,
    change: (i) => { aws(i).awsPermissions![0].actions = [action]; },
    message: (i) => `environment "${first(i).name}", field "catalog "${aws(i).name}".awsPermissions[0].actions[0]": "${action}" grants power over identities or everything. Fix: name the specific actions, or add justification: "<why>" to the statement (reviewers see it)`,
  })),
  {
    name: 'an action that is not service:Action',
    change: (i) => { aws(i).awsPermissions![0].actions = ['GetObject']; },
    message: (i) => `environment "${first(i).name}", field "catalog "${aws(i).name}".awsPermissions[0].actions[0]": "GetObject" is not an IAM action of the form service:Action. Fix: name actions such as "s3:GetObject" (wildcards only inside the action name, e.g. "s3:Get*")`,
  },
  {
    name: 'every action of a service',
    change: (i) => { aws(i).awsPermissions![0].actions = ['s3:*']; },
    message: (i) => `environment "${first(i).name}", field "catalog "${aws(i).name}".awsPermissions[0].actions[0]": "s3:*" grants every action of the service. Fix: name the specific actions such as "s3:GetObject", never "s3:*"`,
  },
  {
    name: 'the resource * alone',
    change: (i) => { aws(i).awsPermissions![0].resources = ['*']; },
    message: (i) => `environment "${first(i).name}", field "catalog "${aws(i).name}".awsPermissions[0].resources[0]": "*" is not an ARN of partition aws. Fix: write arn:aws:<service>:<region>:<account>:<resource>, with the placeholders {account}, {region} and {env}; never "*"`,
  },
  {
    name: 'an ARN of another partition',
    change: (i) => { aws(i).awsPermissions![0].resources = ['arn:aws-cn:s3:::bucket']; },
    message: (i) => `environment "${first(i).name}", field "catalog "${aws(i).name}".awsPermissions[0].resources[0]": "arn:aws-cn:s3:::bucket" is not an ARN of partition aws. Fix: write arn:aws:<service>:<region>:<account>:<resource>, with the placeholders {account}, {region} and {env}; never "*"`,
  },
  {
    name: 'an ARN of another account',
    change: (i) => { aws(i).awsPermissions![0].resources = ['arn:aws:sqs:{region}:999999999999:queue']; },
    message: (i) => `environment "${first(i).name}", field "catalog "${aws(i).name}".awsPermissions[0].resources[0]": "arn:aws:sqs:${first(i).aws.region}:999999999999:queue" names account 999999999999, not the environment's ${first(i).aws.accountId}. Fix: use the placeholder {account}`,
  },
  {
    name: 'a placeholder that is not one',
    change: (i) => { aws(i).awsPermissions![0].resources = ['arn:aws:sqs:{region}:{account}:{stage}-queue']; },
    message: (i) => `environment "${first(i).name}", field "catalog "${aws(i).name}".awsPermissions[0].resources[0]": "arn:aws:sqs:${first(i).aws.region}:${first(i).aws.accountId}:{stage}-queue" is not an ARN of partition aws. Fix: write arn:aws:<service>:<region>:<account>:<resource>, with the placeholders {account}, {region} and {env}; never "*"`,
  },
  {
    name: 'no admin role',
    change: (i) => { first(i).cluster.adminRoleArns = []; },
    message: (i) => `environment "${first(i).name}", field "cluster.adminRoleArns": no role can administer the cluster. Fix: list at least one role such as "arn:aws:iam::${first(i).aws.accountId}:role/platform-admin"`,
  },
  {
    name: 'an admin role listed twice',
    change: (i) => { const c = first(i).cluster; c.adminRoleArns = [c.adminRoleArns[0], c.adminRoleArns[0]]; },
    message: (i) => `environment "${first(i).name}", field "cluster.adminRoleArns[1]": "${first(i).cluster.adminRoleArns[0]}" is listed twice. Fix: list each role once (IAM role names ignore case)`,
  },
  {
    name: 'an admin role listed twice in different case',
    change: (i) => { const c = first(i).cluster; c.adminRoleArns = [c.adminRoleArns[0], c.adminRoleArns[0].replace(/role\/(.)/, (_m, x: string) => `role/${x.toUpperCase()}`)]; },
    message: (i) => `environment "${first(i).name}", field "cluster.adminRoleArns[1]": "${first(i).cluster.adminRoleArns[1]}" is listed twice. Fix: list each role once (IAM role names ignore case)`,
  },
  {
    name: 'an environment in the shared registry\'s account',
    change: (i) => {
      const e = first(i);
      const from = e.aws.accountId;
      e.aws.accountId = i.shared.registry.accountId;
      e.cluster.adminRoleArns = e.cluster.adminRoleArns.map((a) => a.replace(from, i.shared.registry.accountId));
    },
    message: (i) => `environment "${first(i).name}", field "aws.accountId": account ${i.shared.registry.accountId} is the shared registry's (shared.ts). Fix: give each environment its own AWS account, apart from the registry (a cluster there could rewrite every environment's images)`,
  },
  {
    name: 'an admin role of another account',
    change: (i) => { first(i).cluster.adminRoleArns = ['arn:aws:iam::999999999999:role/admin']; },
    message: (i) => `environment "${first(i).name}", field "cluster.adminRoleArns[0]": "arn:aws:iam::999999999999:role/admin" is not a role ARN of account ${first(i).aws.accountId}. Fix: use "arn:aws:iam::${first(i).aws.accountId}:role/<name>"`,
  },

  // --- Kubernetes names, sizes, namespaces --------------------------------------------------------
  ...['kube-system', 'kube-public', 'default', gitops.argocdNamespace, 'monitoring', 'velero'].map((ns): Case => ({
    name: `a service in the namespace ${ns}`,
    change: (i) => { i.catalog[0].namespace = ns; },
    message: () => `environment "*", field "catalog[0].namespace": "${ns}" belongs to Kubernetes or a platform add-on. Fix: run the service in a namespace of its own, not kube-* or ${reservedNamespaces(gitops.argocdNamespace).join(', ')}`,
  })),
  {
    name: 'a service name that is not a DNS-1035 label',
    change: (i) => { i.catalog[0].name = '1web'; },
    message: () => 'environment "*", field "catalog[0].name": "1web" is not valid. Fix: use a DNS-1035 label: lower-case letters, digits and "-", at most 63 characters, starting with a letter and ending with a letter or digit',
  },
  {
    name: 'a blue-green service whose preview Service name passes 63 characters',
    change: (i) => {
      const long = `s${'x'.repeat(58)}`;
      const old = i.catalog[0].name;
      i.catalog[0].name = long;
      for (const d of i.catalog) d.dependencies = d.dependencies?.map((x) => (x === old ? long : x));
      for (const e of i.environments) {
        e.services[long] = { ...e.services[old], strategy: { type: 'blueGreen', autoPromote: false } };
        delete e.services[old];
      }
      for (const v of Object.values(i.versions)) { v[long] = v[old]; delete v[old]; }
    },
    message: (i) => `environment "${first(i).name}", field "catalog "${i.catalog[0].name}".name": the preview Service name "${i.catalog[0].name}-preview" is not a DNS-1035 label of at most 63 characters. Fix: shorten the service name to at most 55 characters`,
  },
  {
    name: 'a ConfigMap over 1 MiB',
    change: (i) => { first(i).services[i.catalog[0].name].configOverrides = { BLOB: 'x'.repeat(1024 * 1024) }; },
    message: (i) => {
      const d = i.catalog[0];
      const data = { ...d.config, ...first(i).services[d.name].configOverrides };
      const bytes = Object.entries(data).reduce((n, [k, v]) => n + k.length + String(v).length, 0);
      return `environment "${first(i).name}", field "services.${d.name}.configOverrides": the ConfigMap of "${d.name}" would hold ${bytes} bytes, more than Kubernetes' 1 MiB. Fix: keep large data out of config (mount it from a volume or fetch it at start)`;
    },
  },
  {
    name: 'a catalog config over 1 MiB: the catalog entry is named, not the environment\'s overrides',
    change: (i) => { (i.catalog[0] as { config?: Record<string, unknown> }).config = { BLOB: 'x'.repeat(1024 * 1024) }; },
    message: (i) => {
      const d = i.catalog[0];
      const data = { ...d.config, ...first(i).services[d.name].configOverrides };
      const bytes = Object.entries(data).reduce((n, [k, v]) => n + k.length + String(v).length, 0);
      return `environment "${first(i).name}", field "catalog "${d.name}".config": the ConfigMap of "${d.name}" would hold ${bytes} bytes, more than Kubernetes' 1 MiB. Fix: keep large data out of config (mount it from a volume or fetch it at start)`;
    },
  },
  {
    name: 'a cache path that climbs into /etc',
    change: (i) => { i.catalog[0].cachePath = '/var/cache/../../etc'; },
    message: (i) => `environment "*", field "catalog[0].cachePath": "/var/cache/../../etc" is not in normal form (it means "/etc"). Fix: use a folder of its own such as "/var/cache/${i.catalog[0].name}"`,
  },
  {
    name: 'a cache path over the system certificates',
    change: (i) => { i.catalog[0].cachePath = '/etc/ssl'; },
    message: (i) => `environment "*", field "catalog[0].cachePath": "/etc/ssl" is inside the system folder /etc. Fix: use a folder of its own such as "/var/cache/${i.catalog[0].name}"`,
  },

  // --- across environments ------------------------------------------------------------------------
  {
    name: 'a production host inside a non-production domain',
    change: (i) => { prodEnv(i).services[publicDef(i).name].host = `${publicDef(i).name}.${devEnv(i).dns.domain}`; },
    message: (i) => `environment "${prodEnv(i).name}", field "services.${publicDef(i).name}.host": "${publicDef(i).name}.${devEnv(i).dns.domain}" is inside ${devEnv(i).name}'s domain ${devEnv(i).dns.domain}. Fix: use a host that only ${prodEnv(i).name}'s domain ${prodEnv(i).dns.domain} holds, e.g. "${publicDef(i).name}.${prodEnv(i).dns.domain}"`,
  },
  {
    name: 'a public host two labels under the domain, which the wildcard certificate does not cover',
    change: (i) => { prodEnv(i).services[publicDef(i).name].host = `a.${publicDef(i).name}.${prodEnv(i).dns.domain}`; },
    message: (i) => `environment "${prodEnv(i).name}", field "services.${publicDef(i).name}.host": "a.${publicDef(i).name}.${prodEnv(i).dns.domain}" is not covered by the environment's certificate (${prodEnv(i).dns.domain} and *.${prodEnv(i).dns.domain}). Fix: use ${prodEnv(i).dns.domain} or one label under it, e.g. "${publicDef(i).name}.${prodEnv(i).dns.domain}"`,
  },
  {
    name: 'two environments with one domain',
    change: (i) => {
      const [a, b] = [i.environments[0], i.environments[1]];
      b.dns.domain = a.dns.domain;
      for (const s of Object.values(b.services)) if (s.host) s.host = s.host.replace(/[^.]+(\..*)?$/, (m) => m.split('.')[0]) + '.' + a.dns.domain;
    },
    message: (i) => `environment "${i.environments[1].name}", field "dns.domain": "${i.environments[0].dns.domain}" is also ${i.environments[0].name}'s domain. Fix: give each environment its own domain`,
  },
  {
    name: 'two environments in one account',
    change: (i) => {
      const [a, b] = [i.environments[0], i.environments[1]];
      b.aws.accountId = a.aws.accountId;
      b.cluster.adminRoleArns = b.cluster.adminRoleArns.map((r) => r.replace(/::\d{12}:/, `::${a.aws.accountId}:`));
    },
    message: (i) => `environment "${i.environments[1].name}", field "aws.accountId": account ${i.environments[0].aws.accountId} is also ${i.environments[0].name}'s. Fix: give each environment its own AWS account (the account is the blast radius and the IAM boundary)`,
  },
  {
    name: 'an external CIDR covering the environment\'s own VPC',
    change: (i) => { first(i).services[external(i).name].externalCidrs![external(i).externalDependencies![0].name] = first(i).network.vpcCidr; },
    message: (i) => `environment "${first(i).name}", field "services.${external(i).name}.externalCidrs.${external(i).externalDependencies![0].name}": "${first(i).network.vpcCidr}" overlaps the VPC of ${first(i).name} (${first(i).network.vpcCidr}). Fix: name the block of the endpoint outside every environment's VPC (in-cluster traffic follows the catalog's dependencies)`,
  },
  {
    name: 'an external CIDR of 10.0.0.0/8',
    change: (i) => { first(i).services[external(i).name].externalCidrs![external(i).externalDependencies![0].name] = '10.0.0.0/8'; },
    message: (i) => `environment "${first(i).name}", field "services.${external(i).name}.externalCidrs.${external(i).externalDependencies![0].name}": "10.0.0.0/8" opens egress to 16777216 addresses. Fix: use the narrowest block that holds the endpoint, prefix /16 or longer`,
  },
  {
    name: 'an external CIDR with host bits set',
    change: (i) => { first(i).services[external(i).name].externalCidrs![external(i).externalDependencies![0].name] = '172.20.10.5/24'; },
    message: (i) => `environment "${first(i).name}", field "services.${external(i).name}.externalCidrs.${external(i).externalDependencies![0].name}": "172.20.10.5/24" has host bits set. Fix: use the network address of the block, "172.20.10.0/24"`,
  },
  {
    name: 'a public access CIDR listed twice',
    change: (i) => { devEnv(i).cluster.publicAccessCidrs = ['203.0.113.0/24', '203.0.113.0/24']; },
    message: (i) => `environment "${devEnv(i).name}", field "cluster.publicAccessCidrs[1]": "203.0.113.0/24" is listed twice. Fix: list each block once`,
  },
  {
    name: 'a public access CIDR with host bits set',
    change: (i) => { devEnv(i).cluster.publicAccessCidrs = ['203.0.113.7/24']; },
    message: (i) => `environment "${devEnv(i).name}", field "cluster.publicAccessCidrs[0]": "203.0.113.7/24" has host bits set. Fix: use the network address of the block, e.g. "203.0.113.0/24"`,
  },

  // --- tier ------------------------------------------------------------------------------------------
  {
    name: 'a production environment that only audits policies',
    change: (i) => { prodEnv(i).platform.policyEnforcement = 'Audit' as never; },
    message: (i) => `environment "${prodEnv(i).name}", field "platform.policyEnforcement": production only audits policy violations. Fix: use PolicyEnforcement.ENFORCE in production`,
  },
  {
    name: 'a production service that does not spread across zones',
    change: (i) => { delete prodEnv(i).services[i.catalog[0].name].spreadAcrossZones; },
    message: (i) => `environment "${prodEnv(i).name}", field "services.${i.catalog[0].name}.spreadAcrossZones": production service "${i.catalog[0].name}" is not spread across zones. Fix: set spreadAcrossZones: true (one zone's outage must not take every pod)`,
  },
  {
    name: 'an unknown tier',
    change: (i) => { first(i).tier = 'prod' as never; },
    message: (i) => `environment "${first(i).name}", field "tier": "prod" is not a tier. Fix: use "production" or "non-production"`,
  },
];

test.each(cases.map((c) => [c.name, c] as const))('%s is refused with one line naming environment, field and fix', (_, c) => {
  const input = fresh();
  c.change(input);
  expect(refusal(input)).toBe(c.message(input));
});

test('a justification admits a sensitive action, and the repository input is accepted', () => {
  const input = fresh();
  const d = aws(input);
  d.awsPermissions![0] = { ...d.awsPermissions![0], actions: ['sts:AssumeRole'], justification: 'assumes the reporting role of the data account' };
  expect(refusal(input)).toBe('(accepted)');
  expect(refusal(fresh())).toBe('(accepted)');
});

test('the tier, not the name, turns production rules on', () => {
  const input = fresh();
  const env = devEnv(input);
  env.tier = 'production';
  expect(refusal(input)).toMatch(new RegExp(`^environment "${env.name}", field "[^"]+": .+\\. Fix: .+ in production|^environment "${env.name}", field "[^"]+spreadAcrossZones"`));
});

test('one line, no newline, in every refusal', () => {
  for (const c of cases) {
    const input = fresh();
    c.change(input);
    expect(refusal(input)).not.toContain('\n');
  }
});

test('a misspelt service key of an environment names the service it meant', () => {
  const input = fresh();
  const env = first(input);
  const name = input.catalog[0].name;
  const typo = `${name}${name.slice(-1)}`;
  env.services[typo] = env.services[name];
  delete env.services[name];
  expect(refusal(input)).toBe(`environment "${env.name}", field "services.${typo}": "${typo}" is not a service of the catalog. `
    + `Fix: did you mean ${name}? (known: ${input.catalog.map((d) => d.name).join(', ')})`);
});
