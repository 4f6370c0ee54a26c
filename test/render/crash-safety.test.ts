/**
 * Crash safety of the render (run as the task runs it: cli/launch.cjs). A test-only entry point
 * passes the writer hooks that kill the render (SIGKILL, no cleanup) after the first file, in the
 * middle, right before the swap and between the two renames of the swap; the previous dist/ must
 * survive each, and the next run must leave no temporary folder. A removed service's files disappear on success, and nothing but rendered
 * files (no editor backups, .DS_Store, swap or cdktf temp files) is ever left in dist/.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultInput } from '../../environments/load';
import { assertAllowed, assertWritablePath, recoverInterruptedWrites, writeTreeAtomically } from '../../render/writer';
import { renderedTreeFile } from '../helpers/render';
import { cleanupTemp, copyRepo, readTree, ROOT, runScript, tempDir } from '../helpers/repo';
import { bytesDiffer, cloneService, readBytes, rewrite, runSynth } from '../helpers/repo-edits';

afterAll(cleanupTemp);

const ENVS = defaultInput().environments.map((e) => e.name);
const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('.dist.')).sort();
const CRASH = 'test/render/fixtures/crash-synth.ts';
/** Renders this repository's config into `<repo>/dist` with a writer hook that kills the render. */
const crashSynth = (repo: string, ...how: string[]) => runScript(ROOT, CRASH, [renderedTreeFile(), join(repo, 'dist'), ...how]);

describe('npm run synth killed at any point', () => {
  let repo: string;
  let before: Map<string, Buffer>;
  beforeAll(() => {
    repo = copyRepo();
    // one stray file: the render differs from dist/, so the writer builds a new tree to crash in
    writeFileSync(join(repo, 'dist', 'k8s', '.DS_Store'), 'stray');
    before = readBytes(join(repo, 'dist'));
  });

  const crashes: Array<[string, (n: number) => string[]]> = [
    ['after the first file', () => ['after-file', '1']],
    ['in the middle', (n) => ['after-file', String(Math.max(2, Math.floor(n / 2)))]],
    ['after the last file, right before the swap', () => ['before-swap']],
  ];
  test.each(crashes)('%s: the previous dist/ is whole, one temporary folder and a dead lock are left', (_, how) => {
    const r = crashSynth(repo, ...how(before.size));
    expect(r.signal).toBe('SIGKILL');
    expect(bytesDiffer(before, readBytes(join(repo, 'dist')))).toEqual([]);
    // the previous crash's folder was removed by this run; only this run's own remains
    expect(leftovers(repo)).toEqual(['.dist.lock', expect.stringMatching(/^\.dist\.tmp-\d+$/)]);
  });

  test('between the two renames of the swap: the next run, even a failing one, puts dist/ back whole', () => {
    const r = crashSynth(repo, 'during-swap');
    expect(r.signal).toBe('SIGKILL');
    const [lock, old] = leftovers(repo);
    expect(lock).toBe('.dist.lock');
    expect(old).toMatch(/^\.dist\.old-\d+$/);
    expect(bytesDiffer(before, readBytes(join(repo, old)))).toEqual([]);

    const restore = rewrite(repo, 'environments/dev.ts', (t) => t.replace(/vpcCidr: '[^']+'/, "vpcCidr: 'nope'"));
    const failed = runSynth(repo);
    restore();
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/^error: environment "dev", field "network.vpcCidr"/);
    expect(leftovers(repo)).toEqual([]);
    expect(bytesDiffer(before, readBytes(join(repo, 'dist')))).toEqual([]);
  });

  test('a successful run removes a removed service\'s files and every stray file, and leaves no temporary folder', () => {
    // plant what editors, Finder and tools leave behind, inside dist/ and next to it
    const strays = [
      'k8s/.DS_Store', 'k8s/dev/web/deployment.yaml~', 'k8s/dev/.deployment.yaml.swp', 'k8s/dev/#notes#',
      'terraform/.cdktf-tmp/stacks/dev/cdk.tf.json', 'terraform/stacks/dev/.terraform/terraform.tfstate',
      'terraform/stacks/dev/.terraform.lock.hcl', 'terraform/stacks/dev/plan.tfplan', '.DS_Store', 'notes.txt',
    ];
    for (const s of strays) {
      mkdirSync(join(repo, 'dist', s, '..'), { recursive: true });
      writeFileSync(join(repo, 'dist', s), 'stray');
    }
    mkdirSync(join(repo, '.dist.tmp-2147483'), { recursive: true });

    const SERVICE = 'hardening-clone';
    const undo = cloneService(repo, defaultInput().catalog[0].name, SERVICE, ENVS);
    const added = runSynth(repo);
    undo();
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(leftovers(repo)).toEqual([]);
    const withClone = readTree(join(repo, 'dist'));
    for (const s of strays) expect(withClone.has(s)).toBe(false);
    for (const env of ENVS) {
      expect([...withClone.keys()].filter((f) => f.startsWith(`k8s/${env}/${SERVICE}/`)).length).toBeGreaterThan(0);
    }
    expect(() => assertAllowed(withClone)).not.toThrow();

    const removed = runSynth(repo);
    expect(removed.status).toBe(0);
    expect(leftovers(repo)).toEqual([]);
    const after = readTree(join(repo, 'dist'));
    expect([...after.keys()].filter((f) => f.includes(SERVICE))).toEqual([]);
    // every other file is still there, and nothing refers to the removed service any more
    expect([...after.keys()]).toEqual([...withClone.keys()].filter((f) => !f.includes(SERVICE)));
    expect([...after].filter(([, content]) => content.includes(SERVICE)).map(([f]) => f)).toEqual([]);
    expect(() => assertAllowed(after)).not.toThrow();
  });
});

describe('the writer', () => {
  test.each([
    '.DS_Store', 'k8s/dev/web/.DS_Store', 'k8s/dev/web/service.yaml~', 'k8s/dev/web/.service.yaml.swp', 'k8s/dev/web/service.yaml.swp',
    'k8s/dev/web/#service.yaml#', 'k8s/dev/web/service.yaml.bak', 'k8s/dev/web/service.yaml.orig', 'terraform/.cdktf/x.json',
    'terraform/stacks/dev/.terraform.lock.hcl', 'terraform/stacks/dev/cdk.tf.json.tmp', '../escape.yaml', '/etc/passwd',
    'k8s\\dev\\web.yaml', 'k8s//web.yaml', 'k8s/./web.yaml', 'k8s/dev/web/a\u0000b.yaml',
  ])('refuses %j and writes nothing', (rel) => {
    const parent = tempDir();
    const target = join(parent, 'dist');
    expect(() => assertWritablePath(target, rel)).toThrow(/refusing to write/);
    expect(() => writeTreeAtomically(target, new Map([['k8s/dev/web/ok.yaml', 'ok'], [rel, 'x']]))).toThrow(/refusing to write/);
    expect(readdirSync(parent)).toEqual([]);
  });

  test.each([
    'README.md', 'k8s/dev/web/notes.txt', 'k8s/dev/web/Deployment.yaml', 'k8s/dev/web.yaml', 'terraform/stacks/dev/main.tf',
    'terraform/stacks/dev/cdk.tf.json.bak', 'terraform/cdktf.out/manifest.json', 'terraform/stacks/dev/.terraform/x',
  ])('the dist/ layout check refuses %j', (rel) => {
    expect(() => assertAllowed(new Map([[rel, '']]))).toThrow(/refusing to write an unexpected file/);
  });

  test('a render still running keeps its temporary folder; a dead one\'s is removed', async () => {
    const parent = tempDir();
    const target = join(parent, 'dist');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      mkdirSync(join(parent, `.dist.tmp-${child.pid}`));
      mkdirSync(join(parent, '.dist.tmp-2147483'));
      recoverInterruptedWrites(target);
      expect(readdirSync(parent)).toEqual([`.dist.tmp-${child.pid}`]);
      writeTreeAtomically(target, new Map([['a.yaml', 'a']]));
      expect(readdirSync(parent).sort()).toEqual([`.dist.tmp-${child.pid}`, 'dist']);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    recoverInterruptedWrites(target);
    expect(readdirSync(parent)).toEqual(['dist']);
  });
});
