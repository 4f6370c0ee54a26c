/**
 * End to end, through the real command: `--out` never replaces the repository, a folder above it
 * or anything that is not a render, and an operational failure is one line and exit 1.
 */
import { lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { renderedTreeFile } from '../helpers/render';
import { cleanupTemp, copyRepo, ROOT, runScript, runSynth } from '../helpers/repo';

afterAll(cleanupTemp);

/**
 * Every path under `dir` with its bytes: what "nothing changed on disk" compares. node_modules is
 * not followed, and the launcher's own bundles and code cache (lib/) are not the render's.
 */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      if (r === 'lib') continue;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(r, 'link');
      else if (st.isDirectory()) walk(p, r);
      else out.set(r, readFileSync(p, 'latin1'));
    }
  };
  walk(dir, '');
  return out;
}

describe('synth --out refuses unsafe targets and changes nothing on disk', () => {
  let repo: string;
  beforeAll(() => {
    repo = copyRepo();
    // the launcher builds its bundles on the first run (--help suffices): take that out of the comparison
    expect(runSynth(repo, ['--help']).status).toBe(0);
  });

  test.each([
    ['.', 'the repository root', /the repository or a folder above its config/],
    ['..', 'the repository\'s parent', /the repository or a folder above its config/],
    ['environments', 'the config folder', /the repository or a folder above its config/],
    ['apps', 'a source folder', /not empty and is not a previous render/],
  ])('--out %s (%s)', (out, _, message) => {
    const before = snapshot(repo);
    const siblings = readdirSync(dirname(repo)).filter((n) => n.includes(basename(repo)));
    const r = runSynth(repo, ['--out', out]);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^error: refusing to write the render into .*\n$/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(1);
    expect(snapshot(repo)).toEqual(before);
    expect(readdirSync(dirname(repo)).filter((n) => n.includes(basename(repo)))).toEqual(siblings);
  });
});

test('a full disk while writing: one line naming the path and what to do, exit 1, dist/ whole, nothing left over', () => {
  const repo = copyRepo();
  const before = snapshot(join(repo, 'dist'));
  // the test-only entry point makes the writer fail as on a full disk; the stray makes it write
  const stray = join(repo, 'dist', 'k8s', 'notes~');
  writeFileSync(stray, 'stray');
  const r = runScript(ROOT, 'test/render/fixtures/crash-synth.ts', [renderedTreeFile(), join(repo, 'dist'), 'enospc', '5']);
  expect(r.stderr).toMatch(/^error: cannot write .* \(ENOSPC\): the disk is full: free some space and run again; the previous output is unchanged\n$/);
  expect(r.status).toBe(1);
  expect(snapshot(join(repo, 'dist'))).toEqual(new Map([...before, ['k8s/notes~', 'stray'] as [string, string]].sort(([a], [b]) => (a < b ? -1 : 1))));
  expect(readdirSync(repo).filter((n) => n.startsWith('.dist.'))).toEqual([]);
});
