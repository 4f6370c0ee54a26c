import { grantsGrowth, grantsOf, policyDocuments } from './documents';
import { deepEqual, type FieldChange } from './fields';
import type { MovedBlock, RenderedObject } from './objects';
import { memoryBytes } from '../environments/quantity';

/** A change of one object between two renders. */
export interface ObjectChange {
  readonly side: RenderedObject['side'];
  readonly environment: string;
  readonly group: string;
  readonly id: string;
  readonly type: string;
  readonly category?: RenderedObject['category'];
  readonly change: 'added' | 'removed' | 'changed';
  /** Field changes (values of secret-like keys redacted); empty for added and removed objects. */
  readonly fields: readonly FieldChange[];
  /** The object in the base render (removed, changed). */
  readonly before?: unknown;
  /** The object in the new render (added, changed). */
  readonly after?: unknown;
}

/** The kinds of risk the report flags, in the order it lists them. */
export const RISK_RULES = {
  'immutable-field': 'immutable field changed',
  'removed-in-prod': 'resource removed in prod',
  'capacity-drop': 'prod capacity drops',
  'network-policy': 'NetworkPolicy removed or widened',
  'security-context': 'security context weakened',
  'image-not-promoted': 'image not run by the previous environment',
  'terraform-rename': 'Terraform address renamed (destroy + create)',
  'terraform-replacement': 'Terraform attribute forces replacement',
  'terraform-stateful-removed': 'KMS key, log group, ECR repository or bucket removed',
  'terraform-encryption-logging': 'encryption or logging turned off',
  'iam-grows': 'IAM grows (new action, resource, principal or account)',
} as const;
export type RiskRule = keyof typeof RISK_RULES;

/** One risk flag: what, where, and a one-line reason. */
export interface RiskFlag {
  readonly rule: RiskRule;
  readonly environment: string;
  readonly group: string;
  readonly id: string;
  readonly reason: string;
}

/** What the rules know beyond the changes themselves. */
export interface RiskContext {
  /** Environments in promotion order (ENVIRONMENT_NAMES). */
  readonly order: readonly string[];
  /** The production environment. */
  readonly production: string;
  /** Images (registry host stripped) each environment runs in the base render; computed on demand. */
  readonly imagesBefore: () => ReadonlyMap<string, ReadonlySet<string>>;
  /** The same for the new render. */
  readonly imagesAfter: () => ReadonlyMap<string, ReadonlySet<string>>;
  /** `moved` blocks per stack (`<environment>\0<stack>`) of the new render. */
  readonly moved: ReadonlyMap<string, readonly MovedBlock[]>;
}

/** Images (registry host stripped) each environment's Kubernetes objects run. */
export function imagesByEnvironment(objects: Iterable<RenderedObject>): Map<string, Set<string>> {
  const running = new Map<string, Set<string>>();
  for (const o of objects) {
    if (o.side !== 'kubernetes') continue;
    const set = running.get(o.environment) ?? new Set<string>();
    imagesOf(o.body).forEach((i) => set.add(imageKey(i)));
    running.set(o.environment, set);
  }
  return running;
}

// --- Kubernetes --------------------------------------------------------------------------------

/** Fields the API server refuses to change on an existing object: a sync fails until it is deleted and re-created. */
export const IMMUTABLE_FIELDS: readonly { readonly kinds: readonly string[]; readonly path: readonly string[] }[] = [
  // a Rollout's too since Argo Rollouts 1.9; before, a new selector orphaned the old ReplicaSets
  { kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Rollout'], path: ['spec', 'selector'] },
  { kinds: ['StatefulSet'], path: ['spec', 'volumeClaimTemplates'] },
  { kinds: ['StatefulSet'], path: ['spec', 'serviceName'] },
  { kinds: ['Service'], path: ['spec', 'clusterIP'] },
  { kinds: ['Service'], path: ['spec', 'clusterIPs'] },
  { kinds: ['Job'], path: ['spec', 'template'] },
  { kinds: ['Job'], path: ['spec', 'selector'] },
  { kinds: ['PersistentVolumeClaim'], path: ['spec', 'storageClassName'] },
];

/** Workload kinds whose `spec.replicas` is prod capacity. */
const REPLICATED = ['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const get = (v: unknown, path: readonly string[]): unknown => path.reduce<unknown>((o, k) => (isRecord(o) ? o[k] : undefined), v);
const startsWith = (segments: readonly string[], prefix: readonly string[]) => prefix.every((p, i) => segments[i] === p);
const show = (v: unknown): string => (v === undefined ? '(unset)' : typeof v === 'string' ? v : JSON.stringify(v));

function immutableFields(c: ObjectChange, flag: (reason: string) => void): void {
  for (const rule of IMMUTABLE_FIELDS.filter((r) => r.kinds.includes(c.type))) {
    const hit = c.fields.find((f) => startsWith(f.segments, rule.path));
    if (!hit) continue;
    const field = rule.path.join('.');
    flag(`${c.type} ${field} is immutable: the sync fails until the object is deleted and re-created (${field} changed)`);
  }
  if (c.type === 'PersistentVolumeClaim') {
    const path = ['spec', 'resources', 'requests', 'storage'];
    const [b, a] = [get(c.before, path), get(c.after, path)];
    const [bb, ab] = [typeof b === 'string' ? memoryBytes(b) : undefined, typeof a === 'string' ? memoryBytes(a) : undefined];
    if (bb !== undefined && ab !== undefined && ab < bb) flag(`a PersistentVolumeClaim cannot shrink: storage ${show(b)} -> ${show(a)}`);
  }
}

/** A PDB or percentage value as a comparable number with its unit. */
function amount(v: unknown): { n: number; unit: '%' | '' } | undefined {
  if (typeof v === 'number') return { n: v, unit: '' };
  if (typeof v === 'string' && /^\d+%$/.test(v)) return { n: Number(v.slice(0, -1)), unit: '%' };
  if (typeof v === 'string' && /^\d+$/.test(v)) return { n: Number(v), unit: '' };
  return undefined;
}

function capacityDrop(c: ObjectChange, flag: (reason: string) => void): void {
  const compare = (path: string[], what: string, lowerIsWorse: boolean) => {
    const [b, a] = [amount(get(c.before, path)), amount(get(c.after, path))];
    if (!b || !a || b.unit !== a.unit) return;
    if (lowerIsWorse ? a.n < b.n : a.n > b.n) flag(`${what} ${lowerIsWorse ? 'drops' : 'rises'} from ${b.n}${b.unit} to ${a.n}${a.unit} (${path.join('.')})`);
  };
  if (REPLICATED.includes(c.type)) compare(['spec', 'replicas'], 'replicas', true);
  if (c.type === 'HorizontalPodAutoscaler') compare(['spec', 'minReplicas'], 'HPA minimum replicas', true);
  if (c.type === 'PodDisruptionBudget') {
    compare(['spec', 'minAvailable'], 'PDB minAvailable', true);
    compare(['spec', 'maxUnavailable'], 'PDB maxUnavailable', false);
  }
}

/** True when every peer (or port) `inner` allows is also allowed by `outer`; an absent or empty list allows all. */
function covered(inner: unknown, outer: unknown): boolean {
  const all = (l: unknown) => !Array.isArray(l) || l.length === 0;
  if (all(outer)) return true;
  if (all(inner)) return false;
  return (inner as unknown[]).every((x) => (outer as unknown[]).some((y) => deepEqual(x, y)));
}

/** Why a NetworkPolicy allows more traffic than before; undefined when it does not. */
export function networkPolicyWidening(before: unknown, after: unknown): string | undefined {
  const types = (p: unknown): string[] => {
    const t = get(p, ['spec', 'policyTypes']);
    if (Array.isArray(t)) return t.map(String);
    return get(p, ['spec', 'egress']) !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
  };
  const lost = types(before).filter((t) => !types(after).includes(t));
  if (lost.length) return `policyTypes no longer include ${lost.join(', ')}: that direction is no longer isolated`;
  for (const [dir, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    const oldRules = get(before, ['spec', dir]);
    const newRules = get(after, ['spec', dir]);
    const olds = Array.isArray(oldRules) ? oldRules : [];
    for (const [i, rule] of (Array.isArray(newRules) ? newRules : []).entries()) {
      const isCovered = olds.some((o) => covered(get(rule, [peers]), get(o, [peers])) && covered(get(rule, ['ports']), get(o, ['ports'])));
      if (!isCovered) return `spec.${dir}[${i}] allows traffic no rule of the previous policy allowed: ${show(rule)} (before: spec.${dir} ${show(oldRules)})`;
    }
  }
  return undefined;
}

/** Pod specs inside an object, by their path (Deployment template, CronJob jobTemplate, Pod). */
function podSpecs(body: unknown, path: string[] = [], out = new Map<string, Record<string, unknown>>()): Map<string, Record<string, unknown>> {
  if (Array.isArray(body)) return out;
  if (!isRecord(body)) return out;
  if (Array.isArray(body.containers)) out.set(path.join('.'), body);
  for (const [k, v] of Object.entries(body)) if (k !== 'containers' && isRecord(v)) podSpecs(v, [...path, k], out);
  return out;
}

function containersOf(pod: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const m = new Map<string, Record<string, unknown>>();
  for (const list of [pod.initContainers, pod.containers, pod.ephemeralContainers]) {
    for (const c of Array.isArray(list) ? list : []) if (isRecord(c) && typeof c.name === 'string') m.set(c.name, c);
  }
  return m;
}

/** What got weaker between two pod specs: runAsNonRoot, privilege escalation, privileged, capabilities, read-only root, host namespaces. */
export function securityWeakening(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const reasons: string[] = [];
  for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (before[host] !== true && after[host] === true) reasons.push(`${host} on`);
  }
  const podBefore = isRecord(before.securityContext) ? before.securityContext : {};
  const podAfter = isRecord(after.securityContext) ? after.securityContext : {};
  const newContainers = containersOf(after);
  const oldContainers = containersOf(before);
  for (const [name, cur] of newContainers) {
    // a container new to the pod: only what it explicitly turns on
    if (oldContainers.has(name)) continue;
    const sa = isRecord(cur.securityContext) ? cur.securityContext : {};
    const add = get(sa, ['capabilities', 'add']);
    const why = [
      ...(sa.runAsNonRoot === false ? ['runAsNonRoot off'] : []),
      ...(sa.allowPrivilegeEscalation === true ? ['allowPrivilegeEscalation on'] : []),
      ...(sa.privileged === true ? ['privileged on'] : []),
      ...(Array.isArray(add) && add.length ? [`capabilities added: ${add.join(', ')}`] : []),
    ];
    if (why.length) reasons.push(`new container ${name}: ${why.join(', ')}`);
  }
  for (const [name, old] of oldContainers) {
    const cur = newContainers.get(name);
    if (!cur) continue;
    const sb = isRecord(old.securityContext) ? old.securityContext : {};
    const sa = isRecord(cur.securityContext) ? cur.securityContext : {};
    const why: string[] = [];
    if ((sb.runAsNonRoot ?? podBefore.runAsNonRoot) === true && (sa.runAsNonRoot ?? podAfter.runAsNonRoot) !== true) why.push('runAsNonRoot off');
    if (sb.allowPrivilegeEscalation === false && sa.allowPrivilegeEscalation !== false) why.push('allowPrivilegeEscalation on');
    if (sb.privileged !== true && sa.privileged === true) why.push('privileged on');
    if (sb.readOnlyRootFilesystem === true && sa.readOnlyRootFilesystem !== true) why.push('readOnlyRootFilesystem off');
    const caps = (s: Record<string, unknown>, k: string): string[] => {
      const l = get(s, ['capabilities', k]);
      return Array.isArray(l) ? l.map(String) : [];
    };
    const added = caps(sa, 'add').filter((x) => !caps(sb, 'add').includes(x));
    if (added.length) why.push(`capabilities added: ${added.join(', ')}`);
    if (caps(sb, 'drop').includes('ALL') && !caps(sa, 'drop').includes('ALL')) why.push('no longer drops ALL capabilities');
    if (why.length) reasons.push(`container ${name}: ${why.join(', ')}`);
  }
  return reasons;
}

/** Every `image` string in an object. */
export function imagesOf(body: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(body)) {body.forEach((x) => imagesOf(x, out));} else if (isRecord(body)) {
    for (const [k, v] of Object.entries(body)) {
      if (k === 'image' && typeof v === 'string') out.add(v);
      else imagesOf(v, out);
    }
  }
  return out;
}

/** An image without its registry host, so that per-environment registries compare equal. */
export function imageKey(image: string): string {
  const [first, ...rest] = image.split('/');
  return rest.length && (first.includes('.') || first.includes(':') || first === 'localhost') ? rest.join('/') : image;
}

// --- Terraform ---------------------------------------------------------------------------------

/**
 * THE table of attributes that force Terraform (AWS provider 5.x) to destroy and re-create a
 * resource we render. Keys are resource types; values are attribute paths (`a.b` for a nested
 * block). Keep it here only: the risk rule and the README read it.
 */
export const REPLACEMENT_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_vpc: ['cidr_block', 'instance_tenancy'],
  aws_subnet: ['cidr_block', 'availability_zone', 'availability_zone_id', 'vpc_id'],
  aws_route_table: ['vpc_id'],
  aws_nat_gateway: ['subnet_id', 'allocation_id', 'connectivity_type'],
  aws_eip: ['domain'],
  aws_security_group: ['name', 'name_prefix', 'description', 'vpc_id'],
  aws_flow_log: ['vpc_id', 'subnet_id', 'log_destination', 'log_destination_type', 'traffic_type'],
  aws_eks_cluster: ['name', 'kubernetes_network_config.service_ipv4_cidr', 'kubernetes_network_config.ip_family'],
  aws_eks_node_group: ['node_group_name', 'node_group_name_prefix', 'cluster_name', 'subnet_ids', 'node_role_arn', 'instance_types', 'capacity_type', 'disk_size', 'remote_access'],
  aws_eks_addon: ['cluster_name', 'addon_name'],
  aws_launch_template: ['name', 'name_prefix'],
  aws_kms_key: ['customer_master_key_spec', 'key_usage', 'multi_region'],
  aws_kms_alias: ['name', 'name_prefix'],
  aws_ecr_repository: ['name'],
  aws_s3_bucket: ['bucket', 'bucket_prefix', 'object_lock_enabled'],
  aws_iam_role: ['name', 'name_prefix', 'path'],
  aws_iam_policy: ['name', 'name_prefix', 'path'],
  aws_iam_role_policy_attachment: ['role', 'policy_arn'],
  aws_iam_openid_connect_provider: ['url'],
  aws_cloudwatch_log_group: ['name', 'name_prefix'],
  aws_route53_zone: ['name'],
  aws_acm_certificate: ['domain_name', 'subject_alternative_names', 'key_algorithm'],
};

/** Resources holding data or keys: removing one destroys what is in it. */
export const STATEFUL_TYPES = ['aws_kms_key', 'aws_cloudwatch_log_group', 'aws_ecr_repository', 'aws_s3_bucket'];
/** Resources that exist only to encrypt or to log: removing one turns that off. */
const ENCRYPTION_LOGGING_TYPE = /(server_side_encryption|_logging|_flow_log$|_cloudtrail$|_kms_alias$|_encryption)/;
/** Attributes that switch encryption or logging. */
const ENCRYPTION_LOGGING_FIELD = /(encrypt|kms|^sse|server_side_encryption|logging|log_types|enable_key_rotation|flow_log|audit)/i;

const on = (v: unknown) => !(v === undefined || v === null || v === false || v === '' || v === 'false' || v === 'Disabled' ||
  (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0));

function replacement(c: ObjectChange, flag: (reason: string) => void): void {
  const attrs = REPLACEMENT_ATTRIBUTES[c.type] ?? [];
  for (const attr of attrs) {
    const path = attr.split('.');
    const hits = c.fields.filter((f) => startsWith(f.segments.filter((s) => !/^\[\d+\]$/.test(s)), path));
    if (!hits.length) continue;
    const h = hits[0];
    const values = hits.length === 1 && !h.redacted ? ` (${show(h.before)} -> ${show(h.after)})` : '';
    flag(`changing ${c.type} ${attr} forces replacement: Terraform destroys and re-creates it${values}`);
  }
}

function encryptionLogging(c: ObjectChange, flag: (reason: string) => void): void {
  for (const f of c.fields) {
    if (!f.segments.some((s) => ENCRYPTION_LOGGING_FIELD.test(s))) continue;
    const lostItems = Array.isArray(f.before) && Array.isArray(f.after) && f.before.some((x) => !(f.after as unknown[]).includes(x));
    if ((on(f.before) && !on(f.after)) || lostItems) flag(`${f.path} turned off: ${f.redacted ? '(redacted)' : `${show(f.before)} -> ${show(f.after)}`}`);
  }
}

/** Resource types that attach a whole managed policy by ARN. */
const ATTACHMENT_TYPE = /(policy_attachment|access_policy_association)$/;

/**
 * IAM that grows: a policy document (any attribute of any resource or data source that holds one:
 * role and inline policies, trust policies, ECR repository, KMS key and bucket policies) that allows
 * an action, resource, principal or account it did not, or a new attachment of a managed policy.
 * The flag names each new item with the Sid (or reason) of the statement that grants it.
 */
function iamGrowth(c: ObjectChange, flag: (reason: string) => void): void {
  const before = c.change === 'added' ? new Map() : policyDocuments(c.before);
  for (const [path, doc] of c.change === 'removed' ? [] : policyDocuments(c.after)) {
    const old = before.get(path);
    const growth = grantsGrowth(old ? grantsOf(old) : undefined, grantsOf(doc));
    if (growth.length) flag(`${path} ${old ? 'now allows more' : 'is a new policy'}: ${growth.join('; ')}`);
  }
  if (ATTACHMENT_TYPE.test(c.type) && c.change !== 'removed') {
    const [b, a] = [get(c.before, ['policy_arn']), get(c.after, ['policy_arn'])];
    if (a !== undefined && a !== b) flag(`attaches ${show(a)}${b !== undefined ? ` (was ${show(b)})` : ''}`);
  }
}

/** A cdktf logical id without its hash suffix: `network_private-a_722AF3DB` -> `network_private-a`. */
const logicalName = (address: string) => address.slice(address.indexOf('.') + 1).replace(/_[0-9A-F]{8}$/, '');

/** How alike two addresses are: the length of the common end of their logical names (the construct path below the renamed id). */
function likeness(a: string, b: string): number {
  const [x, y] = [logicalName(a), logicalName(b)];
  let n = 0;
  while (n < x.length && n < y.length && x[x.length - 1 - n] === y[y.length - 1 - n]) n++;
  return n;
}

/** The part of a logical name above the common end of two names: the renamed construct id(s). */
function renamedHead(from: string, to: string): [string, string] {
  const [x, y] = [logicalName(from), logicalName(to)];
  const n = likeness(from, to);
  return [x.slice(0, x.length - n), y.slice(0, y.length - n)];
}

/**
 * Renames: in one stack, an address that disappears while one of the same type appears. Each
 * removed address is paired with the most alike added one (one to one); `moved` blocks excuse both.
 * Pairs that share the same renamed construct id (`network_*` -> `net_*`) make one flag, so a
 * renamed parent reads as one finding with its count, not one line per resource below it.
 */
function renames(changes: readonly ObjectChange[], moved: RiskContext['moved'], flags: RiskFlag[]): void {
  const stacks = new Map<string, ObjectChange[]>();
  for (const c of changes.filter((x) => x.side === 'terraform' && x.category === 'resource' && x.change !== 'changed')) {
    const k = `${c.environment}\u0000${c.group}\u0000${c.type}`;
    stacks.set(k, [...(stacks.get(k) ?? []), c]);
  }
  const found: { g: ObjectChange; a: ObjectChange }[] = [];
  for (const [k, list] of stacks) {
    const blocks: readonly MovedBlock[] = moved.get(k.split('\u0000').slice(0, 2).join('\u0000')) ?? [];
    const gone = list.filter((c) => c.change === 'removed' && !blocks.some((m) => m.from === c.id));
    const came = list.filter((c) => c.change === 'added' && !blocks.some((m) => m.to === c.id));
    const pairs = gone.flatMap((g) => came.map((a) => ({ g, a, score: likeness(g.id, a.id) })))
      .sort((p, q) => q.score - p.score || gone.indexOf(p.g) - gone.indexOf(q.g) || came.indexOf(p.a) - came.indexOf(q.a));
    const paired = new Map<ObjectChange, ObjectChange>();
    const taken = new Set<ObjectChange>();
    for (const { g, a } of pairs) {
      if (paired.has(g) || taken.has(a)) continue;
      paired.set(g, a);
      taken.add(a);
    }
    for (const g of gone.filter((x) => paired.has(x))) found.push({ g, a: paired.get(g)! });
  }

  const groups = new Map<string, { g: ObjectChange; a: ObjectChange }[]>();
  for (const pair of found) {
    const key = [pair.g.environment, pair.g.group, ...renamedHead(pair.g.id, pair.a.id)].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), pair]);
  }
  for (const pairs of groups.values()) {
    const [{ g, a }] = pairs;
    const [from, to] = renamedHead(g.id, a.id);
    flags.push({
      rule: 'terraform-rename',
      environment: g.environment,
      group: g.group,
      id: g.id,
      reason: pairs.length === 1
        ? `${g.id} disappears while ${a.id} appears: Terraform destroys and re-creates it (a renamed construct id? keep the id or add a moved block)`
        : `${pairs.length} resources under "${from}" disappear while the same appear under "${to}" (e.g. ${g.id} -> ${a.id}): `
          + 'Terraform destroys and re-creates all of them (a renamed construct id? keep the id or add moved blocks)',
    });
  }
}

/** Every risk flag of a set of changes, in rule order. */
export function assessRisks(changes: readonly ObjectChange[], ctx: RiskContext): RiskFlag[] {
  const flags: RiskFlag[] = [];
  for (const c of changes) {
    const flag = (rule: RiskRule) => (reason: string) => flags.push({ rule, environment: c.environment, group: c.group, id: c.id, reason });
    const prod = c.environment === ctx.production;
    if (c.side === 'kubernetes') {
      if (c.change === 'changed') immutableFields(c, flag('immutable-field'));
      if (c.change === 'removed' && prod) flag('removed-in-prod')(`${c.id} is removed from ${c.environment}: Argo CD deletes it on the next sync`);
      if (c.change === 'changed' && prod) capacityDrop(c, flag('capacity-drop'));
      if (c.type === 'NetworkPolicy' && c.change === 'removed') flag('network-policy')(`NetworkPolicy removed: the traffic it restricted is allowed again in ${c.environment}`);
      if (c.type === 'NetworkPolicy' && c.change === 'changed') {
        const why = networkPolicyWidening(c.before, c.after);
        if (why) flag('network-policy')(`NetworkPolicy widened: ${why}`);
      }
      if (c.change === 'changed') {
        const before = podSpecs(c.before);
        for (const [path, spec] of podSpecs(c.after)) {
          const old = before.get(path);
          const why = old ? securityWeakening(old, spec) : [];
          if (why.length) flag('security-context')(why.join('; '));
        }
      }
      const at = ctx.order.indexOf(c.environment);
      if (c.change !== 'removed' && at > 0) {
        const previous = ctx.order[at - 1];
        // only images new to the environment: a Deployment that becomes a Rollout keeps its image
        const had = ctx.imagesBefore().get(c.environment) ?? new Set<string>();
        const prevRuns = ctx.imagesAfter().get(previous);
        for (const image of [...imagesOf(c.after)].filter((i) => !had.has(imageKey(i)))) {
          if (prevRuns && !prevRuns.has(imageKey(image))) {
            flag('image-not-promoted')(`${imageKey(image)} is not run by ${previous}, the environment before ${c.environment} in the promotion order`);
          }
        }
      }
    } else if (c.side === 'terraform' && c.category === 'resource') {
      if (c.change === 'changed') replacement(c, flag('terraform-replacement'));
      if (c.change === 'removed' && STATEFUL_TYPES.includes(c.type)) {
        flag('terraform-stateful-removed')(`${c.type} removed: Terraform destroys it and what it holds`);
      }
      if (c.change === 'removed' && ENCRYPTION_LOGGING_TYPE.test(c.type)) flag('terraform-encryption-logging')(`${c.type} removed: that encryption or logging stops`);
      if (c.change === 'changed') encryptionLogging(c, flag('terraform-encryption-logging'));
    }
    if (c.side === 'terraform' && (c.category === 'resource' || c.category === 'data')) iamGrowth(c, flag('iam-grows'));
  }
  renames(changes, ctx.moved, flags);
  const order = Object.keys(RISK_RULES);
  return flags.map((f, i) => ({ f, i })).sort((a, b) => order.indexOf(a.f.rule) - order.indexOf(b.f.rule) || a.i - b.i).map(({ f }) => f);
}
