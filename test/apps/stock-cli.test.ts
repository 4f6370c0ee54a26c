/**
 * The stock CLIs run our entry points and write the bytes `npm run synth` writes: `npm run
 * synth:cdk8s` / `synth:cdktf` as a user types them (offline: no update nag, no stack trace), the
 * cdktf entry point into another folder, and the Terraform gate without terraform on the PATH.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RENDER_MARKER } from '../../render/writer';
import { cleanupTemp, copyRepo, readBytes, readTree, runScript } from '../helpers/repo';
import { bytesDiffer } from '../helpers/repo-edits';

jest.setTimeout(120_000);
afterAll(cleanupTemp);

/** One repository copy for every case: none of them changes a source, and each writes the committed bytes. */
let repo: string;
beforeAll(() => { repo = copyRepo(); });

/** Runs a package.json script of a repo copy as a user does; the registry is out of reach, as offline. */
function npmRun(script: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_registry: 'http://127.0.0.1:9/', HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' };
  // cdktf-cli runs `terraform version`, which warns about a CLI config file the machine names but lacks
  if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  return spawnSync('npm', ['run', '--silent', script], { cwd: repo, encoding: 'utf8', env });
}

test.each([
  ['synth:cdk8s', 'k8s'],
  ['synth:cdktf', 'terraform'],
])('npm run %s (the stock CLI) renders the committed bytes of dist/%s with no update nag and no stack trace', (script, side) => {
  const before = readBytes(join(repo, 'dist', side));
  const r = npmRun(script);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  expect(r.stdout).not.toMatch(/new version|\n\s+at /);
  expect(bytesDiffer(before, readBytes(join(repo, 'dist', side)))).toEqual([]);
  expect(before.size).toBeGreaterThan(0);
});

test('the cdktf entry point honours CDKTF_OUTDIR and writes the same stacks', () => {
  const out = join(repo, 'cdktf.out');
  const r = runScript(repo, 'apps/infra.ts', [], { env: { CDKTF_OUTDIR: out } });
  expect(r.status).toBe(0);
  // the render marker sits at the root of every output folder
  expect([...readTree(out)].filter(([f]) => f !== RENDER_MARKER)).toEqual([...readTree(join(repo, 'dist', 'terraform'))]);
  expect(readTree(out).has(RENDER_MARKER)).toBe(true);
});

describe('validate:terraform without terraform on the PATH', () => {
  const run = (ci: string) => runScript(repo, 'apps/validate-terraform.ts', [], {
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
