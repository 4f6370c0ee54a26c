import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, copyRepo, readBytes } from '../helpers/repo';
import { bytesDiffer } from '../helpers/repo-edits';

jest.setTimeout(120_000);
afterAll(cleanupTemp);

/** Runs a package.json script of a repo copy as a user does; the registry is out of reach, as offline. */
function npmRun(repo: string, script: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_registry: 'http://127.0.0.1:9/', HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' };
  // cdktf-cli runs `terraform version`, which warns about a CLI config file the machine names but lacks
  if (env.TF_CLI_CONFIG_FILE && !existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
  return spawnSync('npm', ['run', '--silent', script], { cwd: repo, encoding: 'utf8', env });
}

test.each([
  ['synth:cdk8s', 'k8s'],
  ['synth:cdktf', 'terraform'],
])('npm run %s (the stock CLI) renders the committed bytes of dist/%s with no update nag and no stack trace', (script, side) => {
  const repo = copyRepo();
  const before = readBytes(join(repo, 'dist', side));
  const r = npmRun(repo, script);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  expect(r.stdout).not.toMatch(/new version|\n\s+at /);
  expect(bytesDiffer(before, readBytes(join(repo, 'dist', side)))).toEqual([]);
  expect(before.size).toBeGreaterThan(0);
});
