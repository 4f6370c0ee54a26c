import { join } from 'node:path';
import { cleanupTemp, compareTrees, copyRepo, describeDifference, DIST, edit, readTree, ROOT, runSynth, tempDir } from '../helpers/repo';

afterAll(cleanupTemp);

/** Renders a repo (copy) with the exact code path of `npm run synth` into a temporary folder. */
function renderFresh(repo: string): Map<string, string> {
  const out = join(tempDir(), 'dist');
  const r = runSynth(repo, ['--out', out]);
  if (r.status !== 0) throw new Error(`synth failed (${r.status}): ${r.stderr}`);
  return readTree(out);
}

test('the committed dist/ is byte for byte what the code renders', () => {
  const fresh = renderFresh(ROOT);
  const report = describeDifference(compareTrees(readTree(DIST), fresh));
  // a non-empty report names each stale, missing or extra file and says how to fix it
  expect(report).toBe('');
  expect(fresh.size).toBeGreaterThan(0);
});

test('a config change without a re-render fails the golden check and names the stale file', () => {
  const repo = copyRepo();
  edit(repo, 'environments/dev.ts', /replicas: 1,/, 'replicas: 2,');
  const committed = readTree(join(repo, 'dist'));
  const diff = compareTrees(committed, renderFresh(repo));
  expect(diff.stale).toContain('k8s/dev/web/deployment.shop.web.yaml');
  expect(diff.missing).toEqual([]);
  expect(diff.extra).toEqual([]);
  expect(describeDifference(diff)).toMatch(
    /^dist\/ is not what the code renders; run npm run synth and commit dist\/\n(.*\n)*stale: {3}dist\/k8s\/dev\/web\/deployment\.shop\.web\.yaml/,
  );
});
