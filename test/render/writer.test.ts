import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OperationalError } from '../../render/operational-error';
import { RENDER_MARKER, writeTreeAtomically } from '../../render/writer';
import { renderedTreeFile } from '../helpers/render';
import { cleanupTemp, copyRepo, readTree, ROOT, runScript, tempDir } from '../helpers/repo';

afterAll(cleanupTemp);


/** Above Linux's largest pid_max (2^22): no process can have it, so its leftovers are a dead run's. */
const DEAD_PID = 2 ** 22 + 1;

test('the target holds exactly the new files: stale files of removed apps disappear', () => {
  const target = join(tempDir(), 'dist');
  writeTreeAtomically(target, new Map([['k8s/dev/old/a.yaml', 'old'], ['k8s/dev/web/b.yaml', 'b1']]));
  writeTreeAtomically(target, new Map([['k8s/dev/web/b.yaml', 'b2']]));
  expect([...readTree(target)].filter(([f]) => f !== RENDER_MARKER)).toEqual([['k8s/dev/web/b.yaml', 'b2']]);
  expect(readdirSync(join(target, '..'))).toEqual(['dist']);
});

test('leftovers of a crashed run are cleaned up by the next one', () => {
  const parent = tempDir();
  const target = join(parent, 'dist');
  mkdirSync(join(parent, `.dist.tmp-${DEAD_PID}`, 'k8s'), { recursive: true });
  writeFileSync(join(parent, `.dist.tmp-${DEAD_PID}`, 'k8s', 'half.yaml'), 'half');
  writeTreeAtomically(target, new Map([['a.yaml', 'a']]));
  expect(readdirSync(parent)).toEqual(['dist']);
});

test('a crash between the two renames of a swap restores the previous output', () => {
  const parent = tempDir();
  mkdirSync(join(parent, `.dist.old-${DEAD_PID}`));
  writeFileSync(join(parent, `.dist.old-${DEAD_PID}`, 'a.yaml'), 'previous');
  writeTreeAtomically(join(parent, 'dist'), new Map([['a.yaml', 'next']]));
  expect(readdirSync(parent)).toEqual(['dist']);
  expect(readTree(join(parent, 'dist')).get('a.yaml')).toBe('next');
  expect(readTree(join(parent, 'dist')).has(RENDER_MARKER)).toBe(true);
});

test('paths outside the target are refused and nothing is written', () => {
  const target = join(tempDir(), 'dist');
  expect(() => writeTreeAtomically(target, new Map([['../escape.yaml', 'x']]))).toThrow(/refusing to write outside/);
  expect(existsSync(target)).toBe(false);
  expect(readdirSync(join(target, '..'))).toEqual([]);
});

test('a render killed mid-write leaves the committed dist/ whole; the next run leaves no temporary folder', () => {
  const repo = copyRepo();
  const before = readTree(join(repo, 'dist'));
  // a stray file makes this render differ from dist/, so there is a new tree to crash in
  writeFileSync(join(repo, 'dist', 'stray.txt'), 'stray');
  const crashed = runScript(ROOT, 'test/render/fixtures/crash-synth.ts', [renderedTreeFile(), join(repo, 'dist'), 'after-file', '3']);
  expect(crashed.signal).toBe('SIGKILL');
  expect([...readTree(join(repo, 'dist'))]).toEqual([...before, ['stray.txt', 'stray']].sort(([a], [b]) => (a < b ? -1 : 1)));
  expect(readdirSync(repo).filter((n) => n.startsWith('.dist.tmp-'))).toHaveLength(1);

  const next = runScript(repo, 'apps/synth.ts');
  expect(next.status).toBe(0);
  expect(readdirSync(repo).filter((n) => n.startsWith('.dist.'))).toEqual([]);
  expect([...readTree(join(repo, 'dist'))]).toEqual([...before]);
});

/** Inode and modification time of every file: what a writer that touches nothing keeps. */
const identity = (dir: string) => new Map([...readTree(dir).keys()].map((f) => {
  const st = statSync(join(dir, f));
  return [f, `${st.ino}:${st.mtimeMs}`];
}));

describe('repeated renders into the same folder', () => {
  const first = new Map([['k8s/dev/web/a.yaml', 'a'], ['k8s/dev/web/b.yaml', 'b'], ['terraform/stacks/dev/cdk.tf.json', '{}']]);

  test('an identical tree touches nothing: same inodes, same times, no temporary folder', () => {
    const target = join(tempDir(), 'dist');
    writeTreeAtomically(target, first);
    const before = identity(target);
    const r = writeTreeAtomically(target, first);
    expect(r).toMatchObject({ unchanged: true, written: 0, removed: 0 });
    expect(identity(target)).toEqual(before);
    expect(readdirSync(join(target, '..'))).toEqual(['dist']);
  });

  test('only changed files get new bytes; unchanged ones are the same files, removed ones disappear', () => {
    const target = join(tempDir(), 'dist');
    writeTreeAtomically(target, new Map([...first, ['k8s/dev/old/c.yaml', 'c']]));
    const before = identity(target);
    const next = new Map(first).set('k8s/dev/web/b.yaml', 'b2');
    const r = writeTreeAtomically(target, next);
    expect(r).toMatchObject({ unchanged: false, written: 1, removed: 1 });
    const after = identity(target);
    for (const f of first.keys()) {
      if (f === 'k8s/dev/web/b.yaml') expect(after.get(f)).not.toEqual(before.get(f));
      else expect(after.get(f)).toEqual(before.get(f));
    }
    expect(Object.fromEntries([...readTree(target)].filter(([f]) => f !== RENDER_MARKER))).toEqual(Object.fromEntries(next));
  });

  test('a stray file alone is enough to rewrite: the target ends up holding exactly the render', () => {
    const target = join(tempDir(), 'dist');
    writeTreeAtomically(target, first);
    mkdirSync(join(target, 'k8s', 'dev', 'web', '.cache'));
    writeFileSync(join(target, 'k8s', 'dev', 'web', 'a.yaml~'), 'backup');
    expect(writeTreeAtomically(target, first).unchanged).toBe(false);
    expect([...readTree(target).keys()].sort()).toEqual([...first.keys(), RENDER_MARKER].sort());
    expect(existsSync(join(target, 'k8s', 'dev', 'web', '.cache'))).toBe(false);
  });
});

describe('scoped writes', () => {
  test('only files under the scope are replaced or removed; everything else stays byte for byte', () => {
    const target = join(tempDir(), 'dist');
    writeTreeAtomically(target, new Map([
      ['k8s/dev/web/a.yaml', 'a'], ['k8s/dev/web/gone.yaml', 'x'], ['k8s/dev/api/b.yaml', 'b'], ['terraform/stacks/dev/cdk.tf.json', '{}'],
    ]));
    writeFileSync(join(target, 'k8s', 'dev', 'api', 'notes~'), 'kept: outside the scope');
    const before = identity(target);
    writeTreeAtomically(target, new Map([['k8s/dev/web/a.yaml', 'a2'], ['k8s/dev/web/new.yaml', 'n']]), { scope: ['k8s/dev/web/'] });
    const tree = readTree(target);
    expect(Object.fromEntries(tree)).toEqual({
      [RENDER_MARKER]: tree.get(RENDER_MARKER),
      'k8s/dev/web/a.yaml': 'a2',
      'k8s/dev/web/new.yaml': 'n',
      'k8s/dev/api/b.yaml': 'b',
      'k8s/dev/api/notes~': 'kept: outside the scope',
      'terraform/stacks/dev/cdk.tf.json': '{}',
    });
    const after = identity(target);
    for (const f of ['k8s/dev/api/b.yaml', 'k8s/dev/api/notes~', 'terraform/stacks/dev/cdk.tf.json']) expect(after.get(f)).toEqual(before.get(f));
    expect(readdirSync(join(target, '..'))).toEqual(['dist']);
  });

  test('a file outside the scope, or a scope that is not a folder prefix, is a bug and writes nothing', () => {
    const target = join(tempDir(), 'dist');
    expect(() => writeTreeAtomically(target, new Map([['k8s/dev/api/a.yaml', 'a']]), { scope: ['k8s/dev/web/'] })).toThrow(/outside the scope/);
    expect(() => writeTreeAtomically(target, new Map([['k8s/dev/web/a.yaml', 'a']]), { scope: ['k8s/dev/web'] })).toThrow(/ending in \//);
    expect(() => writeTreeAtomically(target, new Map([['k8s/a.yaml', 'a']]), { scope: ['../k8s/'] })).toThrow(/refusing to write outside/);
    expect(existsSync(target)).toBe(false);
  });
});

describe('the writer only replaces renders', () => {
  test.each([
    ['a folder that is not a render', (d: string) => writeFileSync(join(d, 'thesis.tex'), 'mine'), /not a previous render/],
    ['a folder holding .git', (d: string) => { mkdirSync(join(d, '.git')); writeFileSync(join(d, RENDER_MARKER), ''); }, /holds a \.git folder/],
  ])('refuses %s and changes nothing', (_, make, message) => {
    const target = join(tempDir(), 'out');
    mkdirSync(target);
    make(target);
    const before = readTree(target);
    let error: unknown;
    try {
      writeTreeAtomically(target, new Map([['k8s/dev/web/a.yaml', 'a']]));
    } catch (e) {
      error = e;
    }
    expect(OperationalError.isOperationalError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(target);
    expect(readTree(target)).toEqual(before);
    expect(readdirSync(join(target, '..'))).toEqual(['out']);
  });

  test.each([
    ['the repository root', (repo: string) => repo],
    ['a folder above the repository', (repo: string) => join(repo, '..')],
    ['the config folder', (repo: string) => join(repo, 'environments')],
  ])('refuses %s', (_, where) => {
    const repo = join(tempDir(), 'repo');
    mkdirSync(join(repo, 'environments'), { recursive: true });
    expect(() => writeTreeAtomically(where(repo), new Map([['a.yaml', 'a']]), { repoRoot: repo })).toThrow(/repository or a folder above its config/);
  });

  test('a new folder, an empty one, a previous render and the repository\'s own dist/ are accepted', () => {
    const repo = tempDir();
    mkdirSync(join(repo, 'empty'));
    mkdirSync(join(repo, 'dist'));
    writeFileSync(join(repo, 'dist', 'committed-before-markers.yaml'), 'x');
    for (const t of ['new', 'empty', 'new', 'dist']) writeTreeAtomically(join(repo, t), new Map([['a.yaml', t]]), { repoRoot: repo });
    expect(readTree(join(repo, 'dist')).get('a.yaml')).toBe('dist');
  });

  test('a second render waits for the lock of the first, then refuses clearly', async () => {
    const parent = tempDir();
    const target = join(parent, 'dist');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(parent, '.dist.lock'), `${holder.pid}\n`);
      expect(() => writeTreeAtomically(target, new Map([['a.yaml', 'a']]), { lockWaitMs: 300 }))
        .toThrow(new RegExp(`another render \\(pid ${holder.pid}\\) is writing ${target}: wait for it to finish`));
      expect(existsSync(target)).toBe(false);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    // its owner is gone: the lock is taken over
    writeTreeAtomically(target, new Map([['a.yaml', 'a']]), { lockWaitMs: 300 });
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  test('a lock still being written (created, pid not yet in it) is waited for; an empty one left long ago is taken over', async () => {
    const parent = tempDir();
    const target = join(parent, 'dist');
    const lockFile = join(parent, '.dist.lock');
    writeFileSync(lockFile, '');
    // the owner writes its pid a moment after creating the file, as a render does
    const owner = spawn(process.execPath, ['-e', `setTimeout(() => require('fs').writeFileSync(${JSON.stringify(lockFile)}, process.pid + '\\n'), 100); setTimeout(() => {}, 30000)`], { stdio: 'ignore' });
    try {
      expect(() => writeTreeAtomically(target, new Map([['a.yaml', 'a']]), { lockWaitMs: 300 }))
        .toThrow(new RegExp(`another render \\(pid ${owner.pid}\\) is writing`));
      expect(existsSync(target)).toBe(false);
    } finally {
      owner.kill('SIGKILL');
      await new Promise((r) => owner.once('exit', r));
    }
    writeFileSync(lockFile, '');
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lockFile, longAgo, longAgo);
    writeTreeAtomically(target, new Map([['a.yaml', 'a']]), { lockWaitMs: 300 });
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  test('a full disk mid-write: one operational error naming the path, the previous output whole, no leftovers', () => {
    const target = join(tempDir(), 'dist');
    writeTreeAtomically(target, new Map([['a.yaml', 'a'], ['b.yaml', 'b']]));
    const before = readTree(target);
    const full = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: join(target, 'b.yaml') });
    };
    let error: unknown;
    try {
      writeTreeAtomically(target, new Map([['a.yaml', 'a2'], ['b.yaml', 'b2']]), { hooks: { afterFile: full } });
    } catch (e) {
      error = e;
    }
    expect(OperationalError.isOperationalError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^cannot write .*b\.yaml \(ENOSPC\): the disk is full: free some space and run again; the previous output is unchanged$/);
    expect(readTree(target)).toEqual(before);
    expect(readdirSync(join(target, '..'))).toEqual(['dist']);
  });
});
