import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRASH_HOOK_ENV, writeTreeAtomically } from '../../render/writer';
import { cleanupTemp, copyRepo, readTree, runScript, tempDir } from '../helpers/repo';

afterAll(cleanupTemp);

test('the target holds exactly the new files: stale files of removed apps disappear', () => {
  const target = join(tempDir(), 'dist');
  writeTreeAtomically(target, new Map([['k8s/dev/old/a.yaml', 'old'], ['k8s/dev/web/b.yaml', 'b1']]));
  writeTreeAtomically(target, new Map([['k8s/dev/web/b.yaml', 'b2']]));
  expect([...readTree(target)]).toEqual([['k8s/dev/web/b.yaml', 'b2']]);
  expect(readdirSync(join(target, '..'))).toEqual(['dist']);
});

test('leftovers of a crashed run are cleaned up by the next one', () => {
  const parent = tempDir();
  const target = join(parent, 'dist');
  mkdirSync(join(parent, '.dist.tmp-999', 'k8s'), { recursive: true });
  writeFileSync(join(parent, '.dist.tmp-999', 'k8s', 'half.yaml'), 'half');
  writeTreeAtomically(target, new Map([['a.yaml', 'a']]));
  expect(readdirSync(parent)).toEqual(['dist']);
});

test('a crash between the two renames of a swap restores the previous output', () => {
  const parent = tempDir();
  mkdirSync(join(parent, '.dist.old-999'));
  writeFileSync(join(parent, '.dist.old-999', 'a.yaml'), 'previous');
  writeTreeAtomically(join(parent, 'dist'), new Map([['a.yaml', 'next']]));
  expect(readdirSync(parent)).toEqual(['dist']);
  expect(readTree(join(parent, 'dist')).get('a.yaml')).toBe('next');
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
  const crashed = runScript(repo, 'apps/synth.ts', [], { env: { [CRASH_HOOK_ENV]: '3' } });
  expect(crashed.signal).toBe('SIGKILL');
  expect([...readTree(join(repo, 'dist'))]).toEqual([...before]);
  expect(readdirSync(repo).filter((n) => n.startsWith('.dist.'))).toHaveLength(1);

  const next = runScript(repo, 'apps/synth.ts');
  expect(next.status).toBe(0);
  expect(readdirSync(repo).filter((n) => n.startsWith('.dist.'))).toEqual([]);
  expect([...readTree(join(repo, 'dist'))]).toEqual([...before]);
});
