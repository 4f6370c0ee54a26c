import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { CustomResource } from '../../../constructs/k8s/custom-resource';
import { ROOT } from '../../helpers/repo';

test('a custom resource renders its body as given', () => {
  const chart = Testing.chart();
  new CustomResource(chart, 'es', {
    apiVersion: 'external-secrets.io/v1beta1',
    kind: 'ExternalSecret',
    metadata: { name: 'x', namespace: 'y' },
    spec: { refreshInterval: '1h', secretStoreRef: { kind: 'ClusterSecretStore', name: 'store' } },
  });
  expect(Testing.synth(chart)).toEqual([{
    apiVersion: 'external-secrets.io/v1beta1',
    kind: 'ExternalSecret',
    metadata: { name: 'x', namespace: 'y' },
    spec: { refreshInterval: '1h', secretStoreRef: { kind: 'ClusterSecretStore', name: 'store' } },
  }]);
});

test('a misspelt field of a custom resource fails to compile (the type-check of npm test proves it)', () => {
  const chart = Testing.chart();
  // @ts-expect-error refreshIntervl is not a field of ExternalSecret's spec
  new CustomResource(chart, 'typo', { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', spec: { refreshIntervl: '1h' } });
  new CustomResource(chart, 'typo2', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {},
    // @ts-expect-error selfHeel is not a field of an Application's automated sync policy
    spec: { destination: {}, project: 'p', syncPolicy: { automated: { selfHeel: true } } },
  });
  expect(Testing.synth(chart)).toHaveLength(2);
});

test('charts and constructs build custom resources one way: through CustomResource, never a raw ApiObject', () => {
  const sources = (dir: string): string[] => readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  const raw = [...sources('charts'), ...sources('constructs/k8s')]
    .filter((f) => !f.endsWith('custom-resource.ts'))
    .filter((f) => /new ApiObject\(|extends ApiObject\b/.test(readFileSync(join(ROOT, f), 'utf8')));
  expect(raw).toEqual([]);
});
