import { stringify } from 'yaml';

/** Builders of small, fixed renders (paths relative to dist/) for the diff engine's unit tests. */

export const REGISTRY = '123456789012.dkr.ecr.us-west-2.amazonaws.com/platform';

export interface DeploymentOptions {
  env: string;
  name?: string;
  namespace?: string;
  tag?: string;
  replicas?: number;
  selector?: Record<string, string>;
  containerSecurity?: Record<string, unknown>;
  podSecurity?: Record<string, unknown>;
  env_?: { name: string; value: string }[];
}

export function deployment(o: DeploymentOptions): Record<string, unknown> {
  const name = o.name ?? 'web';
  const selector = o.selector ?? { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: o.namespace ?? 'shop', labels: { ...selector, 'platform.acme.io/environment': o.env } },
    spec: {
      replicas: o.replicas ?? 2,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: selector },
        spec: {
          securityContext: o.podSecurity ?? { runAsNonRoot: true, runAsUser: 10001 },
          containers: [{
            name,
            image: `${REGISTRY}/${name}:${o.tag ?? '1.0.0'}`,
            ...(o.env_ ? { env: o.env_ } : {}),
            securityContext: o.containerSecurity ?? {
              allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
            },
          }],
        },
      },
    },
  };
}

export function service(env: string, name = 'web', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'shop', labels: { 'platform.acme.io/environment': env } },
    spec: { type: 'ClusterIP', ports: [{ name: 'http', port: 80, targetPort: 8080 }], selector: { 'app.kubernetes.io/name': name }, ...extra },
  };
}

/** The dist/ path of a Kubernetes object, as the renderer names it. */
export function k8sPath(env: string, app: string, obj: Record<string, any>): string {
  const md = obj.metadata as { name: string; namespace?: string };
  return `k8s/${env}/${app}/${[String(obj.kind).toLowerCase(), md.namespace, md.name].filter(Boolean).join('.')}.yaml`;
}

/** A tree from objects per `<env>/<app>`. */
export function k8sTree(objects: Record<string, Record<string, unknown>[]>): Map<string, string> {
  const tree = new Map<string, string>();
  for (const [folder, list] of Object.entries(objects)) {
    const [env, app] = folder.split('/');
    for (const o of list) tree.set(k8sPath(env, app, o), stringify(o));
  }
  return tree;
}

/** A cdk.tf.json like cdktf writes it (with `//` metadata). */
export function stack(env: string, resources: Record<string, Record<string, Record<string, unknown>>>, extra: Record<string, unknown> = {}): string {
  const withMeta = Object.fromEntries(Object.entries(resources).map(([type, byName]) => [type, Object.fromEntries(
    Object.entries(byName).map(([name, body]) => [name, { '//': { metadata: { path: `${env}/${name}`, uniqueId: name } }, ...body }]),
  )]));
  return `${JSON.stringify({
    '//': { metadata: { backend: 'cloud', stackName: env, version: '0.21.0' }, outputs: {} },
    'provider': { aws: [{ region: 'us-west-2', allowed_account_ids: ['111111111111'] }] },
    'resource': withMeta,
    'terraform': { cloud: { organization: 'acme-platform', workspaces: { name: `platform-${env}` } }, required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
    ...extra,
  }, null, 2)}\n`;
}

/** The Terraform side of one environment: a VPC, a subnet, a KMS key and a log group. */
export function network(env: string, o: { vpcId?: string; cidr?: string; rotation?: boolean; kms?: boolean } = {}) {
  return {
    aws_vpc: { [o.vpcId ?? 'network_vpc_4E8F0223']: { cidr_block: o.cidr ?? '10.30.0.0/16', enable_dns_support: true, tags: { Name: `platform-${env}` } } },
    aws_subnet: { 'network_private-a_722AF3DB': { availability_zone: 'us-west-2a', cidr_block: '10.30.0.0/19', vpc_id: `\${aws_vpc.${o.vpcId ?? 'network_vpc_4E8F0223'}.id}` } },
    ...(o.kms === false ? {} : { aws_kms_key: { logs_key_1A2B3C4D: { enable_key_rotation: o.rotation ?? true, key_usage: 'ENCRYPT_DECRYPT' } } }),
    aws_cloudwatch_log_group: { cluster_logs_5E6F7A8B: { name: `/aws/eks/platform-${env}/cluster`, retention_in_days: 90 } },
  };
}

export const ENVS = ['dev', 'staging', 'prod'] as const;

/** A whole small estate: web in every environment (tags per environment) plus each environment's stack. */
export function estate(
  tags: Partial<Record<(typeof ENVS)[number], string>> = {},
  tweak: (env: string, objs: Record<string, unknown>[]) => void = () => undefined,
): Map<string, string> {
  const objects: Record<string, Record<string, unknown>[]> = {};
  for (const env of ENVS) {
    const list = [deployment({ env, tag: tags[env] ?? '1.0.0', replicas: env === 'prod' ? 3 : 1 }), service(env)];
    tweak(env, list);
    objects[`${env}/web`] = list;
  }
  const tree = k8sTree(objects);
  for (const env of ENVS) tree.set(`terraform/stacks/${env}/cdk.tf.json`, stack(env, network(env)));
  return tree;
}
