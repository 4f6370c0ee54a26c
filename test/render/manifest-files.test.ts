import { manifestFileName, manifestFiles } from '../../render/manifest-files';

const policy = (namespace: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'default-deny', namespace },
  spec: { podSelector: {} },
});

test('two same-named objects in two namespaces land in two files', () => {
  const files = manifestFiles('dev/namespaces', [policy('shop'), policy('orders')]);
  expect([...files.keys()]).toEqual([
    'dev/namespaces/networkpolicy.shop.default-deny.yaml',
    'dev/namespaces/networkpolicy.orders.default-deny.yaml',
  ]);
  expect(files.get('dev/namespaces/networkpolicy.orders.default-deny.yaml')).toContain('namespace: orders');
});

test('file names hold kind, namespace and name; cluster-scoped objects leave the namespace out', () => {
  expect(manifestFileName(policy('shop'))).toBe('networkpolicy.shop.default-deny.yaml');
  expect(manifestFileName({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).toBe('namespace.shop.yaml');
});

test('two objects that would share a file stop the render instead of one overwriting the other', () => {
  expect(() => manifestFiles('dev/x', [policy('shop'), policy('shop')]))
    .toThrow('dev/x: two objects render to dev/x/networkpolicy.shop.default-deny.yaml');
});

test('an object without a name stops the render', () => {
  expect(() => manifestFiles('dev/x', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } as never]))
    .toThrow(/without apiVersion, kind or metadata.name/);
});

test('each file holds exactly one YAML document, byte-stable', () => {
  const yaml = manifestFiles('dev/x', [policy('shop')]).get('dev/x/networkpolicy.shop.default-deny.yaml');
  expect(yaml).toBe([
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: default-deny',
    '  namespace: shop',
    'spec:',
    '  podSelector: {}',
    '',
  ].join('\n'));
});
