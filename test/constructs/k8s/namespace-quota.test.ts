import { Testing } from 'cdk8s';
import { peakPods } from '../../../charts/namespaces-chart';
import { NamespaceQuota, type QuotaWorkload } from '../../../constructs/k8s/namespace-quota';

const small: QuotaWorkload = { name: 'a', peakPods: 2, requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '250m', memory: '256Mi' } };
const large: QuotaWorkload = { name: 'b', peakPods: 3, requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1.5', memory: '2Gi' } };

function synth(workloads: readonly QuotaWorkload[]): any[] {
  const chart = Testing.chart();
  new NamespaceQuota(chart, 'q', { namespace: 'shop', labels: { team: 'shop' }, workloads });
  return Testing.synth(chart);
}

test('the quota is the sum of peak pods times each pod\'s requests and limits', () => {
  const quota = synth([small, large]).find((o) => o.kind === 'ResourceQuota');
  expect(quota.metadata).toMatchObject({ name: 'workloads', namespace: 'shop' });
  expect(quota.spec.hard).toEqual({
    'pods': 5,
    'requests.cpu': `${2 * 100 + 3 * 1000}m`,
    'requests.memory': `${2 * 128 + 3 * 1024}Mi`,
    'limits.cpu': `${2 * 250 + 3 * 1500}m`,
    'limits.memory': `${2 * 256 + 3 * 2048}Mi`,
  });
});

test('the LimitRange caps containers at the largest limit and defaults to the smallest values, never above its cap', () => {
  const range = synth([large, small]).find((o) => o.kind === 'LimitRange');
  expect(range.spec.limits).toEqual([{
    type: 'Container',
    max: { cpu: '1500m', memory: '2048Mi' },
    default: { cpu: '250m', memory: '256Mi' },
    defaultRequest: { cpu: '100m', memory: '128Mi' },
  }]);
});

test('no workloads, a pod count below one or a malformed quantity is a bug in the caller', () => {
  expect(() => synth([])).toThrow(/no workloads/);
  expect(() => synth([{ ...small, peakPods: 0 }])).toThrow(/shop\/a: peakPods 0/);
  expect(() => synth([{ ...small, requests: { ...small.requests, cpu: 'lots' } }])).toThrow(/shop\/a: "lots" is not a CPU quantity/);
});

test.each([
  ['rolling, 4 replicas: a quarter surges', { replicas: 4 }, 5],
  ['rolling, 1 replica: the surge rounds up to one pod', { replicas: 1 }, 2],
  ['rolling at the HPA maximum', { replicas: 2, autoscaling: { minReplicas: 2, maxReplicas: 6 } }, 8],
  ['canary: a second full ReplicaSet', { replicas: 3, strategy: { type: 'canary' as const, steps: [{ weight: 50 }] } }, 6],
  ['blue-green: the preview is full size', { replicas: 2, autoscaling: { minReplicas: 2, maxReplicas: 5 }, strategy: { type: 'blueGreen' as const, autoPromote: true } }, 10],
])('peak pods, %s', (_name, service, expected) => {
  expect(peakPods(service)).toBe(expected);
});
