import { buildPlatform, defaultInput, loadPlatform, type Platform } from '../../environments/load';
import { backupBucketName, telemetryBucketName, ecrRepositoryName, IRSA_ROLE_PATH, irsaRoleName, PLATFORM_ADDONS, PROJECT } from '../../environments/naming';
import { renderTerraform } from '../../render/terraform';
import { isProduction } from '../helpers/input';
import { render } from '../helpers/render';

const defaultPlatform = loadPlatform();
const ENVS = defaultPlatform.environments.map((e) => e.name);
const STACKS = [...ENVS, 'shared'].sort();
const rendered = new Map<Platform, Map<string, string>>();
/** The repository's stacks come from the run's shared render; a crafted platform renders here. */
const tf = (platform: Platform = defaultPlatform) => {
  if (platform === defaultPlatform) return render().tf;
  if (!rendered.has(platform)) rendered.set(platform, renderTerraform(platform));
  return rendered.get(platform)!;
};
const stack = (name: string, platform?: Platform): any => JSON.parse(tf(platform).get(`stacks/${name}/cdk.tf.json`)!);
const resources = (name: string, type: string, platform?: Platform): any[] => Object.values(stack(name, platform).resource[type] ?? {});
const env = (name: string) => defaultPlatform.environments.find((e) => e.name === name)!;

test('one self-contained stack per environment, plus shared', () => {
  expect([...tf().keys()]).toEqual(['manifest.json', ...STACKS.map((e) => `stacks/${e}/cdk.tf.json`)]);
});

test.each(STACKS)('%s stack runs in its own Terraform Cloud workspace', (name) => {
  expect(stack(name).terraform.cloud).toEqual({ organization: defaultPlatform.shared.terraformCloud.organization, workspaces: { name: `${PROJECT}-${name}` } });
});

test.each(STACKS)('%s uses only the aws provider, pinned to one account, tagging everything, and no data source', (name) => {
  const s = stack(name);
  expect(Object.keys(s.provider)).toEqual(['aws']);
  expect(Object.keys(s.terraform.required_providers)).toEqual(['aws']);
  const [aws] = s.provider.aws;
  expect(aws.allowed_account_ids).toHaveLength(1);
  expect(aws.default_tags[0].tags).toEqual({ 'environment': name, 'project': PROJECT, 'managed-by': 'cdktf' });
  expect(s.data).toBeUndefined();
});

test('no stack refers to another: no remote state, no cross-stack outputs', () => {
  for (const name of STACKS) expect(JSON.stringify(stack(name))).not.toMatch(/terraform_remote_state|cross-stack/);
});

test.each(ENVS)('%s: a private and a public subnet in each zone of the environment, no public IPs on launch', (name) => {
  const zones = (tag: string) => resources(name, 'aws_subnet').filter((s) => s.tags[tag] === '1').map((s) => s.availability_zone);
  expect(zones('kubernetes.io/role/internal-elb')).toEqual(env(name).aws.availabilityZones);
  expect(zones('kubernetes.io/role/elb')).toEqual(env(name).aws.availabilityZones);
  expect(resources(name, 'aws_subnet').every((s) => s.map_public_ip_on_launch === false)).toBe(true);
});

test.each(ENVS)('%s: NAT gateways as configured: one, or one per zone', (name) => {
  const e = env(name);
  expect(resources(name, 'aws_nat_gateway')).toHaveLength(e.network.natGateways === 'onePerAz' ? e.aws.availabilityZones.length : 1);
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
  for (const e of defaultPlatform.environments.filter(isProduction)) {
    expect(resources(e.name, 'aws_eks_cluster')[0].vpc_config.endpoint_public_access).toBe(false);
  }
});

test('node groups follow config: capacity, instance types, sizes, labels and taints', () => {
  for (const name of ENVS) {
    const groups = resources(name, 'aws_eks_node_group');
    const configured = env(name).cluster.nodeGroups.map((g) => [
      g.name, g.capacityType, g.instanceTypes, { min_size: g.minSize, max_size: g.maxSize, desired_size: g.desiredSize },
      g.labels ?? {}, g.taints ?? [],
    ]);
    const actual = groups.map((g) => [g.node_group_name, g.capacity_type, g.instance_types, g.scaling_config, g.labels, g.taint ?? []]);
    expect(actual.sort()).toEqual(configured.sort());
  }
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

test.each(ENVS)('%s: external-dns may change only the environment hosted zone; velero only its bucket', (name) => {
  const policies = resources(name, 'aws_iam_role_policy').map((p) => String(p.policy));
  const dns = policies.find((p) => p.includes('route53:ChangeResourceRecordSets'))!;
  expect(dns).toMatch(/route53:ChangeResourceRecordSets.*aws_route53_zone\.zone\.arn/);
  const velero = policies.find((p) => p.includes('s3:PutObject') && p.includes('ec2:CreateSnapshot'))!;
  expect(velero).toContain('aws_s3_bucket.backup_bucket');
  // every policy that writes objects names exactly one bucket of the stack
  for (const p of policies.filter((x) => x.includes('s3:PutObject'))) {
    expect(new Set([...p.matchAll(/aws_s3_bucket\.([a-z0-9_]+?)_bucket_[0-9A-F]{8}\.arn/g)].map((m) => m[1])).size).toBe(1);
  }
  expect(policies.join('\n')).not.toMatch(/"Action": ?"\*"|"\*:\*"/);
});

test('a service that declares AWS permissions gets an IRSA role with them, placeholders filled in', () => {
  const input = defaultInput();
  const platform = buildPlatform({
    ...input,
    catalog: input.catalog.map((s, i) => (i === 0 ? { ...s, awsPermissions: [{ actions: ['sns:Publish'], resources: ['arn:aws:sns:{region}:{account}:{env}-assets-{account}'] }] } : s)),
  });
  const svc = platform.catalog[0];
  for (const e of platform.environments) {
    const role = resources(e.name, 'aws_iam_role', platform).find((r) => r.name === irsaRoleName(e.name, svc.namespace, svc.name));
    expect(role.path).toBe(IRSA_ROLE_PATH);
    expect(role.assume_role_policy).toContain(`system:serviceaccount:${svc.namespace}:${svc.name}`);
    const policy = resources(e.name, 'aws_iam_role_policy', platform).map((p) => String(p.policy)).find((p) => p.includes(`${e.name}-assets`))!;
    expect(policy).toContain(`arn:aws:sns:${e.aws.region}:${e.aws.accountId}:${e.name}-assets-${e.aws.accountId}`);
  }
});

test('Velero, traces and logs buckets per environment, named by the naming rules; only logs unversioned, saying why', () => {
  for (const name of ENVS) {
    const account = env(name).aws.accountId;
    const buckets = resources(name, 'aws_s3_bucket');
    expect(buckets.map((b) => b.bucket).sort()).toEqual([
      backupBucketName(name, account), telemetryBucketName(name, account, 'traces'), telemetryBucketName(name, account, 'logs'),
    ].sort());
    const unversioned = buckets.filter((b) => b.tags?.versioning);
    expect(unversioned.map((b) => b.bucket)).toEqual([telemetryBucketName(name, account, 'logs')]);
    expect(unversioned[0].tags.versioning).toMatch(/^off: /);
  }
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
