import { objects, folderFiles } from '../helpers/render';

const ENVS = ['dev', 'staging', 'prod'];

test.each(ENVS)('%s namespaces render the same bytes as before (snapshot)', (env) => {
  expect(folderFiles(`${env}/namespaces`)).toMatchSnapshot();
});

test.each(ENVS)('every %s application namespace enforces the restricted Pod Security Standard', (env) => {
  const namespaces = objects(`${env}/namespaces`).filter((o) => o.kind === 'Namespace');
  expect(namespaces.map((n) => n.metadata.name)).toEqual(['orders', 'shop']);
  for (const ns of namespaces) expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
});

test.each(ENVS)('%s: one default-deny policy per namespace, in the namespaces folder only', (env) => {
  const denies = objects().filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'default-deny' && o.metadata.labels['platform.acme.io/environment'] === env);
  expect(denies.map((p) => p.metadata.namespace)).toEqual(['orders', 'shop']);
  for (const p of denies) expect(p.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  expect(objects(`${env}/namespaces`).filter((o) => o.kind === 'NetworkPolicy')).toEqual(denies);
});
