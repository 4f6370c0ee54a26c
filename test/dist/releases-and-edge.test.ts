import { parse } from 'yaml';
import { buildPlatform, defaultInput, loadPlatform } from '../../environments/load';
import type { Environment, Service } from '../../environments/types';
import { renderKubernetes } from '../../render/kubernetes';
import { certificateCovers } from '../../terraform-gate/terraform-checks';
import { objects, stack } from '../helpers/render';

/**
 * The edge and the release gates, over what runs: for every service of every environment, from
 * its rendered folder, the environment's Argo CD folder and its Terraform stack. Problems are
 * collected by pure functions, so the crafted cases below prove each rule can fail.
 */
const platform = loadPlatform();
const PAIRS = platform.environments.flatMap((env) => env.services.map((s) => [`${env.name}/${s.name}`, env, s] as const));

const ALB = 'alb.ingress.kubernetes.io/';

/** Names of the issued certificates of a stack: those an `aws_acm_certificate_validation` waits for. */
function issuedNames(tf: any): string[] {
  const certificates: Record<string, any> = tf.resource?.aws_acm_certificate ?? {};
  const validations: any[] = Object.values(tf.resource?.aws_acm_certificate_validation ?? {});
  return Object.entries(certificates)
    .filter(([id]) => validations.some((v) => String(v.certificate_arn).includes(`aws_acm_certificate.${id}.arn`)))
    .flatMap(([, c]) => (c.validation_method === 'DNS' ? [c.domain_name, ...(c.subject_alternative_names ?? [])] : []));
}

/** Public subnets of a stack: the subnets the load balancer controller may place an internet-facing ALB in. */
function publicSubnets(tf: any): string[] {
  return Object.values<any>(tf.resource?.aws_subnet ?? {}).filter((s) => s.tags?.['kubernetes.io/role/elb'] === '1').map((s) => s.cidr_block).sort();
}

/** The one object of a kind (and name) in a folder's objects. */
const only = (objs: any[], kind: string, name?: string) => objs.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

/** What is wrong with one public service's edge: Ingress, certificate, weights and NetworkPolicy. */
export function publicEdgeProblems(s: Service, objs: readonly any[], tf: any): string[] {
  const problems: string[] = [];
  const ingresses = only([...objs], 'Ingress');
  if (ingresses.length !== 1) return [`${ingresses.length} Ingresses, want 1`];
  const [ingress] = ingresses;
  const a = ingress.metadata.annotations ?? {};
  if (ingress.spec.ingressClassName !== 'alb') problems.push(`class ${ingress.spec.ingressClassName}, not alb`);
  if (a[`${ALB}scheme`] !== 'internet-facing') problems.push('not internet-facing');
  if (a[`${ALB}target-type`] !== 'ip') problems.push('targets are not pod IPs');
  const listeners: Record<string, number>[] = JSON.parse(a[`${ALB}listen-ports`] ?? '[{"HTTP":80}]');
  if (!listeners.every((l) => Object.keys(l).join() === 'HTTPS' && l.HTTPS === 443)) problems.push(`listeners ${a[`${ALB}listen-ports`]} are not HTTPS 443 only`);
  if (!/^ELBSecurityPolicy-TLS13-1-[23]-/.test(a[`${ALB}ssl-policy`] ?? '')) problems.push(`TLS policy ${a[`${ALB}ssl-policy`]} allows TLS below 1.2`);
  if (!String(a[`${ALB}load-balancer-attributes`]).split(',').includes('routing.http.drop_invalid_header_fields.enabled=true')) {
    problems.push('invalid header fields are not dropped');
  }
  const rollout = only([...objs], 'Rollout')[0];
  const readiness = rollout?.spec.template.spec.containers[0].readinessProbe?.httpGet?.path;
  if (a[`${ALB}healthcheck-path`] !== readiness) problems.push(`health check ${a[`${ALB}healthcheck-path`]}, readiness ${readiness}`);
  const hosts: string[] = ingress.spec.rules.map((r: any) => r.host);
  if (JSON.stringify(ingress.spec.tls) !== JSON.stringify([{ hosts }])) problems.push('tls does not list exactly the hosts (a Secret or another host)');
  const names = issuedNames(tf);
  for (const h of hosts) if (!names.some((n) => certificateCovers(n, h))) problems.push(`host ${h}: no issued certificate of the stack names it`);

  const backend = ingress.spec.rules[0].http.paths[0].backend.service;
  const canary = rollout?.spec.strategy.canary;
  if (rollout?.spec.strategy.blueGreen) {
    if (backend.name !== rollout.spec.strategy.blueGreen.activeService) problems.push('the Ingress does not send to the active Service');
  } else {
    const alb = canary?.trafficRouting?.alb;
    if (!alb) {
      problems.push('the release is not weighted at the ALB');
    } else {
      if (alb.ingress !== ingress.metadata.name) problems.push(`trafficRouting names Ingress ${alb.ingress}`);
      if (backend.name !== alb.rootService || backend.port.name !== 'use-annotation') problems.push('the Ingress does not route by the root Service\'s action');
      for (const svc of [canary.canaryService, canary.stableService, alb.rootService]) {
        const found = only([...objs], 'Service', svc)[0];
        if (!found) problems.push(`Service ${svc} is not rendered`);
        else if (!found.spec.ports.some((p: any) => p.port === alb.servicePort)) problems.push(`Service ${svc} has no port ${alb.servicePort}`);
      }
      if (canary.canaryService === canary.stableService) problems.push('canary and stable are one Service');
    }
  }

  // target type ip: the ALB's ENIs in the public subnets connect to the pods, on the container port and nowhere else
  const policy = only([...objs], 'NetworkPolicy').find((p) => p.spec.policyTypes.includes('Ingress'));
  const blocks = (policy?.spec.ingress ?? []).filter((r: any) => r.from.some((f: any) => f.ipBlock));
  const cidrs = blocks.flatMap((r: any) => r.from.map((f: any) => f.ipBlock?.cidr)).sort();
  if (JSON.stringify(cidrs) !== JSON.stringify(publicSubnets(tf))) problems.push(`admits ${cidrs.join(', ')}, not the public subnets ${publicSubnets(tf).join(', ')}`);
  for (const r of blocks) {
    if (JSON.stringify(r.ports) !== JSON.stringify([{ port: s.port, protocol: 'TCP' }])) problems.push(`a public subnet is admitted on ${JSON.stringify(r.ports)}`);
  }
  return problems;
}

/** What is wrong with one service's release gates: a Rollout whose every step runs the analysis. */
export function releaseProblems(s: Service, objs: readonly any[]): string[] {
  const rollouts = only([...objs], 'Rollout');
  if (rollouts.length !== 1 || only([...objs], 'Deployment').length > 0) return ['not released by exactly one Rollout'];
  const { canary, blueGreen } = rollouts[0].spec.strategy;
  const templates = new Set(only([...objs], 'AnalysisTemplate').map((t) => t.metadata.name));
  const runs = (run: any) => run?.templates?.length > 0 && run.templates.every((t: any) => templates.has(t.templateName))
    && run.args?.some((x: any) => x.valueFrom?.podTemplateHashValue === 'Latest');
  const problems: string[] = [];
  if (blueGreen) {
    if (!runs(blueGreen.prePromotionAnalysis)) problems.push('blue-green promotes without its analysis');
    // the preview sees little or no traffic: only the analysis after the switch measures real requests
    if (!runs(blueGreen.postPromotionAnalysis)) problems.push('blue-green keeps a promotion without measuring it under traffic');
  } else {
    // background analysis from the first step covers every step
    if (!runs(canary.analysis) || (canary.analysis.startingStep ?? 0) !== 0) problems.push('the steps are not all measured');
    if (canary.steps.some((st: any) => st.setWeight === 100) && !runs(canary.steps[canary.steps.length - 1].analysis)) {
      problems.push('a rolling release ends without measuring the new version');
    }
  }
  if (s.exposure !== 'public' && canary?.trafficRouting) problems.push('an internal service is weighted at a router');
  if (s.exposure !== 'public' && only([...objs], 'Ingress').length > 0) problems.push('an internal service has an Ingress');
  if (s.exposure !== 'public' && (only([...objs], 'NetworkPolicy').flatMap((p) => p.spec.ingress ?? [])).some((r: any) => r.from.some((f: any) => f.ipBlock))) {
    problems.push('an internal service admits address blocks');
  }
  return problems;
}

test.each(PAIRS)('%s: a Rollout that runs the SLO analysis on every release step', (folder, _env, s) => {
  expect(releaseProblems(s, objects(folder))).toEqual([]);
});

const PUBLIC = PAIRS.filter(([, , s]) => s.exposure === 'public');
test('the catalog has a public service in some environment, so the edge checks inspect something', () => {
  expect(PUBLIC.length).toBeGreaterThan(0);
});

test.each(PUBLIC)('%s: class alb, internet-facing, HTTPS only, host covered by the stack\'s certificate, weighted at the ALB, only the public subnets admitted', (folder, env, s) => {
  expect(publicEdgeProblems(s, objects(folder), stack(env.name))).toEqual([]);
});

/** What the ALB class's IngressClassParams (the controller's Helm values) fail to enforce for an environment. */
export function classProblems(name: string, apps: readonly any[], namespaces: readonly any[], ingresses: readonly any[]): string[] {
  const controller = apps.find((a) => a.spec.source?.chart === 'aws-load-balancer-controller');
  const values = controller?.spec.source.helm.valuesObject;
  const params = values?.ingressClassParams;
  if (!params?.create || params.name !== values.ingressClass) return ['the ALB class has no IngressClassParams'];
  const spec = params.spec;
  const problems: string[] = [];
  if (spec.scheme !== 'internet-facing') problems.push('the class does not fix the scheme');
  if (!/^ELBSecurityPolicy-TLS13-1-[23]-/.test(spec.sslPolicy ?? '')) problems.push('the class does not fix a TLS 1.2+ policy');
  if (!(spec.loadBalancerAttributes ?? []).some((a: any) => a.key === 'routing.http.drop_invalid_header_fields.enabled' && a.value === 'true')) {
    problems.push('the class does not drop invalid header fields');
  }
  const groups = new Set(ingresses.map((i) => i.metadata.annotations[`${ALB}group.name`]));
  if (groups.size > 0 && !(groups.size === 1 && groups.has(spec.group?.name))) problems.push('the class\'s group is not the Ingresses\' ALB');
  // exactly the namespaces holding an Ingress may use the class
  const selector: Record<string, string> = spec.namespaceSelector?.matchLabels ?? {};
  // an empty selector selects every namespace
  const selected = namespaces.filter((n) => Object.entries(selector).every(([k, v]) => n.metadata.labels?.[k] === v))
    .map((n) => n.metadata.name).sort();
  const wanted = [...new Set(ingresses.map((i) => i.metadata.namespace))].sort();
  if (JSON.stringify(selected) !== JSON.stringify(wanted)) problems.push(`the class admits namespaces ${selected.join(', ') || 'none'}, not ${wanted.join(', ')}`);
  return problems.map((p) => `${name}: ${p}`);
}

describe.each(platform.environments.map((e) => [e.name, e] as const))('%s: the ALB class enforces the edge', (name, env: Environment) => {
  const apps = only(objects(`${name}/argocd`), 'Application');
  const namespaces = only(objects(`${name}/namespaces`), 'Namespace');
  const ingresses = env.services.filter((s) => s.exposure === 'public').flatMap((s) => only(objects(`${name}/${s.name}`), 'Ingress'));

  test('scheme, group, TLS policy and header hygiene set on the class win over any Ingress annotation; only public namespaces may use it', () => {
    expect(classProblems(name, apps, namespaces, ingresses)).toEqual([]);
  });

  test.each([
    ['an internal scheme', (v: any) => { v.ingressClassParams.spec.scheme = 'internal'; }, /does not fix the scheme/],
    ['a TLS 1.0 policy', (v: any) => { v.ingressClassParams.spec.sslPolicy = 'ELBSecurityPolicy-2016-08'; }, /TLS 1\.2\+ policy/],
    ['invalid headers forwarded', (v: any) => { v.ingressClassParams.spec.loadBalancerAttributes = []; }, /invalid header fields/],
    ['every namespace admitted', (v: any) => { v.ingressClassParams.spec.namespaceSelector = {}; }, /admits namespaces/],
    ['no class parameters', (v: any) => { delete v.ingressClassParams; }, /no IngressClassParams/],
  ])('fails on %s', (_what, edit, message) => {
    const copy = structuredClone(apps);
    edit(copy.find((a) => a.spec.source?.chart === 'aws-load-balancer-controller').spec.source.helm.valuesObject);
    expect(classProblems(name, copy, namespaces, ingresses)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
});

test.each(platform.environments.map((e) => [e.name, e] as const))('%s: one ALB for every public Ingress, readiness gated on it, and Argo CD leaves Argo Rollouts\' weights alone', (name, env: Environment) => {
  const ingresses = env.services.filter((s) => s.exposure === 'public').flatMap((s) => only(objects(`${name}/${s.name}`), 'Ingress'));
  expect(new Set(ingresses.map((i) => i.metadata.annotations[`${ALB}group.name`])).size).toBe(Math.min(ingresses.length, 1));
  // pods behind the ALB are ready only once their targets are healthy (the controller's readiness gate)
  for (const s of env.services.filter((x) => x.exposure === 'public')) {
    const ns = only(objects(`${name}/namespaces`), 'Namespace', s.namespace)[0];
    expect([s.name, ns.metadata.labels['elbv2.k8s.aws/pod-readiness-gate-inject']]).toEqual([s.name, 'enabled']);
  }
  const apps = only(objects(`${name}/argocd`), 'Application');
  for (const s of env.services) {
    const rollout = only(objects(`${name}/${s.name}`), 'Rollout')[0];
    const alb = rollout.spec.strategy.canary?.trafficRouting?.alb;
    const app = apps.find((a) => a.spec.source?.path === `dist/k8s/${name}/${s.name}`);
    const ignored = (app.spec.ignoreDifferences ?? []).filter((d: any) => d.kind === 'Ingress');
    expect([s.name, ignored]).toEqual([s.name, alb ? [{
      group: 'networking.k8s.io',
      kind: 'Ingress',
      name: alb.ingress,
      jqPathExpressions: [`.metadata.annotations["${ALB}actions.${alb.rootService}"]`, '.metadata.annotations["rollouts.argoproj.io/managed-alb-actions"]'],
    }] : []]);
    if (alb) expect(app.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
  }
});

describe('each rule fails on a crafted break', () => {
  const [folder, env, s] = PUBLIC[0];
  const broken = (edit: (objs: any[], tf: any) => void) => {
    const objs = structuredClone(objects(folder));
    const tf = structuredClone(stack(env.name));
    edit(objs, tf);
    return [...publicEdgeProblems(s, objs, tf), ...releaseProblems(s, objs)];
  };
  const ingress = (objs: any[]) => only(objs, 'Ingress')[0];
  const rollout = (objs: any[]) => only(objs, 'Rollout')[0];
  test.each([
    ['a plain-HTTP listener', (objs: any[]) => { ingress(objs).metadata.annotations[`${ALB}listen-ports`] = '[{"HTTP":80},{"HTTPS":443}]'; }, /not HTTPS 443 only/],
    ['an internal ALB', (objs: any[]) => { ingress(objs).metadata.annotations[`${ALB}scheme`] = 'internal'; }, /not internet-facing/],
    ['a TLS 1.0 policy', (objs: any[]) => { ingress(objs).metadata.annotations[`${ALB}ssl-policy`] = 'ELBSecurityPolicy-2016-08'; }, /allows TLS below 1.2/],
    ['a host no certificate names', (objs: any[]) => { ingress(objs).spec.rules[0].host = 'www.example.org'; }, /no issued certificate/],
    ['the certificate without its wildcard', (_: any[], tf: any) => {
      for (const c of Object.values<any>(tf.resource.aws_acm_certificate)) c.subject_alternative_names = [];
    }, /no issued certificate/],
    ['the certificate never waited for', (_: any[], tf: any) => { delete tf.resource.aws_acm_certificate_validation; }, /no issued certificate/],
    ['a whole subnet more admitted', (objs: any[]) => {
      only(objs, 'NetworkPolicy').find((p) => p.spec.policyTypes.includes('Ingress')).spec.ingress.push({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: s.port, protocol: 'TCP' }] });
    }, /not the public subnets/],
    ['no background analysis', (objs: any[]) => {
      const st = rollout(objs).spec.strategy;
      if (st.canary) delete st.canary.analysis; else delete st.blueGreen.prePromotionAnalysis;
    }, /(not all measured|without its analysis)/],
  ])('%s', (_name, edit, message) => {
    expect(broken(edit as (objs: any[], tf: any) => void)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test('a weighted release naming a Service that is not rendered', () => {
    const found = broken((objs) => {
      const canary = rollout(objs).spec.strategy.canary;
      if (canary) canary.canaryService = 'nobody'; else ingress(objs).spec.rules[0].http.paths[0].backend.service.name = 'nobody';
    });
    expect(found).toEqual([expect.stringMatching(/(Service nobody is not rendered|does not send to the active Service)/)]);
  });
});

describe('the other strategies hold the same rules (crafted config, rendered in process)', () => {
  /** The repository's config with every service of one exposure on another strategy, rendered. */
  const rerender = (exposure: 'public' | 'internal', strategy: any) => {
    const input = defaultInput();
    const names = new Set(input.catalog.filter((d) => (d.exposure ?? 'internal') === exposure).map((d) => d.name));
    for (const env of input.environments) {
      for (const [name, settings] of Object.entries(env.services)) if (names.has(name)) settings.strategy = strategy;
    }
    const built = buildPlatform(input);
    const files = renderKubernetes(built);
    const folder = (path: string) => [...files].filter(([f]) => f.startsWith(`${path}/`)).map(([, y]) => parse(y));
    return built.environments.flatMap((env) => env.services.filter((x) => names.has(x.name)).map((x) => ({ env, s: x, objs: folder(`${env.name}/${x.name}`) })));
  };

  test('public services released blue-green: the Ingress sends to the active Service, no weights at the ALB', () => {
    const found = rerender('public', { type: 'blueGreen', autoPromote: false });
    expect(found.length).toBeGreaterThan(0);
    for (const { env, s, objs } of found) {
      expect([env.name, s.name, publicEdgeProblems(s, objs, stack(env.name)), releaseProblems(s, objs)]).toEqual([env.name, s.name, [], []]);
      expect(only(objs, 'Service').map((o) => o.metadata.name).filter((n) => /-(canary|stable)$/.test(n))).toEqual([]);
      // a promotion kept without measuring the new version under real traffic is refused
      const unmeasured = structuredClone(objs);
      delete only(unmeasured, 'Rollout')[0].spec.strategy.blueGreen.postPromotionAnalysis;
      expect(releaseProblems(s, unmeasured)).toEqual(['blue-green keeps a promotion without measuring it under traffic']);
    }
  });

  test('internal services released as canaries keep replica weights', () => {
    const found = rerender('internal', { type: 'canary', steps: [{ weight: 20, pauseSeconds: 60 }] });
    expect(found.length).toBeGreaterThan(0);
    for (const { env, s, objs } of found) {
      expect([env.name, s.name, releaseProblems(s, objs)]).toEqual([env.name, s.name, []]);
      expect(only(objs, 'Rollout')[0].spec.strategy.canary).not.toHaveProperty('trafficRouting');
    }
  });
});
