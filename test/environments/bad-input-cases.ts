/**
 * Issue 6, part 1: bad input as a user makes it. Each case edits one file of a repository copy,
 * runs `npm run synth` as the task does (cli/launch.cjs, whose bundle must notice the edit; a few
 * cases run apps/synth.ts through tsx instead) and expects exit 1, exactly one line naming environment,
 * field and fix, no stack trace, nothing on stdout, and the copy's dist/ byte for byte as it was.
 *
 * Edits use stable snippets of the current config files (regexes, JSON edits), so that services
 * and infrastructure fields added by other work do not break the table.
 *
 * The table lives here; two test files run halves of it (environment files / the rest), so that
 * two jest workers share its ~55 renders.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, copyRepo, ROOT, runTsx } from '../helpers/repo';
import { bytesDiffer, escapeRe, readBytes, replaceOnce, rewrite, runSynth } from '../helpers/repo-edits';

/** The first service of the catalog: the one every case about services edits. */
const SERVICE = /name: '([a-z0-9-]+)'/.exec(readFileSync(join(ROOT, 'environments/catalog.ts'), 'utf8'))![1];
const S = escapeRe(SERVICE);

type Change = (text: string) => string | null;

/** A regex replacement of the first match. */
const sub = (from: RegExp | string, to: string | ((m: string, ...g: string[]) => string)): Change => (t) => replaceOnce(t, from, to);

/** A replacement inside the settings of SERVICE in `services` of an environment file. */
const inService = (from: RegExp, to: string): Change => (t) => {
  const start = t.search(new RegExp(`\\n\\s+services: \\{[\\s\\S]*?\\n\\s+(${S}|'${S}'): \\{`));
  if (start < 0) throw new Error(`no services.${SERVICE} block`);
  const at = t.indexOf(`${SERVICE}`, t.indexOf('services: {', start));
  return t.slice(0, at) + replaceOnce(t.slice(at), from, to);
};

/** An edit of a parsed versions file. */
const json = (change: (o: Record<string, unknown>) => unknown): Change => (t) => `${JSON.stringify(change(JSON.parse(t)), null, 2)}\n`;

/** The first catalog entry, as text (`{ name: ... }` up to its closing brace at entry indentation). */
const firstEntry = (t: string): string => {
  const m = new RegExp(`\\n( +)\\{\\s*\\n?\\s*name: '${S}'[\\s\\S]*?\\n\\1\\},?`).exec(t)
    ?? new RegExp(`\\n( +)\\{ name: '${S}'.*\\},?`).exec(t);
  if (!m) throw new Error('first catalog entry not found');
  return m[0].replace(/,$/, '');
};

export interface BadInput {
  /** What the user got wrong. */
  readonly name: string;
  /** File of the repository edited. */
  readonly file: string;
  /** The edit. */
  readonly change: Change;
  /** Environment the message must name (`*` for shared config and the catalog). */
  readonly env: string;
  /** Field the message must name; a RegExp where an index depends on the catalog's size. */
  readonly field: string | RegExp;
  /** The exact message after `Fix:` or the whole line, where stable. */
  readonly exact?: string;
  /** Run with --verbose: the stack trace must follow the line. */
  readonly verbose?: boolean;
  /** Run the TypeScript entry point through tsx instead of `npm run synth`'s bundle. */
  readonly tsx?: boolean;
}

export const CASES: BadInput[] = [
  // --- environments: AWS account, region, zones -------------------------------------------------
  {
    name: 'account id of the wrong type (number)',
    file: 'environments/dev.ts',
    env: 'dev',
    field: 'aws.accountId',
    change: sub(/accountId: '(\d+)'/, 'accountId: $1'),
    tsx: true,
    exact: 'error: environment "dev", field "aws.accountId": 222222222222 is not valid. Fix: use the 12-digit AWS account id, as a string\n',
  },
  {
    name: 'account id with 11 digits',
    file: 'environments/staging.ts',
    env: 'staging',
    field: 'aws.accountId',
    change: sub(/accountId: '\d(\d+)'/, "accountId: '$1'"),
  },
  {
    name: 'region that is no region',
    file: 'environments/prod.ts',
    env: 'prod',
    field: 'aws.region',
    change: sub(/region: '[^']+'/, "region: 'uswest2'"),
    exact: 'error: environment "prod", field "aws.region": "uswest2" is not valid. Fix: use an AWS region name such as "us-west-2"\n',
  },
  {
    name: 'availability zone outside the region',
    file: 'environments/dev.ts',
    env: 'dev',
    field: 'aws.availabilityZones[1]',
    change: sub(/(availabilityZones: \['[^']+', )'[^']+'/, "$1'eu-west-1b'"),
    exact: 'error: environment "dev", field "aws.availabilityZones[1]": "eu-west-1b" is not a zone of region us-west-2. Fix: use zones such as "us-west-2a", "us-west-2b"\n',
  },
  {
    name: 'a single availability zone',
    file: 'environments/dev.ts',
    env: 'dev',
    field: 'aws.availabilityZones',
    change: sub(/availabilityZones: \[('[^']+')[^\]]*\]/, 'availabilityZones: [$1]'),
  },
  {
    name: 'the same zone twice',
    file: 'environments/staging.ts',
    env: 'staging',
    field: 'aws.availabilityZones[1]',
    change: sub(/availabilityZones: \[('[^']+'), '[^']+'/, 'availabilityZones: [$1, $1'),
  },
  {
    name: 'zones of the wrong type (string)',
    file: 'environments/prod.ts',
    env: 'prod',
    field: 'aws.availabilityZones',
    change: sub(/availabilityZones: \[('[^']+')[^\]]*\]/, 'availabilityZones: $1'),
  },

  // --- environments: network --------------------------------------------------------------------
  {
    name: 'CIDR prefix too long (/24)',
    file: 'environments/staging.ts',
    env: 'staging',
    field: 'network.vpcCidr',
    change: sub(/vpcCidr: '([\d.]+)\/\d+'/, "vpcCidr: '$1/24'"),
    exact: 'error: environment "staging", field "network.vpcCidr": "10.20.0.0/24" is not an IPv4 CIDR with a prefix from /16 to /20. Fix: use a private block such as "10.10.0.0/16"\n',
  },
  {
    name: 'CIDR prefix out of range (/33)',
    file: 'environments/dev.ts',
    env: 'dev',
    field: 'network.vpcCidr',
    change: sub(/vpcCidr: '([\d.]+)\/\d+'/, "vpcCidr: '$1/33'"),
  },
  {
    name: 'CIDR of the wrong type (number)',
    file: 'environments/prod.ts',
    env: 'prod',
    field: 'network.vpcCidr',
    change: sub(/vpcCidr: '[^']+'/, 'vpcCidr: 10'),
  },
  {
    name: 'CIDR with host bits set',
    file: 'environments/prod.ts',
    env: 'prod',
    field: 'network.vpcCidr',
    change: sub(/vpcCidr: '(\d+)\.(\d+)\.0\.0\/16'/, "vpcCidr: '$1.$2.4.0/16'"),
    exact: 'error: environment "prod", field "network.vpcCidr": "10.30.4.0/16" has host bits set. Fix: use the network address of the block, e.g. "10.10.0.0/16"\n',
  },
  {
    name: 'VPC in a public range',
    file: 'environments/dev.ts',
    env: 'dev',
    field: 'network.vpcCidr',
    change: sub(/vpcCidr: '[^']+'/, "vpcCidr: '8.8.0.0/16'"),
    exact: 'error: environment "dev", field "network.vpcCidr": "8.8.0.0/16" is not a private (RFC 1918) range. Fix: use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, e.g. "10.10.0.0/16"\n',
  },
  {
    name: 'VPCs of two environments overlap',
    file: 'environments/staging.ts',
    env: 'staging',
    field: 'network.vpcCidr',
    change: sub(/vpcCidr: '[^']+'/, "vpcCidr: '10.10.128.0/17'"),
    exact: 'error: environment "staging", field "network.vpcCidr": 10.10.128.0/17 overlaps dev\'s 10.10.0.0/16. Fix: choose a VPC block that overlaps no other environment (peering and transit routing need distinct ranges)\n',
  },

  // --- environments: cluster, DNS, Terraform Cloud, name ----------------------------------------
  {
    name: 'unsupported Kubernetes version',
    file: 'environments/dev.ts',
    env: 'dev',
    field: 'cluster.kubernetesVersion',
    change: sub(/kubernetesVersion: '[^']+'/, "kubernetesVersion: '1.26'"),
    exact: 'error: environment "dev", field "cluster.kubernetesVersion": "1.26" is not a supported version. Fix: use one of 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35\n',
  },
  {
    name: 'Kubernetes version of the wrong type (number)',
    file: 'environments/prod.ts',
    env: 'prod',
    field: 'cluster.kubernetesVersion',
    change: sub(/kubernetesVersion: '([^']+)'/, 'kubernetesVersion: $1'),
  },
  {
    name: 'cluster name starting with a digit',
    file: 'environments/staging.ts',
    env: 'staging',
    field: 'cluster.name',
    change: sub(/(cluster: \{\s*name: )'[^']+'/, "$1'1-cluster'"),
  },
  {
    name: 'two environments share a cluster name',
    file: 'environments/prod.ts',
    env: 'prod',
    field: 'cluster.name',
    change: sub(/(cluster: \{\s*name: )'[^']+'/, "$1'platform-staging'"),
    exact: 'error: environment "prod", field "cluster.name": "platform-staging" is also the cluster name of staging. Fix: give each environment its own cluster name\n',
  },
  {
    name: 'domain with an underscore',
    file: 'environments/dev.ts',
    env: 'dev',
    field: 'dns.domain',
    change: sub(/domain: '[^']+'/, "domain: 'dev_shop.example.com'"),
    exact: 'error: environment "dev", field "dns.domain": "dev_shop.example.com" is not valid. Fix: use a lower-case DNS name such as "dev.shop.example.com"\n',
  },
  {
    name: 'domain in upper case without a dot',
    file: 'environments/prod.ts',
    env: 'prod',
    field: 'dns.domain',
    change: sub(/domain: '[^']+'/, "domain: 'SHOP'"),
  },
  {
    name: 'workspace not following the naming rules',
    file: 'environments/staging.ts',
    env: 'staging',
    field: 'terraformCloud.workspace',
    change: sub(/terraformWorkspaceName\('staging'\)/, "'staging'"),
    exact: 'error: environment "staging", field "terraformCloud.workspace": "staging" does not follow the naming rules. Fix: use terraformWorkspaceName("staging") = "platform-staging"\n',
  },
  {
    name: 'workspace of another environment',
    file: 'environments/prod.ts',
    env: 'prod',
    field: 'terraformCloud.workspace',
    change: sub(/terraformWorkspaceName\('prod'\)/, "terraformWorkspaceName('dev')"),
  },
  {
    name: 'Terraform Cloud organization with a space',
    file: 'environments/dev.ts',
    env: 'dev',
    field: 'terraformCloud.organization',
    change: sub(/organization: [^,]+,/, "organization: 'acme platform',"),
  },
  {
    name: 'unknown environment name',
    file: 'environments/staging.ts',
    env: 'qa',
    field: 'name',
    change: sub(/name: 'staging'/, "name: 'qa'"),
  },

  // --- shared config ------------------------------------------------------------------------------
  {
    name: 'registry account id with letters',
    file: 'environments/shared.ts',
    env: '*',
    field: 'registry.accountId',
    change: sub(/accountId: '[^']+'/, "accountId: '11111111111a'"),
    verbose: true,
    tsx: true,
  },
  {
    name: 'registry region of the wrong type',
    file: 'environments/shared.ts',
    env: '*',
    field: 'registry.region',
    change: sub(/region: '[^']+'/, 'region: 2'),
  },

  // --- the catalog ----------------------------------------------------------------------------------
  {
    name: 'service name that is no DNS-1123 label',
    file: 'environments/catalog.ts',
    env: '*',
    field: /^catalog\[\d+\]\.name$/,
    change: sub(new RegExp(`name: '${S}'`), "name: 'Web_Shop'"),
  },
  {
    name: 'service name longer than 63 characters',
    file: 'environments/catalog.ts',
    env: '*',
    field: /^catalog\[\d+\]\.name$/,
    change: sub(new RegExp(`name: '${S}'`), `name: '${'a'.repeat(64)}'`),
  },
  {
    name: 'namespace that is no DNS-1123 label',
    file: 'environments/catalog.ts',
    env: '*',
    field: /^catalog\[\d+\]\.namespace$/,
    change: sub(/namespace: '[^']+'/, "namespace: 'shop.eu'"),
  },
  {
    name: 'the same service twice',
    file: 'environments/catalog.ts',
    env: '*',
    field: /^catalog\[\d+\]\.name$/,
    change: (t) => replaceOnce(t, /\n\];/, `${firstEntry(t)},\n];`),
  },
  {
    name: 'port out of range (70000)',
    file: 'environments/catalog.ts',
    env: '*',
    field: /^catalog\[\d+\]\.port$/,
    change: sub(/port: \d+/, 'port: 70000'),
  },
  {
    name: 'privileged port (80)',
    file: 'environments/catalog.ts',
    env: '*',
    field: /^catalog\[\d+\]\.port$/,
    change: sub(/port: \d+/, 'port: 80'),
  },
  {
    name: 'port of the wrong type (string)',
    file: 'environments/catalog.ts',
    env: '*',
    field: /^catalog\[\d+\]\.port$/,
    change: sub(/port: (\d+)/, "port: '$1'"),
    verbose: true,
  },

  // --- per-environment service settings ---------------------------------------------------------
  {
    name: 'settings for a service the catalog does not know',
    file: 'environments/dev.ts',
    env: 'dev',
    field: 'services.ghost',
    change: sub(/services: \{/, "services: {\n    ghost: { replicas: 1, resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } },"),
  },
  {
    name: 'zero replicas',
    file: 'environments/dev.ts',
    env: 'dev',
    field: `services.${SERVICE}.replicas`,
    change: inService(/replicas: \d+/, 'replicas: 0'),
  },
  {
    name: 'replicas of the wrong type (string)',
    file: 'environments/staging.ts',
    env: 'staging',
    field: `services.${SERVICE}.replicas`,
    change: inService(/replicas: (\d+)/, "replicas: '$1'"),
  },
  {
    name: 'CPU that is no quantity',
    file: 'environments/prod.ts',
    env: 'prod',
    field: `services.${SERVICE}.resources.requests.cpu`,
    change: inService(/requests: \{ cpu: '[^']+'/, "requests: { cpu: 'half'"),
  },
  {
    name: 'memory limit below the request (impossible)',
    file: 'environments/staging.ts',
    env: 'staging',
    field: `services.${SERVICE}.resources.limits.memory`,
    change: inService(/limits: \{ cpu: '([^']+)', memory: '[^']+'/, "limits: { cpu: '$1', memory: '1Mi'"),
  },
  {
    name: 'CPU limit below the request (impossible)',
    file: 'environments/dev.ts',
    env: 'dev',
    field: `services.${SERVICE}.resources.limits.cpu`,
    change: inService(/limits: \{ cpu: '[^']+'/, "limits: { cpu: '1m'"),
  },

  // --- fields added with the services and infrastructure work (cases follow the current files) -------
  {
    name: 'unknown dependency',
    file: 'environments/catalog.ts',
    env: '*',
    field: /^catalog\[\d+\]\.dependencies\[0\]$/,
    change: sub(/dependencies: \['[^']+'/, "dependencies: ['ghost'"),
  },
  {
    name: 'a service depending on itself',
    file: 'environments/catalog.ts',
    env: '*',
    field: /^catalog\[\d+\]\.dependencies\[0\]$/,
    change: (t) => {
      const name = /name: '([a-z0-9-]+)'[\s\S]*?dependencies: \['/.exec(t)![1];
      return replaceOnce(t, /dependencies: \['[^']+'/, `dependencies: ['${name}'`);
    },
  },
  {
    name: 'impossible autoscaling bounds (min above max)',
    file: 'environments/prod.ts',
    env: 'prod',
    field: /^services\.[a-z0-9-]+\.autoscaling\.minReplicas$/,
    change: sub(/autoscaling: \{ minReplicas: \d+, maxReplicas: (\d+)/, (_, max) => `autoscaling: { minReplicas: ${Number(max) + 1}, maxReplicas: ${max}`),
  },
  {
    name: 'node group sizes out of order',
    file: 'environments/dev.ts',
    env: 'dev',
    field: /^cluster\.nodeGroups\[0\]\.\w+Size$/,
    change: sub(/minSize: \d+(,\s*)maxSize: (\d+)/, (_, sep, max) => `minSize: ${Number(max) + 1}${sep}maxSize: ${max}`),
  },
  {
    name: 'cluster API open to the whole internet',
    file: 'environments/dev.ts',
    env: 'dev',
    field: 'cluster.publicAccessCidrs[0]',
    change: sub(/publicAccessCidrs: \['[^']+'/, "publicAccessCidrs: ['0.0.0.0/0'"),
  },
  {
    name: 'spot capacity in production',
    file: 'environments/prod.ts',
    env: 'prod',
    field: /^cluster\.nodeGroups\[\d+\]\.capacityType$/,
    change: sub(/capacityType: 'ON_DEMAND'/, "capacityType: 'SPOT'"),
  },
  {
    name: 'admin role of another account',
    file: 'environments/staging.ts',
    env: 'staging',
    field: 'cluster.adminRoleArns[0]',
    change: sub(/arn:aws:iam::\d{12}:role/, 'arn:aws:iam::999999999999:role'),
  },
  {
    name: 'host outside the environment\'s domain',
    file: 'environments/staging.ts',
    env: 'staging',
    field: /^services\.[a-z0-9-]+\.host$/,
    change: sub(/host: '[^']+'/, "host: 'www.example.org'"),
  },

  // --- versions files -------------------------------------------------------------------------------
  {
    name: 'versions file that is not valid JSON',
    file: 'environments/versions/staging.json',
    env: 'staging',
    field: 'environments/versions/staging.json',
    change: (t) => t.replace(/\}\s*$/, ',\n'),
  },
  {
    name: 'versions file missing',
    file: 'environments/versions/dev.json',
    env: 'dev',
    field: 'environments/versions/dev.json',
    change: () => null,
    exact: 'error: environment "dev", field "environments/versions/dev.json": the versions file is missing. Fix: create environments/versions/dev.json with one "<service>": "<tag>" entry per service\n',
  },
  {
    name: 'versions file that is a list',
    file: 'environments/versions/prod.json',
    env: 'prod',
    field: 'environments/versions/prod.json',
    change: json((o) => Object.values(o)),
  },
  {
    name: 'missing image tag',
    file: 'environments/versions/prod.json',
    env: 'prod',
    field: `environments/versions/prod.json: ${SERVICE}`,
    change: json(({ [SERVICE]: _, ...rest }) => rest),
  },
  {
    name: '"latest" image tag',
    file: 'environments/versions/dev.json',
    env: 'dev',
    field: `environments/versions/dev.json: ${SERVICE}`,
    change: json((o) => ({ ...o, [SERVICE]: 'latest' })),
    exact: `error: environment "dev", field "environments/versions/dev.json: ${SERVICE}": "latest" is not a pinned image tag. Fix: use an immutable release tag such as "1.4.2" or a digest "sha256:<64 hex>", never "latest"\n`,
  },
  {
    name: 'image tag of the wrong type (number)',
    file: 'environments/versions/staging.json',
    env: 'staging',
    field: `environments/versions/staging.json: ${SERVICE}`,
    change: json((o) => ({ ...o, [SERVICE]: 1.4 })),
  },
  {
    name: 'image tag with a space',
    file: 'environments/versions/prod.json',
    env: 'prod',
    field: `environments/versions/prod.json: ${SERVICE}`,
    change: json((o) => ({ ...o, [SERVICE]: '1.4 rc1' })),
  },
  {
    name: 'tag for a service the catalog does not know',
    file: 'environments/versions/dev.json',
    env: 'dev',
    field: 'environments/versions/dev.json: ghost',
    change: json((o) => ({ ...o, ghost: '1.0.0' })),
  },
];

const LINE = /^error: environment "([^"]*)", field "([^"]*)": (.+)\. Fix: (.+)\n$/;

/** Runs `cases` as a table of tests against one repository copy. */
export function badInputTable(cases: readonly BadInput[]): void {
  let repo: string;
  let committed: Map<string, Buffer>;
  beforeAll(() => {
    repo = copyRepo();
    committed = readBytes(join(repo, 'dist'));
  });
  afterAll(cleanupTemp);

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const restore = rewrite(repo, c.file, c.change);
    let r;
    try {
      r = c.tsx ? runTsx(repo, 'apps/synth.ts', c.verbose ? ['--verbose'] : []) : runSynth(repo, c.verbose ? ['--verbose'] : []);
    } finally {
      restore();
    }
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 1, stdout: '' });
    const [first, ...trace] = r.stderr.split(/(?<=\n)/);
    const m = LINE.exec(first);
    if (!m) throw new Error(`not one "error: environment ..., field ...: ... Fix: ..." line:\n${r.stderr}`);
    expect(m[1]).toBe(c.env);
    if (typeof c.field === 'string') expect(m[2]).toBe(c.field);
    else expect(m[2]).toMatch(c.field);
    expect(m[4].length).toBeGreaterThan(5);
    if (c.exact) expect(first).toBe(c.exact);
    if (c.verbose) {
      expect(trace.join('')).toMatch(/^\w*Error: .*\n {4}at /);
    } else {
      expect(trace).toEqual([]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(bytesDiffer(committed, readBytes(join(repo, 'dist')))).toEqual([]);
    expect(readBytes(join(repo, 'dist')).size).toBe(committed.size);
  });
}

/** The files of the first half of the table. */
export const BAD_INPUT_ENV_FILES: readonly string[] = ['environments/dev.ts', 'environments/staging.ts', 'environments/shared.ts'];
