/**
 * Issue 6, part 5 (the speed fix): `npm run synth` runs apps/launch.cjs, an esbuild bundle of our
 * sources that is rebuilt whenever an input changed. It must write exactly what the code renders,
 * notice every edit, and reuse the bundle otherwise.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { rewrite, runSynth } from './helpers';
import { renderAll } from '../../apps/render/render';
import { loadPlatform } from '../../environments/load';
import { cleanupTemp, copyRepo, readTree, tempDir } from '../helpers/repo';

afterAll(cleanupTemp);

test('the bundle renders the same bytes as the sources, is reused when nothing changed and rebuilt after an edit', () => {
  const repo = copyRepo();
  const bundle = join(repo, 'lib', '.bundle', 'apps_synth.cjs');

  // an edit that breaks the config: the first run builds the bundle and reports the error
  const restore = rewrite(repo, 'environments/dev.ts', (t) => t.replace(/kubernetesVersion: '[^']+'/, "kubernetesVersion: '1.20'"));
  const first = runSynth(repo);
  expect(first.stderr).toMatch(/^error: environment "dev", field "cluster.kubernetesVersion": "1.20"/);
  expect(first.status).toBe(1);
  const built = statSync(bundle).mtimeMs;

  const again = runSynth(repo);
  expect(again.status).toBe(1);
  expect(statSync(bundle).mtimeMs).toBe(built);

  // the fix is noticed: the bundle is rebuilt and renders what the sources render
  restore();
  const out = join(tempDir(), 'dist');
  const fixed = runSynth(repo, ['--out', out]);
  expect(fixed.stderr).toBe('');
  expect(fixed.status).toBe(0);
  expect(statSync(bundle).mtimeMs).not.toBe(built);
  expect(Object.fromEntries(readTree(out))).toEqual(Object.fromEntries(renderAll(loadPlatform())));
});
