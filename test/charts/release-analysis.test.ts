import { objectivesOf, releaseMeasurements } from '../../charts/platform/slo-rules';
import { loadPlatform } from '../../environments/load';
import { objects } from '../helpers/render';

const platform = loadPlatform();
// every service, whatever its strategy: a rolling release is a measured Rollout too
const released = platform.environments.flatMap((e) => e.services.map((s) => [`${e.name}/${s.name}`, s] as const));

test('some service exists (otherwise this file proves nothing)', () => {
  expect(released.length).toBeGreaterThan(0);
});

test.each(released)('%s: every release step is gated by an analysis of the new version against each objective', (folder, service) => {
  const objs = objects(folder);
  const rollout = objs.find((o) => o.kind === 'Rollout');
  const strategy = rollout.spec.strategy;
  const run = strategy.canary?.analysis ?? strategy.blueGreen?.prePromotionAnalysis;
  expect(run.args).toEqual([{ name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' } }]);
  const template = objs.find((o) => o.kind === 'AnalysisTemplate' && o.metadata.name === run.templates[0].templateName);
  expect(template.metadata.namespace).toBe(service.namespace);
  const expected = releaseMeasurements(service, 'rollouts_pod_template_hash="{{args.canary-hash}}"');
  expect(template.spec.metrics.map((m: any) => m.name)).toEqual(objectivesOf(service.slo).map((o) => (o.kind === 'availability' ? 'success-ratio' : 'latency')));
  for (const [i, m] of template.spec.metrics.entries()) {
    expect(m.provider.prometheus.query).toBe(expected[i].query);
    expect(m.provider.prometheus.query).toContain(`service="${service.name}"`);
    expect(m.successCondition).toBe(`result[0] >= ${expected[i].minimum}`);
    // a failed measurement beyond the limit fails the run, which aborts the Rollout and scales the new version down
    expect(m.failureLimit).toBeLessThanOrEqual(1);
  }
  // the monitored series carry the hash the queries select on
  const monitor = objs.find((o) => o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor');
  expect(monitor.spec.podTargetLabels).toEqual(['rollouts-pod-template-hash']);
});
