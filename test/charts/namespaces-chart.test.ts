import { loadPlatform } from '../../environments/load';
import { DEFAULT_DENY_POLICY_NAME, LABEL_ENVIRONMENT } from '../../environments/naming';
import { objects } from '../helpers/render';

const platform = loadPlatform();
/** Each environment with the namespaces its services declare. */
const ENVS = platform.environments.map((e) => [e.name, [...new Set(e.services.map((s) => s.namespace))].sort()] as const);

test.each(ENVS)('%s: every application namespace exists and enforces the restricted Pod Security Standard', (env, namespaces) => {
  const rendered = objects(`${env}/namespaces`).filter((o) => o.kind === 'Namespace');
  expect(rendered.map((n) => n.metadata.name).sort()).toEqual(namespaces);
  for (const ns of rendered) expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
});

test.each(ENVS)('%s: one default-deny policy per namespace, in the namespaces folder only', (env, namespaces) => {
  const denies = objects().filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === DEFAULT_DENY_POLICY_NAME && o.metadata.labels[LABEL_ENVIRONMENT] === env);
  expect(denies.map((p) => p.metadata.namespace).sort()).toEqual(namespaces);
  for (const p of denies) expect(p.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  expect(objects(`${env}/namespaces`).filter((o) => o.kind === 'NetworkPolicy')).toEqual(denies);
});
