/**
 * No secrets in the committed output. Every file of dist/ is scanned for Secret
 * objects carrying data, private keys, AWS access keys, bearer and API tokens, and high-entropy
 * values in container env vars, ConfigMaps and annotations; each detector is proven on a fixture.
 */
import { join } from 'node:path';
import { looksRandom, scanForSecrets, shannonEntropy } from './scanners';
import { DIST, readTree } from '../helpers/repo';

const dist = readTree(DIST);

test('dist/ holds rendered files to scan', () => {
  expect([...dist.keys()].filter((f) => f.endsWith('.yaml')).length).toBeGreaterThan(0);
  expect([...dist.keys()].filter((f) => f.endsWith('cdk.tf.json')).length).toBeGreaterThan(0);
});

test('no file of dist/ carries a secret', () => {
  const findings = [...dist].flatMap(([file, content]) => scanForSecrets(file, content));
  expect(findings).toEqual([]);
});

const deployment = (env: Array<{ name: string; value: string }>, annotations: Record<string, string> = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      annotations: ${JSON.stringify(annotations)}
    spec:
      containers:
        - name: web
          image: 111111111111.dkr.ecr.us-west-2.amazonaws.com/platform/web@sha256:${'ab12'.repeat(16)}
          env: ${JSON.stringify(env)}
`;

// fixtures are assembled from parts so that this file itself never matches a secret scanner
const AKIA = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');
const PEM = ['-----BEGIN', 'RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----'].join(' ');
const RANDOM = ['q8Zr3', 'vX0pL', 'w9Tn2', 'Kd7Yb', 'M4sHj'].join('');

test.each<[string, string, string]>([
  ['Secret with data', 'k8s/dev/web/secret.shop.db.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\ndata:\n  password: aHVudGVyMg==\n'],
  ['Secret with data', 'k8s/dev/web/secret.shop.db.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n  password: hunter2\n'],
  ['private key', 'k8s/dev/web/configmap.shop.tls.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tls\ndata:\n  key: |\n    ${PEM.replace(/\n/g, '\n    ')}\n`],
  ['private key', 'terraform/stacks/dev/cdk.tf.json', JSON.stringify({ resource: { tls: { k: { pem: PEM } } } })],
  ['AWS access key id', 'k8s/dev/web/deployment.shop.web.yaml', deployment([{ name: 'AWS_ACCESS_KEY_ID', value: AKIA }])],
  ['AWS access key id', 'terraform/stacks/dev/cdk.tf.json', JSON.stringify({ provider: { aws: [{ access_key: AKIA.replace('AKIA', 'ASIA') }] } })],
  ['AWS secret access key', 'k8s/dev/web/configmap.shop.aws.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws\ndata:\n  credentials: "aws_secret_access_key = ${'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'}"\n`],
  ['bearer token', 'k8s/dev/web/deployment.shop.web.yaml', deployment([{ name: 'AUTH_HEADER', value: `Bearer ${'abcdef0123456789abcdef'}` }])],
  ['JSON web token', 'k8s/dev/web/configmap.shop.jwt.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: jwt\ndata:\n  t: ${['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'].join('.')}\n`],
  ['API token', 'k8s/dev/web/deployment.shop.web.yaml', deployment([{ name: 'GITHUB_TOKEN', value: ['ghp', 'abcdefghijklmnopqrstuvwxyz0123'].join('_') }])],
  ['password in a URL', 'k8s/dev/web/deployment.shop.web.yaml', deployment([{ name: 'DATABASE_URL', value: ['postgres://app:', 's3cr3t-pw', '@db:5432/shop'].join('') }])],
  ['high-entropy env value', 'k8s/dev/web/deployment.shop.web.yaml', deployment([{ name: 'API_KEY', value: RANDOM }])],
  ['high-entropy env value', 'k8s/dev/web/deployment.shop.web.yaml', deployment([{ name: 'SIGNING_KEY', value: `${'9f3b7c1e'}${'a2d4e6f8'}${'0b1c2d3e4f5a'}` }])],
  ['high-entropy ConfigMap value', 'k8s/dev/web/configmap.shop.cfg.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  session: ${RANDOM}\n`],
  ['high-entropy annotation', 'k8s/dev/web/deployment.shop.web.yaml', deployment([], { 'platform.acme.io/token': RANDOM })],
  ['literal secret attribute', 'terraform/stacks/dev/cdk.tf.json', JSON.stringify({ resource: { aws_db_instance: { db: { password: 'hunter2hunter2' } } } })],
  ['IAM access key resource', 'terraform/stacks/dev/cdk.tf.json', JSON.stringify({ resource: { aws_iam_access_key: { ci: { user: 'ci' } } } })],
])('detector "%s" fires on a fixture in %s', (detector, file, content) => {
  expect(scanForSecrets(file, content).map((f) => f.detector)).toContain(detector);
});

test('known-safe shapes pass: digests, ARNs, checksum annotations, references, readable values', () => {
  const safe = deployment(
    [
      { name: 'ROLE_ARN', value: 'arn:aws:iam::222222222222:role/irsa/dev-shop-web-with-a-long-name' },
      { name: 'IMAGE', value: `111111111111.dkr.ecr.us-west-2.amazonaws.com/platform/web@sha256:${'0a1b2c3d'.repeat(8)}` },
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel-collector.observability.svc.cluster.local:4317' },
      { name: 'JAVA_TOOL_OPTIONS', value: '-XX:MaxRAMPercentage=75.0 -XX:+UseContainerSupport' },
      { name: 'SPRING_PROFILES_ACTIVE', value: 'kubernetes,production-us-west-2' },
    ],
    { 'checksum/config': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'platform.acme.io/config-hash': RANDOM },
  );
  expect(scanForSecrets('k8s/dev/web/deployment.shop.web.yaml', safe)).toEqual([]);
  expect(scanForSecrets('terraform/stacks/dev/cdk.tf.json', JSON.stringify({
    resource: { aws_db_instance: { db: { password: '${aws_secretsmanager_secret_version.db.secret_string}', manage_master_user_password: true } } },
  }))).toEqual([]);
  expect(scanForSecrets('k8s/dev/web/secret.shop.x.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ntype: Opaque\n')).toEqual([]);
});

test('the entropy measure separates random tokens from words', () => {
  expect(shannonEntropy('aaaa')).toBe(0);
  expect(shannonEntropy('abcd')).toBe(2);
  expect(looksRandom(RANDOM)).toBe(RANDOM);
  expect(looksRandom('platform-dev-shop-web-service-account')).toBeUndefined();
  expect(looksRandom(join('var', 'lib', 'application-data-directory'))).toBeUndefined();
});
