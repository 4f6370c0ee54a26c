import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { loadPlatform } from '../../environments/load';
import { IRSA_ROLE_PATH, irsaRoleName, PLATFORM_ADDONS, serviceAccountName } from '../../environments/naming';

/**
 * The two renderers meet only in the naming rules: every `eks.amazonaws.com/role-arn` annotation
 * rendered into dist/k8s must name a role that dist/terraform creates (account, path, name), and
 * that role must trust exactly that ServiceAccount (`sub`) through the cluster's OIDC provider,
 * for STS (`aud`). The roles the Kubernetes side is expected to annotate (platform add-ons,
 * services with AWS permissions) must exist even before any annotation is rendered.
 */
const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const ANNOTATION = 'eks.amazonaws.com/role-arn';
const platform = loadPlatform();

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : p.endsWith('.yaml') || p.endsWith('.yml') ? [p] : [];
  });
}

interface Annotated { file: string; env: string; namespace?: string; name?: string; arn: string }

/**
 * Every IRSA annotation of a rendered object, wherever it sits: on a ServiceAccount (namespace and
 * name from its metadata), or in Helm values of an Argo CD Application (`serviceAccount:
 * { annotations, name }`, namespace from the Application's destination).
 */
function annotationsOf(doc: any): { namespace?: string; name?: string; arn: string }[] {
  if (doc?.kind === 'ServiceAccount') {
    const arn = doc.metadata?.annotations?.[ANNOTATION];
    return arn ? [{ namespace: doc.metadata.namespace, name: doc.metadata.name, arn }] : [];
  }
  const found: { namespace?: string; name?: string; arn: string }[] = [];
  const namespace = doc?.spec?.destination?.namespace ?? doc?.metadata?.namespace;
  const walk = (o: any): void => {
    if (Array.isArray(o)) { o.forEach(walk); return; }
    if (!o || typeof o !== 'object') return;
    const arn = o.annotations?.[ANNOTATION];
    if (typeof arn === 'string' && o !== doc.metadata) found.push({ namespace, name: typeof o.name === 'string' ? o.name : undefined, arn });
    Object.values(o).forEach(walk);
  };
  walk(doc);
  return found;
}

const annotated: Annotated[] = yamlFiles(join(DIST, 'k8s')).flatMap((file) => {
  const env = relative(join(DIST, 'k8s'), file).split(/[\\/]/)[0];
  return parseAllDocuments(readFileSync(file, 'utf8')).flatMap((d) => annotationsOf(d.toJS()))
    .map((a) => ({ file: relative(ROOT, file), env, ...a }));
});

interface Role { name: string; path: string; account: string; trust: any; stack: any }
/** The IRSA roles of a stack, with trust policies parsed (interpolations replaced by `TF(<expr>)`). */
function irsaRoles(env: string): Role[] {
  const stack = JSON.parse(readFileSync(join(DIST, 'terraform', 'stacks', env, 'cdk.tf.json'), 'utf8'));
  const account = stack.provider.aws[0].allowed_account_ids[0];
  return Object.values<any>(stack.resource.aws_iam_role ?? {}).filter((r) => r.path === IRSA_ROLE_PATH).map((r) => ({
    name: r.name,
    path: r.path,
    account,
    trust: JSON.parse(String(r.assume_role_policy).replace(/\$\{([^}]*)\}/g, (_m, e: string) => `TF(${e.replace(/"/g, "'")})`)),
    stack,
  }));
}

/** Asserts that a role trusts exactly `system:serviceaccount:<ns>:<sa>` through the stack's cluster OIDC provider. */
function expectTrusts(role: Role, namespace: string, serviceAccount: string, clusterName: string): void {
  const statements = role.trust.Statement;
  expect(statements).toHaveLength(1);
  const [st] = statements;
  expect(st.Action).toBe('sts:AssumeRoleWithWebIdentity');
  const provider = /^TF\(aws_iam_openid_connect_provider\.([^.]+)\.arn\)$/.exec(st.Principal.Federated)?.[1];
  expect(provider).toBeDefined();
  const conditions = st.Condition.StringEquals;
  const issuer = `TF(replace(aws_iam_openid_connect_provider.${provider}.url, 'https://', ''))`;
  expect(conditions).toEqual({ [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`, [`${issuer}:aud`]: 'sts.amazonaws.com' });
  // the provider is the one of this environment's cluster
  const oidc = role.stack.resource.aws_iam_openid_connect_provider[provider!];
  const cluster = /^\$\{aws_eks_cluster\.([^.]+)\.identity/.exec(oidc.url)?.[1];
  expect(role.stack.resource.aws_eks_cluster[cluster!].name).toBe(clusterName);
}

const envs = platform.environments.map((e) => e.name);
const roles = Object.fromEntries(envs.map((e) => [e, irsaRoles(e)]));

test('annotations and roles exist at all (this test cannot pass on nothing)', () => {
  expect(annotated.length + Object.values(roles).flat().length).toBeGreaterThan(0);
  for (const e of envs) expect(roles[e].length).toBeGreaterThanOrEqual(Object.keys(PLATFORM_ADDONS).length);
});

test.each(annotated.length ? annotated.map((a) => [a.file, a] as const) : [['(no annotation rendered yet)', undefined] as const])(
  '%s: the annotated role exists in the environment stack and trusts that ServiceAccount', (_file, a) => {
    if (!a) return;
    const env = platform.environments.find((e) => e.name === a.env)!;
    expect(env).toBeDefined();
    const m = /^arn:aws:iam::(\d{12}):role(\/(?:[^/]+\/)*)([^/]+)$/.exec(a.arn);
    expect(m).not.toBeNull();
    const [, account, path, name] = m!;
    expect({ namespace: typeof a.namespace, serviceAccount: typeof a.name }).toEqual({ namespace: 'string', serviceAccount: 'string' });
    const role = roles[a.env].find((r) => r.name === name);
    expect(role).toBeDefined();
    expect({ account, path }).toEqual({ account: role!.account, path: role!.path });
    expect(account).toBe(env.aws.accountId);
    expectTrusts(role!, a.namespace!, a.name!, env.cluster.name);
  });

test.each(envs)('%s: every platform add-on and every service with AWS permissions has its IRSA role', (e) => {
  const env = platform.environments.find((x) => x.name === e)!;
  const expected = [
    ...Object.values(PLATFORM_ADDONS).map((a) => [a.namespace, a.serviceAccount]),
    ...platform.catalog.filter((s) => s.awsPermissions?.length).map((s) => [s.namespace, serviceAccountName(s.name)]),
  ];
  for (const [namespace, sa] of expected) {
    const role = roles[e].find((r) => r.name === irsaRoleName(e, namespace, sa));
    expect(role).toBeDefined();
    expectTrusts(role!, namespace, sa, env.cluster.name);
  }
  // and no IRSA role that nothing is expected to use
  expect(roles[e].map((r) => r.name).sort()).toEqual(expected.map(([n, s]) => irsaRoleName(e, n, s)).sort());
});

test('every service with AWS permissions runs as a ServiceAccount annotated with its role and the regional STS endpoint', () => {
  for (const s of platform.catalog.filter((x) => x.awsPermissions?.length)) {
    for (const e of envs) {
      const file = join(DIST, 'k8s', e, s.name, `serviceaccount.${s.namespace}.${serviceAccountName(s.name)}.yaml`);
      const annotations = parse(readFileSync(file, 'utf8')).metadata.annotations ?? {};
      // its egress reaches STS only through the VPC endpoint, which answers the regional name
      expect([e, s.name, annotations[ANNOTATION], annotations['eks.amazonaws.com/sts-regional-endpoints']])
        .toEqual([e, s.name, expect.stringMatching(/^arn:aws:iam::\d{12}:role\//), 'true']);
    }
  }
});
