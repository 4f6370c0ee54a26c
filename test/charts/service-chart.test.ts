import { objects, folderFiles } from '../helpers/render';

const ENVS = ['dev', 'staging', 'prod'];

test.each(ENVS)('%s web renders the same bytes as before (snapshot)', (env) => {
  expect(folderFiles(`${env}/web`)).toMatchSnapshot();
});

const deployment = (env: string) => objects(`${env}/web`).find((o) => o.kind === 'Deployment');

test.each(ENVS)('%s web Deployment runs as non-root under the restricted profile', (env) => {
  const pod = deployment(env).spec.template.spec;
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
  for (const c of pod.containers) {
    expect(c.securityContext).toMatchObject({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
    });
  }
  expect(pod.automountServiceAccountToken).toBe(false);
});

test('the selector is the stable name/instance pair, never a construct-path label', () => {
  for (const env of ENVS) {
    const d = deployment(env);
    expect(d.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' });
    expect(JSON.stringify(d)).not.toContain('cdk8s.io/metadata.addr');
  }
});

test('the image is pinned to the tag of the environment versions file', () => {
  expect(deployment('dev').spec.template.spec.containers[0].image).toBe('111111111111.dkr.ecr.us-west-2.amazonaws.com/platform/web:1.4.2');
  expect(deployment('prod').spec.template.spec.containers[0].image).toMatch(/:1\.4\.1$/);
});

test('prod runs more replicas than dev', () => {
  expect(deployment('prod').spec.replicas).toBeGreaterThan(deployment('dev').spec.replicas);
});

test('the Service selects the Deployment pods on the named http port', () => {
  const svc = objects('prod/web').find((o) => o.kind === 'Service');
  expect(svc.spec.selector).toEqual(deployment('prod').spec.selector.matchLabels);
  expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080 }]);
});
