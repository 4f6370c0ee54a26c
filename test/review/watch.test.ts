import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { affectedEnvironments } from '../../review/watch';
import { scaledService } from '../helpers/input';
import { cleanupTemp, copyRepo, edit } from '../helpers/repo';
import { rewrite, setReplicas } from '../helpers/repo-edits';

jest.setTimeout(90_000);
afterAll(cleanupTemp);

test('a saved environment file re-renders only that environment; shared code re-renders all', () => {
  const envs = ['dev', 'staging', 'prod'];
  expect(affectedEnvironments('environments/dev.ts', envs)).toEqual(['dev']);
  expect(affectedEnvironments('environments/versions/prod.json', envs)).toEqual(['prod']);
  expect(affectedEnvironments('environments/catalog.ts', envs)).toBeUndefined();
  expect(affectedEnvironments('constructs/k8s/microservice.ts', envs)).toBeUndefined();
});

test('synth --watch: re-renders on save, prints the short diff and config errors, survives a bad save', async () => {
  const repo = copyRepo();
  const { env, service } = scaledService();
  const child = spawn(process.execPath, [join(repo, 'cli', 'launch.cjs'), 'apps/synth.ts', '--watch', '--env', env.name], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  /** Waits until the output after `from` matches, returns that part. */
  const waitFor = async (re: RegExp, from: number): Promise<string> => {
    for (let i = 0; i < 600; i++) {
      const part = out.slice(from);
      if (re.test(part)) return part;
      if (child.exitCode !== null) throw new Error(`watch exited ${child.exitCode}:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${re}:\n${out}`);
  };
  try {
    await waitFor(/waiting for changes/, 0);

    let at = out.length;
    rewrite(repo, `environments/${env.name}.ts`, (t) => setReplicas(t, service.name, service.replicas + 1));
    const saved = await waitFor(/waiting for changes/, at);
    expect(saved).toContain(`~ ${env.name}/${service.name} `);
    expect(saved).toMatch(new RegExp(`~ ${env.name}/${service.name} \\w+ ${service.namespace}/${service.name}\\n\\s+spec\\.replicas: ${service.replicas} -> ${service.replicas + 1}\\n`));

    at = out.length;
    const cidr = `vpcCidr: '${env.network.vpcCidr}'`;
    const tooWide = `vpcCidr: '${env.network.vpcCidr.replace(/\/\d+$/, '/8')}'`;
    edit(repo, `environments/${env.name}.ts`, cidr, tooWide);
    const bad = await waitFor(/waiting for changes/, at);
    expect(bad).toMatch(new RegExp(`render failed .*\\nerror: environment "${env.name}", field "network\\.vpcCidr"`));

    at = out.length;
    edit(repo, `environments/${env.name}.ts`, tooWide, cidr);
    expect(await waitFor(/waiting for changes/, at)).toMatch(/rendered \d+ Kubernetes manifests/);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
  }
  expect(child.exitCode ?? 0).toBe(0);
});
