import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { deployment, estate, ENVS, k8sPath, network, service, stack } from './fixtures';
import { formatReport, toMarkdown } from '../../review/format';
import { diffTrees } from '../../review/report';

const GOLDEN = join(__dirname, 'golden', 'report.md');
/** `npx jest test/review --ci=false -u` (or UPDATE_GOLDEN=1) rewrites the golden file; without it a missing file fails. */
const updating = () => process.env.UPDATE_GOLDEN === '1' || (expect.getState() as any).snapshotState?._updateSnapshot === 'all';

const NEW_ACCOUNT = 'arn:aws:iam::555555555555:root';

/** The egress policy of web: DNS and api, plus `extra` rules. */
const webEgress = (extra: unknown[] = []) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'web-egress', namespace: 'shop' },
  spec: {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    policyTypes: ['Egress'],
    egress: [
      { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] },
      { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
      ...extra,
    ],
  },
});
const toWorker = { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'orders' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'worker' } } }], ports: [{ port: 8080, protocol: 'TCP' }] };

/** The registry stack: one ECR repository policy in cdktf's `jsonencode` form, letting `accounts` pull. */
const registry = (accounts: string[]) => stack('shared', {
  aws_ecr_repository_policy: {
    repository_web_policy_65641B97: {
      repository: 'platform/web',
      policy: `\${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Sid" = "EnvironmentsPull", "Effect" = "Allow", "Principal" = {"AWS" = [${accounts.map((a) => `"${a}"`).join(', ')}]}, "Action" = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]}]})}`,
    },
  },
});

/** Fixed inputs (not the repository's dist/), so that the golden file only moves when the report format does. */
function reports() {
  const base = estate({ dev: '1.5.0', staging: '1.5.0', prod: '1.4.2' });
  const head = estate({ dev: '1.5.0', staging: '1.5.0', prod: '1.5.0' }, (env, list) => {
    if (env === 'dev') list.push(service('dev', 'api'));
  });
  head.set(k8sPath('prod', 'web', deployment({ env: 'prod' })), stringify(deployment({ env: 'prod', tag: '1.5.0', replicas: 2 })));
  head.set('terraform/stacks/prod/cdk.tf.json', stack('prod', network('prod', { vpcId: 'net_vpc_0A1B2C3D' })));
  const secret = (v: string) => stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, stringData: { password: v } });
  base.set('k8s/staging/web/secret.shop.db.yaml', secret('old-password'));
  head.set('k8s/staging/web/secret.shop.db.yaml', secret('new-password'));
  // a new edge web -> worker in every environment
  for (const env of ENVS) {
    base.set(k8sPath(env, 'web', webEgress()), stringify(webEgress()));
    head.set(k8sPath(env, 'web', webEgress()), stringify(webEgress([toWorker])));
  }
  // a connection string whose host changes: its password never prints
  const config = (host: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'worker', namespace: 'orders' }, data: { DATABASE_URL: `postgres://orders:s3cr3t-pw@${host}:5432/orders` } });
  base.set(k8sPath('dev', 'worker', config('db-a')), stringify(config('db-a')));
  head.set(k8sPath('dev', 'worker', config('db-a')), stringify(config('db-b')));
  // a new account gains pull access to the registry
  const accounts = ['arn:aws:iam::222222222222:root', 'arn:aws:iam::333333333333:root', 'arn:aws:iam::444444444444:root'];
  base.set('terraform/stacks/shared/cdk.tf.json', registry(accounts));
  head.set('terraform/stacks/shared/cdk.tf.json', registry([...accounts, NEW_ACCOUNT]));
  return diffTrees(base, head, { base: 'merge-base(HEAD, main) (0123456789ab)', head: 'working tree' });
}

test('the markdown report matches the golden file', () => {
  const md = toMarkdown(reports());
  if (updating()) {
    mkdirSync(dirname(GOLDEN), { recursive: true });
    writeFileSync(GOLDEN, md);
  }
  if (!existsSync(GOLDEN)) throw new Error(`${GOLDEN} is missing: run UPDATE_GOLDEN=1 npx jest test/review/golden.test.ts and review it`);
  expect(md).toBe(readFileSync(GOLDEN, 'utf8'));
});

describe.each(['markdown', 'text', 'json'] as const)('%s report', (format) => {
  const out = formatReport(reports(), format);

  test('shows the new NetworkPolicy edge and the new registry account line by line', () => {
    // diff lines: indented in markdown and text, the `lines` of each change in JSON
    const lines = format === 'json'
      ? JSON.parse(out).changes.flatMap((c: { lines: string[] }) => c.lines)
      : out.split('\n').map((l) => l.trimStart());
    expect(lines).toContainEqual(expect.stringMatching(/^\+\s+kubernetes\.io\/metadata\.name: orders$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\+\s+app\.kubernetes\.io\/name: worker$/));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\+\\s+"${NEW_ACCOUNT}"$`)));
  });

  test('flags the IAM growth with the full account, and truncates no value', () => {
    expect(out).toContain(`new principal: AWS:${NEW_ACCOUNT} (EnvironmentsPull)`);
    expect(out).toContain('new account: 555555555555 (EnvironmentsPull)');
    expect(out).not.toMatch(/\.\.\.["`]|\w\.\.\.$/m);
  });

  test('never prints a secret', () => {
    expect(out).not.toMatch(/old-password|new-password|s3cr3t-pw/);
    expect(out).toContain('postgres://orders:(redacted)@db-b:5432/orders');
  });
});
