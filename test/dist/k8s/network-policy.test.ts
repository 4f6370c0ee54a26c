import { parse } from 'yaml';
import { awsDestinations, type Endpoint, NetworkModel, workloadPods } from './network-model';
import { buildPlatform, defaultInput, loadPlatform, type Platform, type PlatformInput } from '../../../environments/load';
import { endpointSubnetPlan, privateSubnetPlan, publicSubnetPlan } from '../../../environments/naming';
import type { Environment } from '../../../environments/types';
import { renderKubernetes } from '../../../render/kubernetes';
import { renderTerraform } from '../../../render/terraform';
import { manifests, render } from '../../helpers/render';

/** Parsed objects of one environment's folders. */
function environmentObjects(files: ReadonlyMap<string, any>, env: string): any[] {
  return [...files].filter(([f]) => f.startsWith(`${env}/`)).map(([, o]) => o);
}

/**
 * What the matrix reads of a crafted platform: its namespaces and service folders (the platform
 * charts hold no workload of the service graph) and its environment stacks.
 */
function renderVariant(platform: Platform): { manifests: Map<string, any>; stacks: Map<string, string> } {
  const environments = platform.environments.map((e) => e.name);
  const apps = [...new Set(['namespaces', ...platform.environments.flatMap((e) => e.services.map((s) => s.name))])];
  const files = renderKubernetes(platform, { environments, apps });
  return {
    manifests: new Map([...files].map(([f, y]) => [f, parse(y)])),
    stacks: renderTerraform(platform, { environments }),
  };
}

/** AWS APIs and the API server listen on HTTPS. */
const HTTPS = 443;

/**
 * For every ordered pair of service pods: may the first call the second on its http port? And for
 * every pod: may it reach the AWS APIs (the interface VPC endpoints) and the Kubernetes API
 * server (its private endpoint) on 443, in every zone? Reaching some zones only is a failure.
 */
function matrix(platform: Platform, rendered: { manifests: ReadonlyMap<string, any>; stacks: ReadonlyMap<string, string> }): Map<string, boolean> {
  const { manifests: files, stacks } = rendered;
  const result = new Map<string, boolean>();
  for (const env of platform.environments) {
    const objects = environmentObjects(files, env.name);
    const model = new NetworkModel(objects);
    const pods = workloadPods(objects) as Extract<Endpoint, { kind: 'pod' }>[];
    expect(pods.map((p) => p.name).sort()).toEqual(env.services.map((s) => s.name).sort());
    // a pair of one service's own pods too: replicas do not talk to each other
    for (const from of pods) for (const to of pods) result.set(`${env.name}: ${from.name} -> ${to.name}`, model.allows(from, to, to.ports.http));
    const destinations = awsDestinations(JSON.parse(stacks.get(`stacks/${env.name}/cdk.tf.json`)!));
    for (const [name, zones] of Object.entries(destinations)) {
      // one address per zone, and the API server's Service address
      const expected = env.aws.availabilityZones.length + (name === 'kube-apiserver' ? 1 : 0);
      expect([env.name, name, zones.length]).toEqual([env.name, name, expected]);
      for (const from of pods) {
        const reached = zones.map((z) => model.allows(from, z, HTTPS));
        expect([env.name, from.name, name, new Set(reached).size]).toEqual([env.name, from.name, name, 1]);
        result.set(`${env.name}: ${from.name} -> ${name}`, reached[0]);
      }
    }
  }
  return result;
}

/** The edges the catalog declares, per environment: dependencies, AWS permissions, API access. */
function declared(env: Environment): Set<string> {
  return new Set(env.services.flatMap((s) => [
    ...(s.dependencies ?? []).map((d) => `${env.name}: ${s.name} -> ${d}`),
    ...(s.awsPermissions?.length ? [`${env.name}: ${s.name} -> aws-apis`] : []),
    ...(s.kubernetesApi ? [`${env.name}: ${s.name} -> kube-apiserver`] : []),
  ]));
}

const platform = loadPlatform();
const repository = matrix(platform, { manifests: manifests(), stacks: render().tf });

test('the render has a pair for every ordered pair of services and every service to AWS and the API server, in every environment', () => {
  const expected = platform.environments.reduce((n, e) => n + e.services.length ** 2 + 2 * e.services.length, 0);
  expect(repository.size).toBe(expected);
  expect(expected).toBeGreaterThanOrEqual(27);
});

test('every declared edge is allowed and every other pair is denied', () => {
  const allowed = [...repository].filter(([, ok]) => ok).map(([pair]) => pair).sort();
  const expected = platform.environments.flatMap((e) => [...declared(e)]).sort();
  expect(allowed).toEqual(expected);
  expect(expected.length).toBeGreaterThan(0);
  // the catalog exercises both kinds of edge outside the cluster, so neither check is vacuous
  expect(expected.some((e) => e.endsWith('-> aws-apis'))).toBe(true);
  expect(expected.some((e) => e.endsWith('-> kube-apiserver'))).toBe(true);
});

test('the AWS API rule opens only the endpoint subnets, and the API server rule only its Service address and the private subnets: neither reaches the other', () => {
  const stacks = renderTerraform(platform);
  for (const env of platform.environments) {
    const stack = JSON.parse(stacks.get(`stacks/${env.name}/cdk.tf.json`)!);
    const { 'aws-apis': apis, 'kube-apiserver': server } = awsDestinations(stack);
    const ips = (list: Endpoint[]) => list.map((e) => (e.kind === 'external' ? e.ip : ''));
    expect(ips(apis).filter((ip) => ips(server).includes(ip))).toEqual([]);
  }
});

describe.each(platform.environments.map((e) => [e.name, e] as const))('%s: traffic from outside the service graph', (_, env) => {
  const objects = environmentObjects(manifests(), env.name);
  const model = new NetworkModel(objects);
  const pods = workloadPods(objects) as Extract<Endpoint, { kind: 'pod' }>[];
  const pod = (name: string) => pods.find((p) => p.name === name)!;
  const outside = (name: string, namespace: string, labels: Record<string, string> = {}): Endpoint =>
    ({ kind: 'pod', name, namespace, labels, ports: {} });

  test('the ALB, from every public subnet, reaches public services on their container port only; nothing else outside does', () => {
    const at = (cidr: string): Endpoint => ({ kind: 'external', name: cidr, ip: cidr.replace(/\.0\/\d+$/, '.10') });
    const albs = publicSubnetPlan(env).map((s) => at(s.cidrBlock));
    expect(albs.length).toBe(env.aws.availabilityZones.length);
    for (const s of env.services) {
      for (const alb of albs) {
        expect([s.name, alb.name, model.allows(alb, pod(s.name), s.port)]).toEqual([s.name, alb.name, s.exposure === 'public']);
        expect([s.name, alb.name, model.allows(alb, pod(s.name), pod(s.name).ports.metrics)]).toEqual([s.name, alb.name, false]);
      }
      // the rest of the VPC and the internet: no way in, whatever the exposure
      for (const other of [...privateSubnetPlan(env), ...endpointSubnetPlan(env)].map((x) => at(x.cidrBlock))) {
        expect([s.name, other.name, model.allows(other, pod(s.name), s.port)]).toEqual([s.name, other.name, false]);
      }
      expect(model.allows({ kind: 'external', name: 'internet', ip: '203.0.113.7' }, pod(s.name), s.port)).toBe(false);
    }
    // the former in-cluster controller's namespace is no way in either
    const controller = outside('controller', 'ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' });
    for (const s of env.services) expect([s.name, model.allows(controller, pod(s.name), s.port)]).toEqual([s.name, false]);
  });

  test('Prometheus reaches every metrics port and no http port', () => {
    const prometheus = outside('prometheus', 'monitoring');
    for (const p of pods) {
      expect([p.name, model.allows(prometheus, p, p.ports.metrics), model.allows(prometheus, p, p.ports.http)]).toEqual([p.name, true, false]);
    }
  });

  test('every pod resolves names through kube-dns and nothing else in kube-system', () => {
    const dns = outside('coredns', 'kube-system', { 'k8s-app': 'kube-dns' });
    const other = outside('metrics-server', 'kube-system', { 'k8s-app': 'metrics-server' });
    for (const p of pods) {
      expect([p.name, model.allows(p, dns, 53, 'UDP'), model.allows(p, dns, 53, 'TCP'), model.allows(p, other, 53, 'UDP')]).toEqual([p.name, true, true, false]);
    }
  });

  test('only services that declare an external dependency reach it, on its port only', () => {
    for (const s of env.services) {
      for (const x of s.externalDependencies ?? []) {
        const ip = s.externalCidrs![x.name].replace(/\.0\/\d+$/, '.10');
        const db: Endpoint = { kind: 'external', name: x.name, ip };
        for (const p of pods) expect([p.name, x.name, model.allows(p, db, x.port)]).toEqual([p.name, x.name, p.name === s.name]);
        expect(model.allows(pod(s.name), db, 22)).toBe(false);
      }
    }
    const internet: Endpoint = { kind: 'external', name: 'internet', ip: '203.0.113.7' };
    for (const p of pods) expect([p.name, model.allows(p, internet, 443)]).toEqual([p.name, false]);
  });
});

/** The repository's input with one dependency edge removed from the catalog. */
function withoutEdge(from: string, to: string): PlatformInput {
  const input = defaultInput();
  return {
    ...input,
    catalog: input.catalog.map((s) => (s.name === from ? { ...s, dependencies: s.dependencies!.filter((d) => d !== to) } : s)),
  };
}

const edges = platform.catalog.flatMap((s) => (s.dependencies ?? []).map((d) => [s.name, d] as const));

test.each(edges)('removing the edge %s -> %s flips exactly that pair, in every environment', (from, to) => {
  const variant = buildPlatform(withoutEdge(from, to));
  const changed = matrix(variant, renderVariant(variant));
  const flipped = [...repository].filter(([pair, ok]) => changed.get(pair) !== ok).map(([pair]) => pair);
  expect(flipped).toEqual(platform.environments.map((e) => `${e.name}: ${from} -> ${to}`));
  for (const pair of flipped) expect(changed.get(pair)).toBe(false);
});

/** The repository's input with one service's declaration removed from the catalog. */
function withoutDeclaration(service: string, field: 'awsPermissions' | 'kubernetesApi'): PlatformInput {
  const input = defaultInput();
  return { ...input, catalog: input.catalog.map((s) => (s.name === service ? { ...s, [field]: undefined } : s)) };
}

const declarations = [
  ...platform.catalog.filter((s) => s.awsPermissions?.length).map((s) => [s.name, 'awsPermissions', 'aws-apis'] as const),
  ...platform.catalog.filter((s) => s.kubernetesApi).map((s) => [s.name, 'kubernetesApi', 'kube-apiserver'] as const),
];

test.each(declarations)('removing %s\'s %s flips exactly its edge to %s, in every environment', (service, field, destination) => {
  const variant = buildPlatform(withoutDeclaration(service, field));
  const changed = matrix(variant, renderVariant(variant));
  const flipped = [...repository].filter(([pair, ok]) => changed.get(pair) !== ok).map(([pair]) => pair);
  expect(flipped).toEqual(platform.environments.map((e) => `${e.name}: ${service} -> ${destination}`));
  for (const pair of flipped) expect(changed.get(pair)).toBe(false);
});
