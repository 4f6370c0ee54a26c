import { objects, folderFiles } from '../helpers/render';

test('dev namespaces render the same bytes as before (snapshot)', () => {
  expect(folderFiles('dev/namespaces')).toMatchSnapshot();
});

test.each(['dev', 'staging', 'prod'])('every %s application namespace enforces the restricted Pod Security Standard', (env) => {
  const namespaces = objects(`${env}/namespaces`).filter((o) => o.kind === 'Namespace');
  expect(namespaces.map((n) => n.metadata.name)).toEqual(['shop']);
  for (const ns of namespaces) expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
});
