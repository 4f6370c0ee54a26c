import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { RENDER_MARKER } from '../../render/writer';
import { cleanupTemp, copyRepo, readTree, runScript } from '../helpers/repo';

afterAll(cleanupTemp);

test('npx cdk8s synth (cdk8s.yaml) writes the same bytes as npm run synth into dist/k8s', () => {
  const repo = copyRepo();
  const before = readTree(join(repo, 'dist', 'k8s'));
  const r = spawnSync(join(repo, 'node_modules', '.bin', 'cdk8s'), ['synth'], { cwd: repo, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: '', CDK8S_CHECK_UPGRADE: 'false' } });
  expect(r.status).toBe(0);
  expect([...readTree(join(repo, 'dist', 'k8s'))]).toEqual([...before]);
  expect(before.size).toBeGreaterThan(0);
});

test('the cdktf entry point honours CDKTF_OUTDIR and writes the same stacks', () => {
  const repo = copyRepo();
  const out = join(repo, 'cdktf.out');
  const r = runScript(repo, 'apps/infra.ts', [], { env: { CDKTF_OUTDIR: out } });
  expect(r.status).toBe(0);
  // the render marker sits at the root of every output folder
  expect([...readTree(out)].filter(([f]) => f !== RENDER_MARKER)).toEqual([...readTree(join(repo, 'dist', 'terraform'))]);
  expect(readTree(out).has(RENDER_MARKER)).toBe(true);
});

describe('validate:terraform without terraform on the PATH', () => {
  const run = (ci: string) => runScript(copyRepo(), 'apps/validate-terraform.ts', [], {
    env: { PATH: '/nonexistent', CI: ci },
  });

  test('locally it prints SKIPPED in capitals and exits 0', () => {
    const r = run('');
    expect(r.stdout).toMatch(/^SKIPPED: TERRAFORM IS NOT INSTALLED/m);
    expect(r.status).toBe(0);
  });

  test('with CI=true a skip is a failure', () => {
    const r = run('true');
    expect(r.stdout).toMatch(/FAILED: terraform is not installed/);
    expect(r.status).toBe(1);
  });
});
