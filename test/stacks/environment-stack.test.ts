import { buildPlatform, defaultInput, loadPlatform, type Platform } from '../../environments/load';
import { backupBucketName, ecrRepositoryName, IRSA_ROLE_PATH, irsaRoleName, PLATFORM_ADDONS } from '../../environments/naming';
import { renderTerraform } from '../../render/terraform';

const ENVS = ['dev', 'staging', 'prod'];
const STACKS = ['dev', 'prod', 'shared', 'staging'];
const rendered = new Map<Platform, Map<string, string>>();
const tf = (platform: Platform = defaultPlatform) => {
  if (!rendered.has(platform)) rendered.set(platform, renderTerraform(platform));
  return rendered.get(platform)!;
};
const defaultPlatform = loadPlatform();
const stack = (name: string, platform?: Platform): any => JSON.parse(tf(platform).get(`stacks/${name}/cdk.tf.json`)!);
const resources = (name: string, type: string, platform?: Platform): any[] => Object.values(stack(name, platform).resource[type] ?? {});
const env = (name: string) => defaultPlatform.environments.find((e) => e.name === name)!;

test.each(STACKS)('%s stack renders the same bytes as before (snapshot)', (name) => {
  expect(tf().get(`stacks/${name}/cdk.tf.json`)).toMatchSnapshot();
});

test('one self-contained stack per environment, plus shared', () => {
  expect([...tf().keys()]).toEqual(['manifest.json', ...STACKS.map((e) => `stacks/${e}/cdk.tf.json`)]);
});

test.each(STACKS)('%s stack runs in its own Terraform Cloud workspace', (name) => {
  expect(stack(name).terraform.cloud).toEqual({ organization: 'acme-platform', workspaces: { name: `platform-${name}` } });
});

test.each(STACKS)('%s uses only the aws provider, pinned to one account, tagging everything, and no data source', (name) => {
  const s = stack(name);
  expect(Object.keys(s.provider)).toEqual(['aws']);
  expect(Object.keys(s.terraform.required_providers)).toEqual(['aws']);
  const [aws] = s.provider.aws;
  expect(aws.allowed_account_ids).toHaveLength(1);
  expect(aws.default_tags[0].tags).toEqual({ 'environment': name, 'project': 'platform', 'managed-by': 'cdktf' });
  expect(s.data).toBeUndefined();
});

test('no stack refers to another: no remote state, no cross-stack outputs', () => {
  for (const name of STACKS) expect(JSON.stringify(stack(name))).not.toMatch(/terraform_remote_state|cross-stack/);
});

test('private and public subnets in each zone of the environment', () => {
  const zones = (name: string, tag: string) => resources(name, 'aws_subnet').filter((s) => s.tags[tag] === '1').map((s) => s.availability_zone);
  expect(zones('dev', 'kubernetes.io/role/internal-elb')).toEqual(['us-west-2a', 'us-west-2b']);
  expect(zones('dev', 'kubernetes.io/role/elb')).toEqual(['us-west-2a', 'us-west-2b']);
  expect(zones('prod', 'kubernetes.io/role/internal-elb')).toEqual(['us-west-2a', 'us-west-2b', 'us-west-2c']);
  for (const name of ENVS) expect(resources(name, 'aws_subnet').every((s) => s.map_public_ip_on_launch === false)).toBe(true);
});

test('NAT gateways as configured: one in dev and staging, one per zone in prod', () => {
  expect(resources('dev', 'aws_nat_gateway')).toHaveLength(1);
  expect(resources('staging', 'aws_nat_gateway')).toHaveLength(1);
  expect(resources('prod', 'aws_nat_gateway')).toHaveLength(3);
});

test('the cluster follows config: version, private-only API in prod, CIDR-limited elsewhere, log retention, admins', () => {
  for (const name of ENVS) {
    const [cluster] = resources(name, 'aws_eks_cluster');
    const e = env(name);
    expect(cluster.version).toBe(e.cluster.kubernetesVersion);
    expect(cluster.vpc_config.endpoint_private_access).toBe(true);
    expect(cluster.vpc_config.endpoint_public_access).toBe(e.cluster.publicAccessCidrs.length > 0);
    expect(cluster.vpc_config.public_access_cidrs ?? []).toEqual(e.cluster.publicAccessCidrs);
    expect(resources(name, 'aws_eks_access_entry').map((a) => a.principal_arn)).toEqual(e.cluster.adminRoleArns);
    const logs = resources(name, 'aws_cloudwatch_log_group').find((g) => g.name === `/aws/eks/${e.cluster.name}/cluster`);
    expect(logs.retention_in_days).toBe(e.cluster.logRetentionDays);
  }
  expect(resources('prod', 'aws_eks_cluster')[0].vpc_config.endpoint_public_access).toBe(false);
});

test('node groups follow config; prod runs on demand only', () => {
  for (const name of ENVS) {
    const groups = resources(name, 'aws_eks_node_group');
    const configured = env(name).cluster.nodeGroups.map((g) =>
      [g.name, g.capacityType, g.instanceTypes, { min_size: g.minSize, max_size: g.maxSize, desired_size: g.desiredSize }, g.labels ?? {}]);
    expect(groups.map((g) => [g.node_group_name, g.capacity_type, g.instance_types, g.scaling_config, g.labels]).sort()).toEqual(configured.sort());
  }
  expect(resources('prod', 'aws_eks_node_group').every((g) => g.capacity_type === 'ON_DEMAND')).toBe(true);
  expect(resources('prod', 'aws_eks_node_group').find((g) => g.node_group_name === 'system').taint).toEqual([{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }]);
});

test('managed add-ons pinned to the configured versions', () => {
  for (const name of ENVS) {
    const a = env(name).cluster.addons;
    expect(Object.fromEntries(resources(name, 'aws_eks_addon').map((x) => [x.addon_name, x.addon_version]))).toEqual({
      'vpc-cni': a.vpcCni, 'coredns': a.coredns, 'kube-proxy': a.kubeProxy, 'aws-ebs-csi-driver': a.ebsCsiDriver, 'metrics-server': a.metricsServer,
    });
  }
});

test('an IRSA role for every platform add-on and every service with AWS permissions, named and pathed by the naming rules', () => {
  const services = defaultPlatform.catalog.filter((s) => s.awsPermissions?.length);
  for (const name of ENVS) {
    const roles = resources(name, 'aws_iam_role').filter((r) => r.path === IRSA_ROLE_PATH).map((r) => r.name).sort();
    expect(roles).toEqual([
      ...Object.values(PLATFORM_ADDONS).map((a) => irsaRoleName(name, a.namespace, a.serviceAccount)),
      ...services.map((s) => irsaRoleName(name, s.namespace, s.name)),
    ].sort());
  }
});

test('external-dns may change only the environment hosted zone; velero only its bucket', () => {
  const policies = resources('prod', 'aws_iam_role_policy').map((p) => String(p.policy));
  const dns = policies.find((p) => p.includes('route53:ChangeResourceRecordSets'))!;
  expect(dns).toMatch(/route53:ChangeResourceRecordSets.*aws_route53_zone\.zone\.arn/);
  const velero = policies.find((p) => p.includes('s3:PutObject'))!;
  expect(velero).toContain('aws_s3_bucket.backup_bucket');
  expect(policies.join('\n')).not.toMatch(/"Action" = "\*"|"\*:\*"/);
});

test('a service that declares AWS permissions gets an IRSA role with them, placeholders filled in', () => {
  const input = defaultInput();
  const platform = buildPlatform({
    ...input,
    catalog: input.catalog.map((s, i) => (i === 0 ? { ...s, awsPermissions: [{ actions: ['sns:Publish'], resources: ['arn:aws:sns:{region}:{account}:{env}-assets-{account}'] }] } : s)),
  });
  const svc = platform.catalog[0];
  const role = resources('staging', 'aws_iam_role', platform).find((r) => r.name === irsaRoleName('staging', svc.namespace, svc.name));
  expect(role.path).toBe(IRSA_ROLE_PATH);
  expect(role.assume_role_policy).toContain(`system:serviceaccount:${svc.namespace}:${svc.name}`);
  const policy = resources('staging', 'aws_iam_role_policy', platform).map((p) => String(p.policy)).find((p) => p.includes('staging-assets'))!;
  expect(policy).toContain('arn:aws:sns:us-west-2:333333333333:staging-assets-333333333333');
});

test('Velero bucket per environment, named by the naming rules', () => {
  for (const name of ENVS) expect(resources(name, 'aws_s3_bucket').map((b) => b.bucket)).toEqual([backupBucketName(name, env(name).aws.accountId)]);
});

test('shared: one immutable, scanned, KMS-encrypted repository per catalog service, pullable by every environment account', () => {
  const repos = resources('shared', 'aws_ecr_repository');
  expect(repos.map((r) => r.name).sort()).toEqual(defaultPlatform.catalog.map((s) => ecrRepositoryName(s.name)).sort());
  for (const r of repos) {
    expect(r).toMatchObject({ image_tag_mutability: 'IMMUTABLE', image_scanning_configuration: { scan_on_push: true } });
    expect(r.encryption_configuration[0].encryption_type).toBe('KMS');
  }
  const policies = resources('shared', 'aws_ecr_repository_policy').map((p) => String(p.policy));
  expect(policies).toHaveLength(repos.length);
  for (const p of policies) for (const e of ENVS) expect(p).toContain(`arn:aws:iam::${env(e).aws.accountId}:root`);
  expect(resources('shared', 'aws_ecr_lifecycle_policy')).toHaveLength(repos.length);
});
