import { join } from 'node:path';
import { cleanupTemp, DIST, readTree, ROOT, runScript, tempDir } from '../helpers/repo';

afterAll(cleanupTemp);

test('renders in other time zones, locales, working directories and without a PATH are byte identical', () => {
  const variants: NodeJS.ProcessEnv[] = [
    { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
    // no terraform (or anything else) on the PATH: the render reads nothing from the machine
    { TZ: 'UTC', LANG: 'C', LC_ALL: 'C', PATH: '/nonexistent' },
  ];
  const renders = variants.map((env) => {
    const out = join(tempDir(), 'dist');
    const r = runScript(ROOT, 'apps/synth.ts', ['--out', out], { env, cwd: tempDir() });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return readTree(out);
  });
  expect(renders[0].size).toBeGreaterThan(0);
  expect([...renders[1]]).toEqual([...renders[0]]);
  expect([...renders[0]]).toEqual([...readTree(DIST)]);
});
