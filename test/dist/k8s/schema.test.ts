import { modelOf, schemaErrors, strictProblems, unknownFields } from './strict-schema';
import { manifests } from '../../helpers/render';

/** Every object committed to dist/k8s (the golden test proves it is what the code renders). */
const files = [...manifests()].map(([file, obj]) => ({ file, obj }));

test('dist/k8s holds objects to check', () => {
  expect(files.length).toBeGreaterThan(50);
});

test('every rendered object validates against its schema and carries no unknown field', () => {
  const problems = files.flatMap(({ file, obj }) => strictProblems(obj).map((p) => `${file}: ${p}`));
  expect(problems).toEqual([]);
});

describe('the strict check catches what the schemas let through', () => {
  // every service is a Rollout: a Deployment of the same pod template stands for the built-in kinds
  const rendered = files.find(({ obj }) => obj.kind === 'Rollout')!.obj;
  const deployment: any = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: rendered.metadata,
    spec: { replicas: 1, selector: rendered.spec.selector, template: rendered.spec.template },
  };
  const typo = structuredClone(deployment);
  const container = typo.spec.template.spec.containers[0];
  container.readinesProbe = container.readinessProbe;
  delete container.readinessProbe;

  test('a readinesProbe typo passes the kubernetes-models schema', () => {
    expect(schemaErrors(modelOf(typo)!, typo)).toEqual([]);
  });

  test('and fails the unknown-field check, which names it', () => {
    expect(unknownFields(modelOf(typo)!, typo)).toEqual(['/spec/template/spec/containers/0/readinesProbe']);
    expect(strictProblems(typo)).toEqual(['/spec/template/spec/containers/0/readinesProbe: unknown field']);
  });

  test('a typo inside a Rollout pod template is caught too', () => {
    const rollout = structuredClone(files.find(({ obj }) => obj.kind === 'Rollout')!.obj);
    rollout.spec.template.spec.volumes[0].emptyDri = {};
    expect(strictProblems(rollout)).toEqual(['/spec/template/spec/volumes/0/emptyDri: unknown field']);
  });

  test('a wrong type is a schema error', () => {
    const bad = structuredClone(deployment);
    bad.spec.replicas = 'two';
    expect(strictProblems(bad)).toContain('/spec/replicas must be integer');
  });
});
