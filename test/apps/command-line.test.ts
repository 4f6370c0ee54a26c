import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { COMMANDS, ENTRY_POINTS, type CommandName } from '../../cli/commands';
import { scaledService } from '../helpers/input';
import { cleanupTemp, copyRepo, digests, readBytes, runScript } from '../helpers/repo';
import { bytesDiffer, rewrite, setReplicas } from '../helpers/repo-edits';

jest.setTimeout(120_000);
afterAll(cleanupTemp);

let repo: string;
/** Everything a command could write (the repository without node_modules and the launcher's bundles), as digests. */
const snapshot = () => digests(new Map(readdirSync(repo).filter((n) => n !== 'node_modules' && n !== 'lib')
  .flatMap((n): [string, Buffer][] => (statSync(join(repo, n)).isDirectory() ? [...readBytes(join(repo, n))].map(([p, b]): [string, Buffer] => [`${n}/${p}`, b]) : [[n, readFileSync(join(repo, n))]]))));
beforeAll(() => { repo = copyRepo(); });

describe.each(Object.keys(COMMANDS) as CommandName[])('%s', (command) => {
  // -h is the same request (wantsHelp, test/cli/cli.test.ts): one process per command suffices
  test('--help prints the usage, exits 0 and writes nothing', () => {
    const before = snapshot();
    const r = runScript(repo, ENTRY_POINTS[command], ['--help']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(new RegExp(`^usage: ${COMMANDS[command].name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(r.stdout).toContain('exit codes:');
    expect(snapshot()).toEqual(before);
  });

  test('an unknown flag: exit 1, one line naming the flag, nothing written', () => {
    const before = snapshot();
    const r = runScript(repo, ENTRY_POINTS[command], ['--outt', 'x']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: flag --outt: unknown flag.*\n$/);
    expect(r.stdout).toBe('');
    expect(snapshot()).toEqual(before);
  });
});

test('synth --env <env> --app <service> rewrites only that folder: the rest of dist/ byte for byte', () => {
  const dist = join(repo, 'dist');
  const before = readBytes(dist);
  const { env, service } = scaledService();
  const undo = rewrite(repo, `environments/${env.name}.ts`, (t) => setReplicas(t, service.name, service.replicas + 1));
  // the same edit would change more than that folder (the namespace quota) in a full render
  const r = runScript(repo, 'apps/synth.ts', ['--env', env.name, '--app', service.name]);
  undo();
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const after = readBytes(dist);
  const inFolder = (p: string) => p.startsWith(`k8s/${env.name}/${service.name}/`);
  const outside = (tree: Map<string, Buffer>) => digests(new Map([...tree].filter(([p]) => !inFolder(p))));
  expect(outside(after)).toEqual(outside(before));
  const changed = [...after].filter(([p, b]) => inFolder(p) && !before.get(p)?.equals(b));
  expect(changed.map(([, b]) => parse(b.toString('utf8')))).toEqual([
    expect.objectContaining({
      metadata: expect.objectContaining({ name: service.name }),
      spec: expect.objectContaining({ replicas: service.replicas + 1 }),
    }),
  ]);
});

test('an unknown environment or app is a flag error naming the known ones, dist/ untouched', () => {
  const before = readBytes(join(repo, 'dist'));
  const env = runScript(repo, 'apps/synth.ts', ['--env', 'dve']);
  expect(env.stderr).toMatch(/^error: flag --env: unknown environment "dve" \(did you mean dev\?\); use one of dev, /);
  const app = runScript(repo, 'apps/synth.ts', ['--app', 'no-such-app']);
  expect(app.stderr).toMatch(/^error: flag --app: no app "no-such-app" in .*; apps: .*argocd.*namespaces/);
  expect([env.status, app.status]).toEqual([1, 1]);
  expect(bytesDiffer(before, readBytes(join(repo, 'dist')))).toEqual([]);
});
