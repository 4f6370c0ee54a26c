import { stringify } from 'yaml';
import { deployment, ENVS, estate, k8sPath, k8sTree, network, service, stack } from './fixtures';
import { diffValues, isSecretPath, REDACTED } from '../../review/fields';
import { formatReport, toJson } from '../../review/format';
import { parseTree, stackEnvironment } from '../../review/objects';
import { diffTrees as diffTreesWithOptions, type DiffReport } from '../../review/report';
import { REPLACEMENT_ATTRIBUTES } from '../../review/risk';

/** The fixtures' estate has its own promotion order, whatever environments the repository has. */
const diffTrees = (base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>, options: Parameters<typeof diffTreesWithOptions>[2] = {}) =>
  diffTreesWithOptions(base, head, { order: ENVS, ...options });
const rules = (r: DiffReport) => r.risks.map((f) => `${f.rule} ${f.environment} ${f.id}`);
const fields = (r: DiffReport, env: string, id: string) =>
  r.changes.find((c) => c.environment === env && c.id === id)?.fields.map((f) => ({ path: f.path, before: f.before, after: f.after })) ?? [];

describe('diff engine (in-memory trees)', () => {
  test('identical renders: nothing changed, no flags', () => {
    const r = diffTrees(estate(), estate());
    expect(r.changes).toEqual([]);
    expect(r.risks).toEqual([]);
    expect(formatReport(r, 'text')).toContain('no change to the rendered output');
  });

  test('an image promotion: one changed field per affected environment, no risk flag', () => {
    const base = estate({ dev: '1.1.0', staging: '1.1.0', prod: '1.0.0' });
    const head = estate({ dev: '1.1.0', staging: '1.1.0', prod: '1.1.0' });
    const r = diffTrees(base, head);
    expect(r.summary).toMatchObject({ changed: 1, added: 0, removed: 0, environments: [{ name: 'prod', changed: 1, added: 0, removed: 0 }] });
    expect(fields(r, 'prod', 'Deployment shop/web')).toEqual([{
      path: 'spec.template.spec.containers[name=web].image',
      before: expect.stringMatching(/platform\/web:1\.0\.0$/),
      after: expect.stringMatching(/platform\/web:1\.1\.0$/),
    }]);
    expect(r.risks).toEqual([]);
  });

  test('one change shared by several environments is shown once, saying whose context lines it shows when theirs differ', () => {
    // a label beside the environment's own label: the lines around it name each environment
    const labelTeam = (objs: Record<string, any>[]) => { objs[0].metadata.labels.team = 'storefront'; };
    const head = estate({}, (_env, objs) => labelTeam(objs));
    const r = diffTrees(estate(), head);
    const shared = ENVS.join(', ');
    const markdown = formatReport(r, 'markdown');
    expect(markdown).toContain(`<b>${shared}</b>`);
    expect(markdown).toContain(`the same change in each; the unchanged lines around it are ${ENVS[0]}'s:`);
    expect(formatReport(r, 'text')).toContain(`(the same change in each; the unchanged lines around it are ${ENVS[0]}'s)`);
    // environments whose lines around the change are the same need no such note
    const alike = diffTrees(estate(), estate({}, (_env, objs) => { (objs[0] as any).spec.minReadySeconds = 10; }));
    expect(formatReport(alike, 'markdown')).toContain(`<b>${shared}</b>`);
    expect(formatReport(alike, 'markdown')).not.toContain('the unchanged lines around it');
  });

  test('an image tag the previous environment does not run is flagged', () => {
    const r = diffTrees(estate({ dev: '1.1.0', staging: '1.0.0' }), estate({ dev: '1.1.0', staging: '1.0.0', prod: '2.0.0' }));
    expect(rules(r)).toEqual(['image-not-promoted prod Deployment shop/web']);
    expect(r.risks[0].reason).toBe('platform/web:2.0.0 is not run by staging, the environment before prod in the promotion order');
    // the first environment of the order has no predecessor: a new dev tag is no risk
    expect(diffTrees(estate(), estate({ dev: '3.0.0' })).risks).toEqual([]);
  });

  test('a replica change: a drop in prod is flagged, elsewhere it is not', () => {
    const base = k8sTree({ 'dev/web': [deployment({ env: 'dev', replicas: 2 })], 'prod/web': [deployment({ env: 'prod', replicas: 3 })] });
    const head = k8sTree({ 'dev/web': [deployment({ env: 'dev', replicas: 1 })], 'prod/web': [deployment({ env: 'prod', replicas: 1 })] });
    const r = diffTrees(base, head);
    expect(fields(r, 'prod', 'Deployment shop/web')).toEqual([{ path: 'spec.replicas', before: 3, after: 1 }]);
    expect(rules(r)).toEqual(['capacity-drop prod Deployment shop/web']);
    expect(r.risks[0].reason).toBe('replicas drops from 3 to 1 (spec.replicas)');
    expect(diffTrees(head, base).risks).toEqual([]);
  });

  test('HPA minimum and PDB availability drops in prod are flagged', () => {
    const hpa = (min: number) => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' }, spec: { minReplicas: min, maxReplicas: 10 } });
    const pdb = (spec: Record<string, unknown>) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'shop' }, spec });
    const base = k8sTree({ 'prod/web': [hpa(3), pdb({ minAvailable: 2 })], 'prod/api': [pdb({ maxUnavailable: '10%' })] });
    const head = k8sTree({ 'prod/web': [hpa(2), pdb({ minAvailable: 1 })], 'prod/api': [pdb({ maxUnavailable: '50%' })] });
    expect(diffTrees(base, head).risks.map((f) => f.reason)).toEqual([
      'PDB maxUnavailable rises from 10% to 50% (spec.maxUnavailable)',
      'HPA minimum replicas drops from 3 to 2 (spec.minReplicas)',
      'PDB minAvailable drops from 2 to 1 (spec.minAvailable)',
    ]);
  });

  test('a removed service: every object reported removed, flagged in prod only', () => {
    const head = new Map([...estate()].filter(([p]) => !p.includes('/web/')));
    const r = diffTrees(estate(), head);
    expect(r.summary).toMatchObject({ removed: 6, added: 0, changed: 0 });
    expect(r.changes.map((c) => `${c.environment} ${c.group} ${c.change} ${c.id}`)).toEqual([
      'dev web removed Deployment shop/web', 'dev web removed Service shop/web',
      'staging web removed Deployment shop/web', 'staging web removed Service shop/web',
      'prod web removed Deployment shop/web', 'prod web removed Service shop/web',
    ]);
    expect(rules(r)).toEqual(['removed-in-prod prod Deployment shop/web', 'removed-in-prod prod Service shop/web']);
  });

  test('a selector change and other immutable fields are flagged', () => {
    const pvc = (cls: string, size: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'shop' }, spec: { storageClassName: cls, resources: { requests: { storage: size } } } });
    const job = (image: string) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'm', image }] } } } });
    const base = k8sTree({ 'dev/web': [deployment({ env: 'dev' }), service('dev', 'web', { clusterIP: '10.0.0.10' }), pvc('gp3', '20Gi'), job('m:1')] });
    const head = k8sTree({
      'dev/web': [deployment({ env: 'dev', selector: { 'app.kubernetes.io/name': 'web', 'tier': 'front' } }), service('dev', 'web', { clusterIP: '10.0.0.11' }), pvc('gp2', '10Gi'), job('m:2')],
    });
    const r = diffTrees(base, head);
    expect(r.risks.map((f) => `${f.id}: ${f.reason}`)).toEqual([
      'Deployment shop/web: Deployment spec.selector is immutable: the sync fails until the object is deleted and re-created (spec.selector changed)',
      'Job shop/migrate: Job spec.template is immutable: the sync fails until the object is deleted and re-created (spec.template changed)',
      'PersistentVolumeClaim shop/data: PersistentVolumeClaim spec.storageClassName is immutable: the sync fails until the object is deleted and re-created (spec.storageClassName changed)',
      'PersistentVolumeClaim shop/data: a PersistentVolumeClaim cannot shrink: storage 20Gi -> 10Gi',
      'Service shop/web: Service spec.clusterIP is immutable: the sync fails until the object is deleted and re-created (spec.clusterIP changed)',
    ]);
    expect(fields(r, 'dev', 'Deployment shop/web')).toContainEqual({ path: 'spec.selector.matchLabels.tier', before: undefined, after: 'front' });
    // growing a claim is allowed
    expect(diffTrees(k8sTree({ 'dev/a': [pvc('gp3', '10Gi')] }), k8sTree({ 'dev/a': [pvc('gp3', '20Gi')] })).risks).toEqual([]);
  });

  test('a weakened security context is flagged with every weakening', () => {
    const base = k8sTree({ 'staging/web': [deployment({ env: 'staging' })] });
    const head = k8sTree({
      'staging/web': [deployment({
        env: 'staging',
        podSecurity: { runAsUser: 0 },
        containerSecurity: { allowPrivilegeEscalation: true, privileged: true, readOnlyRootFilesystem: false, capabilities: { add: ['NET_ADMIN'], drop: ['NET_RAW'] } },
      })],
    });
    const r = diffTrees(base, head);
    expect(rules(r)).toEqual(['security-context staging Deployment shop/web']);
    expect(r.risks[0].reason).toBe('container web: runAsNonRoot off, allowPrivilegeEscalation on, privileged on, readOnlyRootFilesystem off, capabilities added: NET_ADMIN, no longer drops ALL capabilities');
    // hardening is not flagged
    expect(diffTrees(head, base).risks).toEqual([]);
    // a new privileged sidecar is
    const sidecar = deployment({ env: 'staging' }) as any;
    sidecar.spec.template.spec.containers.push({ name: 'debug', image: 'busybox:1', securityContext: { privileged: true } });
    expect(diffTrees(base, k8sTree({ 'staging/web': [sidecar] })).risks.map((f) => f.reason)).toEqual(['new container debug: privileged on']);
  });

  test('a NetworkPolicy removed or widened is flagged; a narrowed one is not', () => {
    const np = (name: string, ingress: unknown[], policyTypes = ['Ingress']) => ({
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'shop' }, spec: { podSelector: {}, policyTypes, ingress },
    });
    const fromGateway = { from: [{ namespaceSelector: { matchLabels: { name: 'gateway' } } }], ports: [{ port: 8080, protocol: 'TCP' }] };
    const base = k8sTree({ 'prod/web': [np('allow-gateway', [fromGateway]), np('deny-all', [])], 'dev/web': [np('allow-gateway', [fromGateway])] });
    const head = k8sTree({ 'prod/web': [np('allow-gateway', [{ from: fromGateway.from }])], 'dev/web': [np('allow-gateway', [{ ...fromGateway, ports: [{ port: 8080, protocol: 'TCP' }] }])] });
    const r = diffTrees(base, head);
    expect(rules(r)).toEqual([
      'removed-in-prod prod NetworkPolicy shop/deny-all',
      'network-policy prod NetworkPolicy shop/allow-gateway',
      'network-policy prod NetworkPolicy shop/deny-all',
    ]);
    // numbered like the field paths, with the whole new rule and the whole old list
    expect(r.risks[1].reason).toBe(`NetworkPolicy widened: spec.ingress[0] allows traffic no rule of the previous policy allowed: ${JSON.stringify({ from: fromGateway.from })} (before: spec.ingress ${JSON.stringify([fromGateway])})`);
    expect(diffTrees(head, base).risks.filter((f) => f.rule === 'network-policy')).toEqual([]);
  });

  test('a renamed construct id on the Terraform side: destroy + create is flagged, unless a moved block covers it', () => {
    const base = new Map([['terraform/stacks/prod/cdk.tf.json', stack('prod', network('prod'))]]);
    const head = new Map([['terraform/stacks/prod/cdk.tf.json', stack('prod', network('prod', { vpcId: 'net_vpc_0A1B2C3D' }))]]);
    const r = diffTrees(base, head);
    expect(r.changes.map((c) => `${c.change} ${c.id}`)).toEqual([
      'removed aws_vpc.network_vpc_4E8F0223', 'changed aws_subnet.network_private-a_722AF3DB', 'added aws_vpc.net_vpc_0A1B2C3D',
    ].sort((a, b) => a.split(' ')[1].localeCompare(b.split(' ')[1])));
    expect(r.risks.map((f) => f.reason)).toEqual([
      'aws_vpc.network_vpc_4E8F0223 disappears while aws_vpc.net_vpc_0A1B2C3D appears: Terraform destroys and re-creates it (a renamed construct id? keep the id or add a moved block)',
      'changing aws_subnet vpc_id forces replacement: Terraform destroys and re-creates it (${aws_vpc.network_vpc_4E8F0223.id} -> ${aws_vpc.net_vpc_0A1B2C3D.id})',
    ]);
    const moved = new Map([['terraform/stacks/prod/cdk.tf.json', stack('prod', network('prod', { vpcId: 'net_vpc_0A1B2C3D' }), {
      moved: [{ from: 'aws_vpc.network_vpc_4E8F0223', to: 'aws_vpc.net_vpc_0A1B2C3D' }],
    })]]);
    expect(diffTrees(base, moved).risks.map((f) => f.rule)).toEqual(['terraform-replacement']);
    // several of one type: each pairs with the address of the same construct path below the renamed id
    const subnets = (prefix: string, hash: string) => stack('dev', {
      aws_subnet: {
        [`${prefix}_public-a_${hash}1`]: { cidr_block: '10.0.0.0/20' }, [`${prefix}_private-a_${hash}2`]: { cidr_block: '10.0.16.0/20' },
      },
    });
    const file = 'terraform/stacks/dev/cdk.tf.json';
    const pairs = diffTrees(new Map([[file, subnets('network', 'AAAAAAA')]]), new Map([[file, subnets('net', 'BBBBBBB')]]));
    // one renamed construct is one flag with its count; the example pairs the same path below it
    expect(pairs.risks.map((f) => f.reason)).toEqual([
      '2 resources under "network" disappear while the same appear under "net" (e.g. aws_subnet.network_private-a_AAAAAAA2 -> '
      + 'aws_subnet.net_private-a_BBBBBBB2): Terraform destroys and re-creates all of them (a renamed construct id? keep the id or add moved blocks)',
    ]);
    // two renamed constructs are two flags
    const two = (a: string, b: string) => stack('dev', {
      aws_subnet: { [`${a}_public-a_AAAAAAA1`]: { cidr_block: '10.0.0.0/20' } },
      aws_kms_key: { [`${b}_key_AAAAAAA3`]: { enable_key_rotation: true } },
    });
    const both = diffTrees(new Map([[file, two('network', 'cluster')]]), new Map([[file, two('net', 'eks')]]));
    expect(both.risks.filter((f) => f.rule === 'terraform-rename').map((f) => f.id).sort()).toEqual([
      'aws_kms_key.cluster_key_AAAAAAA3', 'aws_subnet.network_public-a_AAAAAAA1',
    ]);
  });

  test('replacement-forcing attributes, removed KMS keys and log groups, encryption turned off', () => {
    const base = new Map([['terraform/stacks/dev/cdk.tf.json', stack('dev', network('dev'))]]);
    const head = new Map([['terraform/stacks/dev/cdk.tf.json', stack('dev', {
      ...network('dev', { cidr: '10.40.0.0/16', rotation: false, kms: false }), aws_cloudwatch_log_group: {},
    })]]);
    const r = diffTrees(base, head);
    expect(r.risks.map((f) => `${f.rule} ${f.id}: ${f.reason}`)).toEqual([
      'terraform-replacement aws_vpc.network_vpc_4E8F0223: changing aws_vpc cidr_block forces replacement: Terraform destroys and re-creates it (10.30.0.0/16 -> 10.40.0.0/16)',
      'terraform-stateful-removed aws_cloudwatch_log_group.cluster_logs_5E6F7A8B: aws_cloudwatch_log_group removed: Terraform destroys it and what it holds',
      'terraform-stateful-removed aws_kms_key.logs_key_1A2B3C4D: aws_kms_key removed: Terraform destroys it and what it holds',
    ]);
    const rotationOff = new Map([['terraform/stacks/dev/cdk.tf.json', stack('dev', network('dev', { rotation: false }))]]);
    expect(diffTrees(base, rotationOff).risks.map((f) => f.reason)).toEqual(['enable_key_rotation turned off: true -> false']);
    const eks = (logs: string[], encryption?: unknown) => new Map([['terraform/stacks/prod/cdk.tf.json', stack('prod', {
      aws_eks_cluster: { cluster_1: { name: 'platform-prod', enabled_cluster_log_types: logs, ...(encryption ? { encryption_config: encryption } : {}) } },
    })]]);
    expect(diffTrees(eks(['api', 'audit'], { resources: ['secrets'] }), eks(['api'])).risks.map((f) => f.reason)).toEqual([
      'enabled_cluster_log_types turned off: ["api","audit"] -> ["api"]',
      'encryption_config turned off: {"resources":["secrets"]} -> (unset)',
    ]);
    expect(Object.keys(REPLACEMENT_ATTRIBUTES)).toEqual(expect.arrayContaining(['aws_vpc', 'aws_subnet', 'aws_eks_cluster', 'aws_kms_key', 'aws_ecr_repository', 'aws_s3_bucket']));
  });

  test('providers and the backend are objects too', () => {
    const base = new Map([['terraform/stacks/dev/cdk.tf.json', stack('dev', network('dev'))]]);
    const json = JSON.parse(stack('dev', network('dev')));
    json.terraform.cloud.workspaces.name = 'platform-dev2';
    json.terraform.required_providers.aws.version = '5.101.0';
    const head = new Map([['terraform/stacks/dev/cdk.tf.json', JSON.stringify(json)]]);
    const r = diffTrees(base, head);
    expect(r.changes.map((c) => c.id)).toEqual(['terraform']);
    expect(fields(r, 'dev', 'terraform').map((f) => f.path)).toEqual(['cloud.workspaces.name', 'required_providers.aws.version']);
    expect(stackEnvironment('shared', ['dev', 'prod'])).toBe('(global)');
    expect(stackEnvironment('prod-network', ['dev', 'prod'])).toBe('prod');
  });

  test('values under Secret-like keys are redacted in every format', () => {
    const secret = (v: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, data: { url: Buffer.from(v).toString('base64') } });
    const base = k8sTree({ 'dev/web': [secret('hunter2'), deployment({ env: 'dev', env_: [{ name: 'DB_PASSWORD', value: 'hunter2' }, { name: 'LOG_LEVEL', value: 'info' }] })] });
    const head = k8sTree({ 'dev/web': [secret('letmein'), deployment({ env: 'dev', env_: [{ name: 'DB_PASSWORD', value: 'letmein' }, { name: 'LOG_LEVEL', value: 'debug' }] })] });
    const r = diffTrees(base, head);
    for (const format of ['markdown', 'text', 'json'] as const) {
      const out = formatReport(r, format);
      expect(out).not.toMatch(/hunter2|letmein|aHVudGVyMg|bGV0bWVpbg/);
      expect(out).toContain(REDACTED);
      expect(out).toContain('debug');
    }
    expect(JSON.parse(toJson(r)).changes.find((c: any) => c.id === 'Secret shop/db').fields).toEqual([
      { path: 'data.url', op: 'changed', before: REDACTED, after: REDACTED, redacted: true },
    ]);
    expect(isSecretPath('Deployment', ['spec', 'containers', '[name=DB_PASSWORD]', 'valueFrom', 'secretKeyRef', 'name'])).toBe(false);
    expect(isSecretPath('aws_kms_key', ['key_usage'])).toBe(false);
    expect(isSecretPath('aws_db_instance', ['password'])).toBe(true);
  });

  test('field paths: named list items, quoted keys, whole scalar lists', () => {
    expect(diffValues({ metadata: { labels: { 'app.kubernetes.io/name': 'a' } }, l: [1, 2] }, { metadata: { labels: { 'app.kubernetes.io/name': 'b' } }, l: [1, 3] })
      .map((f) => f.path)).toEqual(['l', 'metadata.labels["app.kubernetes.io/name"]']);
    expect(diffValues({ c: [{ name: 'a', x: 1 }, { name: 'b', x: 1 }] }, { c: [{ name: 'b', x: 2 }] })
      .map((f) => `${f.op} ${f.path}`)).toEqual(['removed c[name=a]', 'changed c[name=b].x']);
  });

  test('multi-document YAML files and cdktf metadata', () => {
    const two = `${stringify(service('dev', 'a'))}---\n${stringify(service('dev', 'b'))}`;
    const parsed = parseTree(new Map([
      ['k8s/dev/x/all.yaml', two], ['terraform/stacks/dev/cdk.tf.json', stack('dev', network('dev'))], ['terraform/manifest.json', '{}'],
    ]), ['dev']);
    expect([...parsed.objects.values()].map((o) => o.id)).toEqual([
      'Service shop/a', 'Service shop/b', 'provider.aws', 'aws_vpc.network_vpc_4E8F0223', 'aws_subnet.network_private-a_722AF3DB',
      'aws_kms_key.logs_key_1A2B3C4D', 'aws_cloudwatch_log_group.cluster_logs_5E6F7A8B', 'terraform',
    ]);
    expect(JSON.stringify([...parsed.objects.values()].map((o) => o.body))).not.toContain('uniqueId');
  });

  test('added objects and summary counts per environment, in promotion order', () => {
    const head = estate({}, (env, list) => { if (env !== 'staging') list.push(service(env, 'api')); });
    head.set(k8sPath('staging', 'web', service('staging')), stringify(service('staging', 'web', { sessionAffinity: 'ClientIP' })));
    const r = diffTrees(estate(), head);
    expect(r.summary).toEqual({
      added: 2,
      removed: 0,
      changed: 1,
      environments: [{ name: 'dev', added: 1, removed: 0, changed: 0 }, { name: 'staging', added: 0, removed: 0, changed: 1 }, { name: 'prod', added: 1, removed: 0, changed: 0 }],
    });
  });
});
