import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlatform } from '../../environments/load';
import { vpcEndpointsFor } from '../../environments/naming';
import { certificateCovers, CHECKS, check, checkContext, PlanView, requiredChecks, runChecks, type PlanJson } from '../../terraform-gate/terraform-checks';

/**
 * The checks run by `npm run validate:terraform`, against plans captured from the real terraform
 * (`validate-terraform.ts --plans-out`, trimmed to planned values and configuration). Each check
 * passes on the real plan and fails once its secure default is flipped, so none passes vacuously.
 */
const platform = loadPlatform();
const load = (stack: string): PlanJson => JSON.parse(readFileSync(join(__dirname, 'fixtures', `${stack}.plan.json`), 'utf8'));
const PROD = load('prod');
const SHARED = load('shared');

type Plan = { planned_values: { root_module: { resources: any[] } }; configuration: { root_module: { resources: any[] } } };
const clone = (p: PlanJson): Plan => structuredClone(p) as Plan;
const planned = (p: Plan, type: string) => p.planned_values.root_module.resources.filter((r) => r.type === type);
const configured = (p: Plan, type: string) => p.configuration.root_module.resources.filter((r) => r.type === type);
/** Removes every resource of a type from the plan. */
const drop = (p: Plan, type: string) => {
  p.planned_values.root_module.resources = p.planned_values.root_module.resources.filter((r) => r.type !== type);
  p.configuration.root_module.resources = p.configuration.root_module.resources.filter((r) => r.type !== type);
};
/** Sets a planned value and the matching configuration constant of the first resource of a type. */
const set = (p: Plan, type: string, path: (string | number)[], value: unknown) => {
  const put = (root: any, isExpr: boolean) => {
    let cur = root;
    for (const k of path.slice(0, -1)) cur = cur[k] ??= {};
    cur[path[path.length - 1]] = isExpr ? { constant_value: value } : value;
  };
  put(planned(p, type)[0].values, false);
  const c = configured(p, type)[0];
  if (c && path.length === 1) put(c.expressions, true);
};
/** A check's status on a plan of prod (the repository's prod config: its public hosts). */
const status = (id: string, plan: PlanJson) => check(id).run(new PlanView(plan), plan === SHARED ? undefined : checkContext('prod')).status;
/** The planned and configured halves of the first resource of a type whose planned values match. */
const pick = (p: Plan, type: string, match: (values: any) => boolean) => {
  const r = planned(p, type).find((x) => match(x.values));
  expect(r).toBeDefined();
  return { values: r.values, expressions: configured(p, type).find((c) => c.address === r.address)!.expressions, address: r.address as string };
};
/** Removes one resource (by address) from the plan. */
const remove = (p: Plan, address: string) => {
  p.planned_values.root_module.resources = p.planned_values.root_module.resources.filter((r) => r.address !== address);
  p.configuration.root_module.resources = p.configuration.root_module.resources.filter((r) => r.address !== address);
};
const addon = (name: string) => (v: any) => v.addon_name === name;
const endpoint = (suffix: string) => (v: any) => String(v.service_name).endsWith(`.${suffix}`);

/** For every check: how to flip its secure default in a copy of a real plan. */
const FLIPS: Record<string, { base: PlanJson; flip: (p: Plan) => void }[]> = {
  CKV_AWS_37: [{ base: PROD, flip: (p) => set(p, 'aws_eks_cluster', ['enabled_cluster_log_types'], ['api', 'audit']) }],
  CKV_AWS_39: [{ base: PROD, flip: (p) => set(p, 'aws_eks_cluster', ['vpc_config', 0, 'endpoint_public_access'], true) }],
  CKV_AWS_38: [
    { base: PROD, flip: (p) => { set(p, 'aws_eks_cluster', ['vpc_config', 0, 'endpoint_public_access'], true); set(p, 'aws_eks_cluster', ['vpc_config', 0, 'public_access_cidrs'], ['0.0.0.0/0']); } },
    { base: PROD, flip: (p) => { set(p, 'aws_eks_cluster', ['vpc_config', 0, 'endpoint_public_access'], true); set(p, 'aws_eks_cluster', ['vpc_config', 0, 'public_access_cidrs'], []); } },
  ],
  CKV_AWS_58: [
    { base: PROD, flip: (p) => { set(p, 'aws_eks_cluster', ['encryption_config'], []); } },
    { base: PROD, flip: (p) => { configured(p, 'aws_eks_cluster')[0].expressions.encryption_config[0].provider[0].key_arn = { constant_value: 'alias/aws/eks' }; } },
  ],
  CKV_AWS_79: [{ base: PROD, flip: (p) => set(p, 'aws_launch_template', ['metadata_options', 0, 'http_tokens'], 'optional') }],
  CKV_AWS_341: [{ base: PROD, flip: (p) => set(p, 'aws_launch_template', ['metadata_options', 0, 'http_put_response_hop_limit'], 2) }],
  CKV_AWS_7: [{ base: PROD, flip: (p) => set(p, 'aws_kms_key', ['enable_key_rotation'], false) }],
  CKV_AWS_158: [{ base: PROD, flip: (p) => { delete configured(p, 'aws_cloudwatch_log_group')[0].expressions.kms_key_id; } }],
  CKV_AWS_66: [{ base: PROD, flip: (p) => set(p, 'aws_cloudwatch_log_group', ['retention_in_days'], 0) }],
  CKV_AWS_51: [{ base: SHARED, flip: (p) => set(p, 'aws_ecr_repository', ['image_tag_mutability'], 'MUTABLE') }],
  CKV_AWS_163: [{ base: SHARED, flip: (p) => set(p, 'aws_ecr_repository', ['image_scanning_configuration', 0, 'scan_on_push'], false) }],
  CKV_AWS_136: [{ base: SHARED, flip: (p) => set(p, 'aws_ecr_repository', ['encryption_configuration', 0, 'encryption_type'], 'AES256') }],
  CKV_AWS_21: [
    { base: PROD, flip: (p) => set(p, 'aws_s3_bucket_versioning', ['versioning_configuration', 0, 'status'], 'Suspended') },
    { base: PROD, flip: (p) => drop(p, 'aws_s3_bucket_versioning') },
  ],
  CKV_AWS_145: [
    { base: PROD, flip: (p) => set(p, 'aws_s3_bucket_server_side_encryption_configuration', ['rule', 0, 'apply_server_side_encryption_by_default', 0, 'sse_algorithm'], 'AES256') },
    { base: PROD, flip: (p) => drop(p, 'aws_s3_bucket_server_side_encryption_configuration') },
  ],
  CKV_AWS_53: [{ base: PROD, flip: (p) => set(p, 'aws_s3_bucket_public_access_block', ['block_public_acls'], false) }],
  CKV_AWS_54: [{ base: PROD, flip: (p) => set(p, 'aws_s3_bucket_public_access_block', ['block_public_policy'], false) }],
  CKV_AWS_55: [{ base: PROD, flip: (p) => set(p, 'aws_s3_bucket_public_access_block', ['ignore_public_acls'], false) }],
  CKV_AWS_56: [
    { base: PROD, flip: (p) => set(p, 'aws_s3_bucket_public_access_block', ['restrict_public_buckets'], false) },
    { base: PROD, flip: (p) => drop(p, 'aws_s3_bucket_public_access_block') },
  ],
  CKV2_AWS_11: [
    { base: PROD, flip: (p) => drop(p, 'aws_flow_log') },
    { base: PROD, flip: (p) => set(p, 'aws_flow_log', ['traffic_type'], 'REJECT') },
  ],
  CKV2_AWS_12: [
    { base: PROD, flip: (p) => drop(p, 'aws_default_security_group') },
    { base: PROD, flip: (p) => set(p, 'aws_default_security_group', ['ingress'], [{ from_port: 0, to_port: 0, protocol: '-1', self: true }]) },
  ],
  PLATFORM_NAT_PER_AZ: [
    // a single NAT: the other zones have none
    {
      base: PROD,
      flip: (p) => {
        const keep = planned(p, 'aws_nat_gateway')[0].address;
        p.planned_values.root_module.resources = p.planned_values.root_module.resources.filter((r) => r.type !== 'aws_nat_gateway' || r.address === keep);
        p.configuration.root_module.resources = p.configuration.root_module.resources.filter((r) => r.type !== 'aws_nat_gateway' || r.address === keep);
      },
    },
    // three NATs, but one zone's private subnet leaves through another zone's NAT
    {
      base: PROD,
      flip: (p) => {
        const [a, b] = configured(p, 'aws_nat_gateway').map((n) => n.address);
        const table = configured(p, 'aws_route_table').find((t) => JSON.stringify(t.expressions.route).includes(b))!;
        table.expressions.route = JSON.parse(JSON.stringify(table.expressions.route).split(b).join(a));
      },
    },
  ],
  PLATFORM_NETPOL_AGENT: [
    // the agent switched off
    {
      base: PROD,
      flip: (p) => {
        const cni = pick(p, 'aws_eks_addon', addon('vpc-cni'));
        cni.values.configuration_values = JSON.stringify({ enableNetworkPolicy: 'false' });
        cni.expressions.configuration_values = { constant_value: cni.values.configuration_values };
      },
    },
    // no configuration values at all: the add-on's default leaves the agent off
    {
      base: PROD,
      flip: (p) => {
        const cni = pick(p, 'aws_eks_addon', addon('vpc-cni'));
        delete cni.values.configuration_values;
        delete cni.expressions.configuration_values;
      },
    },
    { base: PROD, flip: (p) => remove(p, pick(p, 'aws_eks_addon', addon('vpc-cni')).address) },
  ],
  PLATFORM_METRICS_API: [{ base: PROD, flip: (p) => remove(p, pick(p, 'aws_eks_addon', addon('metrics-server')).address) }],
  PLATFORM_VPC_ENDPOINT: [
    { base: PROD, flip: (p) => remove(p, pick(p, 'aws_vpc_endpoint', endpoint('sts')).address) },
    // every endpoint a service's permissions need beyond STS and S3
    ...(checkContext('prod').vpcEndpoints ?? []).filter((e) => e.service !== 'sts' && e.service !== 's3')
      .map((e) => ({ base: PROD, flip: (p: Plan) => remove(p, pick(p, 'aws_vpc_endpoint', endpoint(e.service)).address) })),
    { base: PROD, flip: (p) => remove(p, pick(p, 'aws_vpc_endpoint', endpoint('s3')).address) },
    {
      base: PROD,
      flip: (p) => {
        const sts = pick(p, 'aws_vpc_endpoint', endpoint('sts'));
        sts.values.private_dns_enabled = false;
        sts.expressions.private_dns_enabled = { constant_value: false };
      },
    },
    // the endpoints' group open to the internet
    {
      base: PROD,
      flip: (p) => {
        const rule = pick(p, 'aws_vpc_security_group_ingress_rule', () => true);
        rule.values.cidr_ipv4 = '0.0.0.0/0';
        rule.expressions.cidr_ipv4 = { constant_value: '0.0.0.0/0' };
      },
    },
    // one private route table without the S3 route
    {
      base: PROD,
      flip: (p) => {
        const s3 = pick(p, 'aws_vpc_endpoint', endpoint('s3'));
        const tables = s3.expressions.route_table_ids;
        tables.constant_value = tables.constant_value.slice(1);
        tables.references = tables.references.slice(2);
      },
    },
  ],
  PLATFORM_ACM_CERTIFICATE: [
    // no certificate at all
    { base: PROD, flip: (p) => drop(p, 'aws_acm_certificate') },
    // validated by e-mail: nobody renews it
    { base: PROD, flip: (p) => set(p, 'aws_acm_certificate', ['validation_method'], 'EMAIL') },
    // issued, but nothing waits for it: the ALB may look for it before it exists
    { base: PROD, flip: (p) => drop(p, 'aws_acm_certificate_validation') },
    // the wildcard gone: the public hosts under the domain are not covered
    { base: PROD, flip: (p) => set(p, 'aws_acm_certificate', ['subject_alternative_names'], []) },
    // the validation record outside any zone of the plan
    { base: PROD, flip: (p) => { delete configured(p, 'aws_route53_record')[0].expressions.zone_id; } },
  ],
  PLATFORM_NO_PUBLIC_IP: [{ base: PROD, flip: (p) => set(p, 'aws_subnet', ['map_public_ip_on_launch'], true) }],
  PLATFORM_NODES_NO_SSH: [{ base: PROD, flip: (p) => set(p, 'aws_eks_node_group', ['remote_access'], [{ ec2_ssh_key: 'ops' }]) }],
  PLATFORM_IRSA_TRUST: [
    // any ServiceAccount of the cluster
    { base: PROD, flip: (p) => irsaTrust(p, (t) => t.replace(/system:serviceaccount:[a-z0-9-]+:[a-z0-9-]+/, 'system:serviceaccount:*')) },
    // no audience pinned
    { base: PROD, flip: (p) => irsaTrust(p, (t) => t.replace(/,"\$\{[^}]*\}:aud":"sts\.amazonaws\.com"/, '')) },
  ],
};

/** Rewrites the trust policy of the first IRSA role (in both planned values and configuration). */
function irsaTrust(p: Plan, edit: (text: string) => string): void {
  const role = configured(p, 'aws_iam_role').find((r) => String(r.expressions.assume_role_policy?.constant_value).includes('AssumeRoleWithWebIdentity'))!;
  const before = role.expressions.assume_role_policy.constant_value;
  role.expressions.assume_role_policy.constant_value = edit(before);
  expect(role.expressions.assume_role_policy.constant_value).not.toBe(before);
}

test('every check has at least one flipped fixture', () => {
  expect(Object.keys(FLIPS).sort()).toEqual(CHECKS.map((c) => c.id).sort());
});

test.each(['prod', 'shared'])('every required check passes on the real %s plan', (stack) => {
  const { results, passed } = runChecks(stack, stack === 'prod' ? PROD : SHARED);
  expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
  expect(passed).toBe(true);
  for (const r of results) expect(r.inspected).toBeGreaterThan(0);
});

const cases = Object.entries(FLIPS).flatMap(([id, flips]) => flips.map((f, i) => [id, i, f] as const));
test.each(cases)('%s fails once its secure default is flipped (fixture %i)', (id, _i, { base, flip }) => {
  expect(status(id, base)).toBe('pass');
  const p = clone(base);
  flip(p);
  expect(status(id, p)).toBe('fail');
});

test('a flipped default fails the stack in the gate, not only the check', () => {
  const p = clone(PROD);
  set(p, 'aws_launch_template', ['metadata_options', 0, 'http_tokens'], 'optional');
  expect(runChecks('prod', p).passed).toBe(false);
});

test('a stack without the resources a check covers fails the gate (n/a is not a pass)', () => {
  const empty: PlanJson = { planned_values: { root_module: { resources: [] } }, configuration: { root_module: { resources: [] } } };
  for (const c of CHECKS) expect(c.run(new PlanView(empty)).status).toBe('n/a');
  const { results, passed } = runChecks('dev', empty);
  expect(passed).toBe(false);
  expect(results.every((r) => r.status === 'fail')).toBe(true);
});

test('a certificate name covers the host itself, and a wildcard exactly one label under it', () => {
  expect(certificateCovers('shop.example.com', 'shop.example.com')).toBe(true);
  expect(certificateCovers('*.shop.example.com', 'www.shop.example.com')).toBe(true);
  expect(certificateCovers('*.shop.example.com', 'shop.example.com')).toBe(false);
  expect(certificateCovers('*.shop.example.com', 'a.b.shop.example.com')).toBe(false);
  expect(certificateCovers('*.shop.example.com', 'www.shopexample.com')).toBe(false);
});

test('every environment with public services must have their certificate; the context holds exactly their hosts', () => {
  for (const env of platform.environments) {
    const hosts = env.services.flatMap((s) => (s.exposure === 'public' ? [s.host!] : [])).sort();
    expect(checkContext(env.name).publicHosts).toEqual(hosts);
    expect(requiredChecks(env.name).includes('PLATFORM_ACM_CERTIFICATE')).toBe(hosts.length > 0);
  }
  expect(requiredChecks('dev', false, { publicHosts: [] })).not.toContain('PLATFORM_ACM_CERTIFICATE');
  // a host the certificate does not name fails the gate
  expect(runChecks('prod', PROD, { publicHosts: ['www.example.org'] }).passed).toBe(false);
});

test('the context names the VPC endpoint of every API the environment\'s services call', () => {
  for (const env of platform.environments) {
    expect([env.name, checkContext(env.name).vpcEndpoints]).toEqual([env.name, vpcEndpointsFor(env.services)]);
  }
  expect(checkContext('shared').vpcEndpoints).toBeUndefined();
});

test('prod must also keep its API private and one NAT per zone; shared is checked as a registry', () => {
  expect(requiredChecks('prod')).toEqual(expect.arrayContaining(['CKV_AWS_39', 'PLATFORM_NAT_PER_AZ']));
  expect(requiredChecks('dev')).not.toContain('CKV_AWS_39');
  expect(requiredChecks('shared')).toEqual(['CKV_AWS_51', 'CKV_AWS_163', 'CKV_AWS_136', 'CKV_AWS_7']);
});

test('unknown-at-plan values are proven through configuration references', () => {
  const view = new PlanView(PROD);
  const group = view.resources('aws_cloudwatch_log_group')[0];
  expect(group.values.kms_key_id).toBeUndefined(); // unknown until apply
  expect(view.refs(group, ['kms_key_id'], 'aws_kms_key')).toHaveLength(1);
});
