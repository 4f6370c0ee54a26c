/**
 * Security checks on the JSON of a real `terraform plan` (`terraform show -json`), mirroring the
 * checkov checks named in their ids. Pure functions: a plan in, a result per check out.
 *
 * Values known at plan time are read from `planned_values`; values that are unknown until apply
 * (ARNs, ids, KMS key ids) are proven through the plan's `configuration`: the expression must
 * reference a resource of the right type in the same plan (e.g. a log group's `kms_key_id` refers
 * to an `aws_kms_key`). A check with nothing to inspect reports `n/a`, never `pass`; the gate
 * treats `n/a` for a check a stack requires as a failure.
 */
import { catalog } from '../environments/catalog';
import { ENVIRONMENTS } from '../environments/index';
import { vpcEndpointsFor, type VpcEndpointService } from '../environments/naming';

/** The parts of `terraform show -json` output the checks read. */
export interface PlanJson {
  readonly planned_values?: { readonly root_module?: PlannedModule };
  readonly configuration?: { readonly root_module?: ConfigModule };
}
interface PlannedModule {
  readonly resources?: readonly { address: string; mode: string; type: string; values?: any }[];
  readonly child_modules?: readonly PlannedModule[];
}
interface ConfigModule {
  readonly resources?: readonly { address: string; mode: string; type: string; expressions?: any }[];
}

/** One managed resource of a plan: its planned values and its configuration expressions. */
export interface PlanResource {
  readonly address: string;
  readonly type: string;
  /** Planned values; attributes unknown until apply are absent. */
  readonly values: any;
  /** Configuration expressions (`constant_value`, `references`), blocks as arrays. */
  readonly expressions: any;
}

const REFERENCE = /\$\{\s*(?:[a-z]+\()?\s*([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)/g;

/** A plan, indexed for the checks. */
export class PlanView {
  private readonly byAddress = new Map<string, PlanResource>();

  constructor(plan: PlanJson) {
    const expressions = new Map<string, any>();
    for (const r of plan.configuration?.root_module?.resources ?? []) expressions.set(r.address, r.expressions ?? {});
    const walk = (m: PlannedModule | undefined) => {
      for (const r of m?.resources ?? []) {
        if (r.mode !== 'managed') continue;
        this.byAddress.set(r.address, { address: r.address, type: r.type, values: r.values ?? {}, expressions: expressions.get(r.address) ?? {} });
      }
      (m?.child_modules ?? []).forEach(walk);
    };
    walk(plan.planned_values?.root_module);
  }

  /** Managed resources of a type, in address order. */
  public resources(type: string): PlanResource[] {
    return [...this.byAddress.values()].filter((r) => r.type === type).sort((a, b) => a.address.localeCompare(b.address));
  }

  /** The resource at an address (`type.name`). */
  public get(address: string): PlanResource | undefined {
    return this.byAddress.get(address);
  }

  /**
   * Addresses (`type.name`) of the resources an expression refers to, from its `references` and
   * from `${type.name...}` interpolations inside constant values (JSON-syntax configuration).
   */
  public refs(resource: PlanResource, path: readonly (string | number)[], type?: string): string[] {
    const found = new Set<string>();
    const collect = (e: any): void => {
      if (e === null || e === undefined) return;
      if (typeof e === 'string') {
        for (const m of e.matchAll(REFERENCE)) found.add(m[1]);
      } else if (Array.isArray(e)) {
        e.forEach(collect);
      } else if (typeof e === 'object') {
        for (const ref of e.references ?? []) {
          const parts = String(ref).split('.');
          if (parts.length >= 2) found.add(`${parts[0]}.${parts[1].replace(/\[.*$/, '')}`);
        }
        Object.entries(e).forEach(([k, v]) => { if (k !== 'references') collect(v); });
      }
    };
    collect(at(resource.expressions, path));
    return [...found].filter((a) => !type || a.startsWith(`${type}.`)).filter((a) => this.byAddress.has(a)).sort();
  }

  /** A value known at plan time: the planned value, else the configuration's constant. */
  public value(resource: PlanResource, path: readonly (string | number)[]): unknown {
    const planned = at(resource.values, path);
    if (planned !== undefined && planned !== null) return planned;
    const expr = at(resource.expressions, path);
    return expr && typeof expr === 'object' && 'constant_value' in expr ? expr.constant_value : undefined;
  }
}

/** Walks objects and arrays; in expressions, a block is an array of objects. */
function at(root: any, path: readonly (string | number)[]): any {
  let cur = root;
  for (const p of path) {
    if (cur === null || cur === undefined) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Outcome of one check on one plan. */
export interface CheckResult {
  readonly id: string;
  readonly title: string;
  /** `n/a`: the plan has nothing the check applies to. */
  readonly status: 'pass' | 'fail' | 'n/a';
  /** How many resources were inspected. */
  readonly inspected: number;
  /** One line per failing resource. */
  readonly failures: readonly string[];
}

/** What a stack's config says that its plan cannot: the names the Kubernetes side serves. */
export interface CheckContext {
  /** Host names of the environment's public services (their Ingresses). */
  readonly publicHosts: readonly string[];
  /**
   * The VPC endpoints the environment's services reach AWS through (STS, S3 and one per action
   * prefix of their `awsPermissions`): their egress policies open the endpoint subnets only, so a
   * missing endpoint is an API the pod cannot call.
   * @default - STS (interface) and S3 (gateway)
   */
  readonly vpcEndpoints?: readonly VpcEndpointService[];
}

/**
 * A check: an id (checkov's, or PLATFORM_* for ours), a title and a pure function of a plan (and
 * of the stack's config, for the few that compare the two).
 */
export interface PlanCheck {
  readonly id: string;
  readonly title: string;
  run(plan: PlanView, context?: CheckContext): CheckResult;
}

/** A check that inspects every resource of a type; `problem` returns why one fails, or nothing. */
function eachResource(id: string, title: string, type: string,
  problem: (r: PlanResource, plan: PlanView, context?: CheckContext) => string | undefined): PlanCheck {
  return {
    id,
    title,
    run(plan, context) {
      const subjects = plan.resources(type);
      const failures = subjects.flatMap((r) => {
        const p = problem(r, plan, context);
        return p ? [`${r.address}: ${p}`] : [];
      });
      return { id, title, status: subjects.length === 0 ? 'n/a' : failures.length ? 'fail' : 'pass', inspected: subjects.length, failures };
    },
  };
}

/** The resources of `type` whose `attribute` refers to `target`. */
function attachedTo(plan: PlanView, type: string, attribute: string, target: PlanResource): PlanResource[] {
  return plan.resources(type).filter((r) => plan.refs(r, [attribute]).includes(target.address));
}

/** True when an expression refers to an `aws_kms_key` of the plan, or is a constant KMS key ARN. */
function usesCustomerKey(plan: PlanView, r: PlanResource, path: readonly (string | number)[]): boolean {
  if (plan.refs(r, path, 'aws_kms_key').length > 0) return true;
  const v = plan.value(r, path);
  return typeof v === 'string' && /^arn:aws[a-z-]*:kms:[^:]+:\d{12}:key\//.test(v);
}

export const ALL_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

const eksLogging = eachResource('CKV_AWS_37', 'EKS control-plane logging enabled for all five log types', 'aws_eks_cluster', (r, plan) => {
  const types = (plan.value(r, ['enabled_cluster_log_types']) ?? []) as string[];
  const missing = ALL_LOG_TYPES.filter((t) => !types.includes(t));
  return missing.length ? `log types ${missing.join(', ')} are not enabled` : undefined;
});

const eksPublicEndpointOff = eachResource('CKV_AWS_39', 'EKS public API endpoint disabled', 'aws_eks_cluster', (r, plan) =>
  (plan.value(r, ['vpc_config', 0, 'endpoint_public_access']) === false ? undefined : 'endpoint_public_access is not false'));

const eksPublicCidrs = eachResource('CKV_AWS_38', 'EKS public API endpoint not open to 0.0.0.0/0', 'aws_eks_cluster', (r, plan) => {
  if (plan.value(r, ['vpc_config', 0, 'endpoint_public_access']) === false) return undefined;
  const cidrs = plan.value(r, ['vpc_config', 0, 'public_access_cidrs']) as string[] | undefined;
  if (!cidrs || cidrs.length === 0) return 'public endpoint on without public_access_cidrs (AWS defaults to 0.0.0.0/0)';
  return cidrs.includes('0.0.0.0/0') ? 'public_access_cidrs contains 0.0.0.0/0' : undefined;
});

const eksSecretsEncryption = eachResource('CKV_AWS_58', 'EKS secrets encrypted with a customer KMS key', 'aws_eks_cluster', (r, plan) => {
  const resources = (plan.value(r, ['encryption_config', 0, 'resources']) ?? []) as string[];
  if (!resources.includes('secrets')) return 'encryption_config does not cover secrets';
  return usesCustomerKey(plan, r, ['encryption_config', 0, 'provider', 0, 'key_arn']) ? undefined : 'encryption_config key_arn is not a KMS key';
});

const imdsv2 = eachResource('CKV_AWS_79', 'Launch templates require IMDSv2 (http_tokens = required)', 'aws_launch_template', (r, plan) =>
  (plan.value(r, ['metadata_options', 0, 'http_tokens']) === 'required' ? undefined : 'metadata_options.http_tokens is not "required"'));

const hopLimit = eachResource('CKV_AWS_341', 'Launch templates limit the metadata response to one hop', 'aws_launch_template', (r, plan) => {
  const hops = plan.value(r, ['metadata_options', 0, 'http_put_response_hop_limit']);
  return typeof hops === 'number' && hops <= 1 ? undefined : `http_put_response_hop_limit is ${JSON.stringify(hops)}, not 1`;
});

const kmsRotation = eachResource('CKV_AWS_7', 'KMS keys rotate', 'aws_kms_key', (r, plan) =>
  (plan.value(r, ['enable_key_rotation']) === true ? undefined : 'enable_key_rotation is not true'));

const logGroupKms = eachResource('CKV_AWS_158', 'CloudWatch log groups encrypted with a KMS key', 'aws_cloudwatch_log_group', (r, plan) =>
  (usesCustomerKey(plan, r, ['kms_key_id']) ? undefined : 'kms_key_id is not a KMS key'));

const logGroupRetention = eachResource('CKV_AWS_66', 'CloudWatch log groups have a retention period', 'aws_cloudwatch_log_group', (r, plan) => {
  const days = plan.value(r, ['retention_in_days']);
  return typeof days === 'number' && days > 0 ? undefined : 'retention_in_days is not set (logs kept forever)';
});

const ecrImmutable = eachResource('CKV_AWS_51', 'ECR image tags immutable', 'aws_ecr_repository', (r, plan) =>
  (plan.value(r, ['image_tag_mutability']) === 'IMMUTABLE' ? undefined : 'image_tag_mutability is not IMMUTABLE'));

const ecrScan = eachResource('CKV_AWS_163', 'ECR scans images on push', 'aws_ecr_repository', (r, plan) =>
  (plan.value(r, ['image_scanning_configuration', 0, 'scan_on_push']) === true ? undefined : 'scan_on_push is not true'));

const ecrKms = eachResource('CKV_AWS_136', 'ECR repositories encrypted with KMS', 'aws_ecr_repository', (r, plan) =>
  (plan.value(r, ['encryption_configuration', 0, 'encryption_type']) === 'KMS' ? undefined : 'encryption_type is not KMS'));

const s3Versioning = eachResource('CKV_AWS_21', 'S3 buckets versioned', 'aws_s3_bucket', (b, plan) => {
  const v = attachedTo(plan, 'aws_s3_bucket_versioning', 'bucket', b);
  if (v.some((x) => plan.value(x, ['versioning_configuration', 0, 'status']) === 'Enabled')) return undefined;
  // short-lived data (logs) may go unversioned when the bucket says why and its objects expire
  const reason = plan.value(b, ['tags', 'versioning']);
  const expires = attachedTo(plan, 'aws_s3_bucket_lifecycle_configuration', 'bucket', b)
    .some((l) => typeof plan.value(l, ['rule', 0, 'expiration', 0, 'days']) === 'number');
  return typeof reason === 'string' && reason.startsWith('off:') && expires
    ? undefined : 'no aws_s3_bucket_versioning with status Enabled (nor a "versioning = off: <why>" tag and an expiring lifecycle)';
});

const s3Kms = eachResource('CKV_AWS_145', 'S3 buckets encrypted with KMS by default', 'aws_s3_bucket', (b, plan) => {
  const sse = attachedTo(plan, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket', b);
  const ok = sse.some((x) => String(plan.value(x, ['rule', 0, 'apply_server_side_encryption_by_default', 0, 'sse_algorithm'])).startsWith('aws:kms'));
  return ok ? undefined : 'no default encryption with sse_algorithm aws:kms';
});

function publicAccessBlock(id: string, flag: string, title: string): PlanCheck {
  return eachResource(id, title, 'aws_s3_bucket', (b, plan) => {
    const pab = attachedTo(plan, 'aws_s3_bucket_public_access_block', 'bucket', b);
    return pab.some((x) => plan.value(x, [flag]) === true) ? undefined : `no aws_s3_bucket_public_access_block with ${flag} = true`;
  });
}

const flowLogs = eachResource('CKV2_AWS_11', 'VPC flow logs record all traffic', 'aws_vpc', (vpc, plan) => {
  const logs = attachedTo(plan, 'aws_flow_log', 'vpc_id', vpc);
  if (logs.length === 0) return 'no aws_flow_log';
  return logs.some((l) => plan.value(l, ['traffic_type']) === 'ALL') ? undefined : 'no flow log with traffic_type ALL';
});

const defaultSg = eachResource('CKV2_AWS_12', 'Default security group restricts all traffic', 'aws_vpc', (vpc, plan) => {
  const sgs = attachedTo(plan, 'aws_default_security_group', 'vpc_id', vpc);
  if (sgs.length === 0) return 'the default security group is not managed (it allows all traffic between its members)';
  const empty = (x: unknown) => Array.isArray(x) && x.length === 0;
  return sgs.every((sg) => empty(plan.value(sg, ['ingress'])) && empty(plan.value(sg, ['egress']))) ? undefined : 'the default security group has rules';
});

/** Zone of a subnet, for NAT placement. */
function zoneOf(plan: PlanView, subnetAddress: string | undefined): string | undefined {
  const s = subnetAddress ? plan.get(subnetAddress) : undefined;
  return s ? (plan.value(s, ['availability_zone']) as string | undefined) : undefined;
}

/** One NAT gateway per zone, and every private route table leaving through its own zone's NAT. */
const natPerAz: PlanCheck = {
  id: 'PLATFORM_NAT_PER_AZ',
  title: 'One NAT gateway per availability zone; each private subnet egresses through its own zone',
  run(plan) {
    const id = this.id;
    const title = this.title;
    const zones = [...new Set(plan.resources('aws_subnet').map((s) => plan.value(s, ['availability_zone']) as string))].sort();
    const nats = plan.resources('aws_nat_gateway');
    if (zones.length === 0) return { id, title, status: 'n/a', inspected: 0, failures: [] };
    const failures: string[] = [];
    const natZone = new Map(nats.map((n) => [n.address, zoneOf(plan, plan.refs(n, ['subnet_id'], 'aws_subnet')[0])]));
    for (const z of zones) {
      const count = [...natZone.values()].filter((v) => v === z).length;
      if (count !== 1) failures.push(`zone ${z}: ${count} NAT gateways, want 1`);
    }
    for (const assoc of plan.resources('aws_route_table_association')) {
      const table = plan.refs(assoc, ['route_table_id'], 'aws_route_table')[0];
      const viaNats = table ? plan.refs(plan.get(table)!, ['route'], 'aws_nat_gateway') : [];
      if (viaNats.length === 0) continue;
      const zone = zoneOf(plan, plan.refs(assoc, ['subnet_id'], 'aws_subnet')[0]);
      for (const nat of viaNats) {
        if (natZone.get(nat) !== zone) failures.push(`${assoc.address}: a subnet in ${zone} routes through ${nat} in ${natZone.get(nat)}`);
      }
    }
    return { id, title, status: failures.length ? 'fail' : 'pass', inspected: nats.length, failures };
  },
};

const noPublicIps = eachResource('PLATFORM_NO_PUBLIC_IP', 'No subnet maps public IPs on launch (CKV_AWS_130)', 'aws_subnet', (r, plan) =>
  (plan.value(r, ['map_public_ip_on_launch']) === true ? 'map_public_ip_on_launch is true' : undefined));

const noSsh = eachResource('PLATFORM_NODES_NO_SSH', 'Node groups allow no remote access (CKV_AWS_100)', 'aws_eks_node_group', (r, plan) => {
  const remote = plan.value(r, ['remote_access']);
  return Array.isArray(remote) && remote.length > 0 ? 'remote_access is configured' : undefined;
});

/** A trust policy from plan configuration, with `${...}` interpolations replaced by `TF(...)`. */
function trustPolicy(plan: PlanView, r: PlanResource): any {
  const text = plan.value(r, ['assume_role_policy']);
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text.replace(/\$\{([^}]*)\}/g, (_m, e: string) => `TF(${e.replace(/"/g, "'")})`));
  } catch {
    return undefined;
  }
}

/**
 * Roles trusted through an OIDC provider (IRSA) must pin both the token's `sub` to one
 * ServiceAccount and its `aud` to STS; a wildcard subject would let any pod assume them.
 */
const irsaTrust: PlanCheck = {
  id: 'PLATFORM_IRSA_TRUST',
  title: 'IRSA roles trust one ServiceAccount (sub) for STS (aud) only',
  run(plan) {
    const id = this.id;
    const title = this.title;
    const failures: string[] = [];
    let inspected = 0;
    for (const role of plan.resources('aws_iam_role')) {
      const policy = trustPolicy(plan, role);
      const statements: any[] = policy ? [policy.Statement].flat() : [];
      const federated = statements.filter((st) => st?.Principal?.Federated);
      if (federated.length === 0) continue;
      inspected++;
      for (const st of federated) {
        const equals = st.Condition?.StringEquals ?? {};
        const sub = Object.entries(equals).filter(([k]) => k.endsWith(':sub')).map(([, v]) => v);
        const aud = Object.entries(equals).filter(([k]) => k.endsWith(':aud')).map(([, v]) => v);
        if (st.Action !== 'sts:AssumeRoleWithWebIdentity') failures.push(`${role.address}: action ${JSON.stringify(st.Action)}`);
        if (sub.length !== 1 || !/^system:serviceaccount:[a-z0-9-]+:[a-z0-9-]+$/.test(String(sub[0]))) {
          failures.push(`${role.address}: sub is not one ServiceAccount (${JSON.stringify(sub)})`);
        }
        if (aud.length !== 1 || aud[0] !== 'sts.amazonaws.com') failures.push(`${role.address}: aud is not sts.amazonaws.com`);
        if (st.Condition?.StringLike) failures.push(`${role.address}: StringLike conditions allow wildcards`);
      }
    }
    return { id, title, status: inspected === 0 ? 'n/a' : failures.length ? 'fail' : 'pass', inspected, failures };
  },
};

/** The JSON object of a string attribute (EKS add-on configuration values), or undefined. */
function jsonValue(plan: PlanView, r: PlanResource, path: readonly (string | number)[]): Record<string, unknown> | undefined {
  const text = plan.value(r, path);
  if (typeof text !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** The add-ons of a name, by `addon_name`. */
const addonsNamed = (plan: PlanView, name: string) => plan.resources('aws_eks_addon').filter((a) => plan.value(a, ['addon_name']) === name);

/**
 * NetworkPolicies are enforced: every cluster's vpc-cni add-on runs the network policy agent
 * (`enableNetworkPolicy: "true"` in its configuration values); without it no policy applies.
 */
const networkPolicyAgent: PlanCheck = {
  id: 'PLATFORM_NETPOL_AGENT',
  title: 'The VPC CNI enforces NetworkPolicies (enableNetworkPolicy "true")',
  run(plan) {
    const { id, title } = this;
    const clusters = plan.resources('aws_eks_cluster');
    const cnis = addonsNamed(plan, 'vpc-cni');
    const failures: string[] = [];
    for (const c of clusters) {
      const own = cnis.filter((a) => plan.refs(a, ['cluster_name'], 'aws_eks_cluster').includes(c.address));
      if (own.length === 0) failures.push(`${c.address}: no vpc-cni add-on`);
    }
    for (const a of cnis) {
      const values = jsonValue(plan, a, ['configuration_values']);
      if (values?.enableNetworkPolicy !== 'true') {
        failures.push(`${a.address}: configuration_values has enableNetworkPolicy ${JSON.stringify(values?.enableNetworkPolicy)}, not "true"`);
      }
    }
    return { id, title, status: clusters.length === 0 ? 'n/a' : failures.length ? 'fail' : 'pass', inspected: cnis.length, failures };
  },
};

/** Every cluster runs metrics-server, the `metrics.k8s.io` API of HPAs and the VPA recommender. */
const metricsServer = eachResource('PLATFORM_METRICS_API', 'Every cluster serves resource metrics (metrics-server add-on)', 'aws_eks_cluster',
  (c, plan) => (addonsNamed(plan, 'metrics-server').some((a) => plan.refs(a, ['cluster_name'], 'aws_eks_cluster').includes(c.address))
    ? undefined : 'no metrics-server add-on: HPAs never scale'));

/**
 * Private paths to AWS APIs: each VPC has an STS interface endpoint (IRSA credentials) and every
 * interface endpoint uses private DNS behind a security group that admits only HTTPS from the
 * VPC; an S3 gateway endpoint serves every private route table (those through a NAT gateway).
 */
const vpcEndpoints = eachResource('PLATFORM_VPC_ENDPOINT',
  'AWS APIs reached through VPC endpoints (STS interface, S3 gateway, one per API the services call), HTTPS from the VPC only',
  'aws_vpc', (vpc, plan, context) => {
    const endpoints = attachedTo(plan, 'aws_vpc_endpoint', 'vpc_id', vpc);
    const service = (e: PlanResource) => String(plan.value(e, ['service_name']) ?? '');
    const type = (e: PlanResource) => plan.value(e, ['vpc_endpoint_type']);
    const problems: string[] = [];
    if (!endpoints.some((e) => /\.sts$/.test(service(e)) && type(e) === 'Interface')) problems.push('no STS interface endpoint');
    const cidr = plan.value(vpc, ['cidr_block']);
    for (const e of endpoints.filter((x) => type(x) === 'Interface')) {
      if (plan.value(e, ['private_dns_enabled']) !== true) problems.push(`${e.address} has private DNS off (clients would still resolve the public endpoint)`);
      const groups = plan.refs(e, ['security_group_ids'], 'aws_security_group');
      if (groups.length === 0) problems.push(`${e.address} has no security group of this plan`);
      for (const g of groups) {
        const rules = attachedTo(plan, 'aws_vpc_security_group_ingress_rule', 'security_group_id', plan.get(g)!);
        const inline = plan.value(plan.get(g)!, ['ingress']);
        if (Array.isArray(inline) && inline.length > 0) problems.push(`${g} has inline ingress rules`);
        const open = rules.filter((r) => plan.value(r, ['ip_protocol']) !== 'tcp' || plan.value(r, ['from_port']) !== 443
          || plan.value(r, ['to_port']) !== 443 || plan.value(r, ['cidr_ipv4']) !== cidr);
        if (rules.length === 0 || open.length > 0) problems.push(`${g} admits more than HTTPS from ${String(cidr)} (or nothing)`);
      }
    }
    const s3 = endpoints.filter((e) => /\.s3$/.test(service(e)) && type(e) === 'Gateway');
    if (s3.length === 0) problems.push('no S3 gateway endpoint');
    for (const wanted of context?.vpcEndpoints ?? []) {
      if (wanted.service === 'sts' || wanted.service === 's3') continue;
      if (!endpoints.some((e) => service(e).endsWith(`.${wanted.service}`) && type(e) === wanted.type)) {
        problems.push(`no ${wanted.type} endpoint for ${wanted.service}, which a service's awsPermissions call (its egress reaches AWS only through endpoints)`);
      }
    }
    const natTables = plan.resources('aws_route_table').filter((t) => plan.refs(t, ['vpc_id'], 'aws_vpc').includes(vpc.address)
      && plan.refs(t, ['route'], 'aws_nat_gateway').length > 0);
    for (const t of natTables) {
      if (!s3.some((e) => plan.refs(e, ['route_table_ids'], 'aws_route_table').includes(t.address))) problems.push(`${t.address} has no route to the S3 gateway endpoint`);
    }
    return problems.length ? problems.join('; ') : undefined;
  });

/** True when a certificate name (`example.com`, `*.example.com`) covers a host: a wildcard covers one label. */
export function certificateCovers(name: string, host: string): boolean {
  if (name === host) return true;
  if (!name.startsWith('*.')) return false;
  const rest = host.slice(host.indexOf('.') + 1);
  return host.indexOf('.') > 0 && rest === name.slice(2);
}

/**
 * The edge's TLS: every public host of the environment is named by an ACM certificate of the plan
 * (DNS validation) that an `aws_acm_certificate_validation` waits for, through validation records
 * in a hosted zone of the plan. The AWS Load Balancer Controller finds an issued certificate by
 * the Ingress host; without one the ALB's HTTPS listener cannot be created.
 */
const acmCertificate: PlanCheck = {
  id: 'PLATFORM_ACM_CERTIFICATE',
  title: 'Every public host is covered by a DNS-validated ACM certificate that the stack waits to be issued',
  run(plan, context) {
    const { id, title } = this;
    const hosts = context?.publicHosts ?? [];
    if (hosts.length === 0) return { id, title, status: 'n/a', inspected: 0, failures: [] };
    const certificates = plan.resources('aws_acm_certificate');
    const validations = plan.resources('aws_acm_certificate_validation');
    const problems = (cert: PlanResource): string[] => {
      const found: string[] = [];
      if (plan.value(cert, ['validation_method']) !== 'DNS') found.push(`${cert.address} is not validated through DNS`);
      const own = validations.filter((v) => plan.refs(v, ['certificate_arn'], 'aws_acm_certificate').includes(cert.address));
      if (own.length === 0) found.push(`${cert.address}: no aws_acm_certificate_validation waits for it`);
      for (const v of own) {
        const records = plan.refs(v, ['validation_record_fqdns'], 'aws_route53_record');
        if (records.length === 0) found.push(`${v.address}: no validation record of this plan`);
        for (const r of records) {
          const zoned = plan.refs(plan.get(r)!, ['zone_id'], 'aws_route53_zone').length > 0;
          const named = plan.refs(plan.get(r)!, ['name'], 'aws_acm_certificate').includes(cert.address);
          if (!zoned || !named) found.push(`${r}: not the certificate's validation record in a hosted zone of this plan`);
        }
      }
      return found;
    };
    const failures: string[] = [];
    for (const host of [...hosts].sort()) {
      const covering = certificates.filter((c) => {
        const names = [plan.value(c, ['domain_name']), ...((plan.value(c, ['subject_alternative_names']) ?? []) as unknown[])];
        return names.some((n) => typeof n === 'string' && certificateCovers(n, host));
      });
      if (covering.length === 0) {
        failures.push(`${host}: no aws_acm_certificate names it (the ALB would have no certificate for it)`);
      } else if (covering.every((c) => problems(c).length > 0)) {
        failures.push(`${host}: ${covering.flatMap(problems).join('; ')}`);
      }
    }
    return { id, title, status: failures.length ? 'fail' : 'pass', inspected: certificates.length, failures };
  },
};

/** Every check, by id. */
export const CHECKS: readonly PlanCheck[] = [
  eksLogging, eksPublicEndpointOff, eksPublicCidrs, eksSecretsEncryption, imdsv2, hopLimit, kmsRotation, logGroupKms,
  logGroupRetention, ecrImmutable, ecrScan, ecrKms, s3Versioning, s3Kms,
  publicAccessBlock('CKV_AWS_53', 'block_public_acls', 'S3 public access block: block public ACLs'),
  publicAccessBlock('CKV_AWS_54', 'block_public_policy', 'S3 public access block: block public policies'),
  publicAccessBlock('CKV_AWS_55', 'ignore_public_acls', 'S3 public access block: ignore public ACLs'),
  publicAccessBlock('CKV_AWS_56', 'restrict_public_buckets', 'S3 public access block: restrict public buckets'),
  flowLogs, defaultSg, natPerAz, noPublicIps, noSsh, irsaTrust, networkPolicyAgent, metricsServer, vpcEndpoints, acmCertificate,
];

/** The check with an id. */
export function check(id: string): PlanCheck {
  const c = CHECKS.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
}

const ENVIRONMENT_CHECKS = ['CKV_AWS_37', 'CKV_AWS_38', 'CKV_AWS_58', 'CKV_AWS_79', 'CKV_AWS_341', 'CKV_AWS_7', 'CKV_AWS_158',
  'CKV_AWS_66', 'CKV_AWS_21', 'CKV_AWS_145', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV2_AWS_11', 'CKV2_AWS_12',
  'PLATFORM_NO_PUBLIC_IP', 'PLATFORM_NODES_NO_SSH', 'PLATFORM_IRSA_TRUST', 'PLATFORM_NETPOL_AGENT', 'PLATFORM_METRICS_API',
  'PLATFORM_VPC_ENDPOINT'];

/** The config a stack's checks compare its plan with: the environment's public hosts (none for `shared`). */
export function checkContext(stack: string): CheckContext {
  const env = ENVIRONMENTS.find((e) => e.name === stack);
  const hosts = Object.values(env?.services ?? {}).flatMap((s) => (s.host === undefined ? [] : [s.host]));
  const runs = catalog.filter((d) => env?.services[d.name] !== undefined);
  return { publicHosts: [...new Set(hosts)].sort(), ...(env ? { vpcEndpoints: vpcEndpointsFor(runs) } : {}) };
}

/** True when the stack is a registered environment of tier `production`. */
export function isProductionStack(stack: string): boolean {
  return ENVIRONMENTS.some((e) => e.name === stack && e.tier === 'production');
}

/**
 * The checks a stack must pass (each must find something to inspect): the registry checks for
 * `shared`; the network, cluster, node and bucket checks for an environment, and in prod also
 * the private-only API endpoint and one NAT gateway per zone; with public services also their
 * certificate.
 */
export function requiredChecks(stack: string, production: boolean = isProductionStack(stack),
  context: CheckContext = checkContext(stack)): string[] {
  if (stack === 'shared') return ['CKV_AWS_51', 'CKV_AWS_163', 'CKV_AWS_136', 'CKV_AWS_7'];
  const edge = context.publicHosts.length > 0 ? ['PLATFORM_ACM_CERTIFICATE'] : [];
  return [...ENVIRONMENT_CHECKS, ...(production ? ['CKV_AWS_39', 'PLATFORM_NAT_PER_AZ'] : []), ...edge];
}

/** Runs a stack's required checks on its plan; `n/a` for a required check counts as a failure. */
export function runChecks(stack: string, plan: PlanJson, context: CheckContext = checkContext(stack)): { results: CheckResult[]; passed: boolean } {
  const view = new PlanView(plan);
  const results = requiredChecks(stack, isProductionStack(stack), context).map((id) => {
    const r = check(id).run(view, context);
    return r.status === 'n/a' ? { ...r, status: 'fail' as const, failures: ['nothing to inspect: the stack should contain what this check covers'] } : r;
  });
  return { results, passed: results.every((r) => r.status === 'pass') };
}
