import { addonNamespaces } from '../../charts/platform/addons/addon-namespaces';
import { ADDONS } from '../../charts/platform/addons/catalog';
import { loadPlatform } from '../../environments/load';
import { DEFAULT_DENY_POLICY_NAME, LABEL_ENVIRONMENT } from '../../environments/naming';
import { gitops } from '../../environments/platform';
import { objects } from '../helpers/render';

const platform = loadPlatform();
/** Each environment with the namespaces its services declare. */
const ENVS = platform.environments.map((e) => [e.name, [...new Set(e.services.map((s) => s.namespace))].sort()] as const);

test.each(ENVS)('%s: every application namespace exists and enforces the restricted Pod Security Standard', (env, namespaces) => {
  const rendered = objects(`${env}/namespaces`).filter((o) => o.kind === 'Namespace' && namespaces.includes(o.metadata.name));
  expect(rendered.map((n) => n.metadata.name).sort()).toEqual(namespaces);
  for (const ns of rendered) expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
});

test.each(ENVS)('%s: the add-ons\' namespaces exist in the first wave at their Pod Security level; their Applications do not create them', (env, namespaces) => {
  const apps = objects(`${env}/argocd`).filter((o) => o.kind === 'Application');
  const rendered = objects(`${env}/namespaces`).filter((o) => o.kind === 'Namespace' && !namespaces.includes(o.metadata.name));
  // every add-on namespace but Kubernetes' own and Argo CD's (the bootstrap creates it)
  const expected = [...new Set(ADDONS.map((a) => a.namespace).filter((n) => n !== 'kube-system' && n !== gitops.argocdNamespace))].sort();
  expect(rendered.map((n) => n.metadata.name).sort()).toEqual(expected);
  for (const a of ADDONS.filter((x) => expected.includes(x.namespace))) {
    const ns = rendered.find((n) => n.metadata.name === a.namespace);
    expect([a.name, ns.metadata.labels['pod-security.kubernetes.io/enforce']]).toEqual([a.name, a.podSecurity]);
    const app = apps.find((x) => x.metadata.name === `${env}-${a.name}`);
    expect([a.name, app.spec.syncPolicy.syncOptions.includes('CreateNamespace=true'), app.spec.syncPolicy.managedNamespaceMetadata])
      .toEqual([a.name, false, undefined]);
  }
});

test('add-ons sharing a namespace must agree on its Pod Security level', () => {
  const [first, second] = ADDONS;
  const clash = [{ ...first, namespace: 'shared', podSecurity: 'restricted' as const }, { ...second, namespace: 'shared', podSecurity: 'privileged' as const }];
  expect(() => addonNamespaces(gitops.argocdNamespace, clash)).toThrow(`add-on ${second.name}: namespace shared enforces Pod Security "restricted" for another add-on, not "privileged"`);
});

test.each(ENVS)('%s: one default-deny policy per namespace, in the namespaces folder only', (env, namespaces) => {
  const denies = objects().filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === DEFAULT_DENY_POLICY_NAME && o.metadata.labels[LABEL_ENVIRONMENT] === env);
  expect(denies.map((p) => p.metadata.namespace).sort()).toEqual(namespaces);
  for (const p of denies) expect(p.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  expect(objects(`${env}/namespaces`).filter((o) => o.kind === 'NetworkPolicy')).toEqual(denies);
});
