/**
 * `npm run synth` runs cli/launch.cjs, an esbuild bundle of our sources that is rebuilt whenever
 * the content of an input changed. It must write exactly what the code renders, notice every
 * edit, reuse the bundle otherwise, and serve every entry point of apps/ from one build.
 */
import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RENDER_MARKER } from '../../render/writer';
import { renderedTree } from '../helpers/render';
import { cleanupTemp, copyRepo, digests, readBytes, runScript, tempDir } from '../helpers/repo';
import { rewrite, runSynth } from '../helpers/repo-edits';

afterAll(cleanupTemp);

/** A written tree without the writer's marker, which the in-process render does not produce. */
const withoutMarker = (tree: Map<string, Buffer>) => new Map([...tree].filter(([f]) => f !== RENDER_MARKER));

test('the bundle renders the same bytes as the sources, is reused when nothing changed, rebuilt after an edit and put back when the edit is undone', () => {
  const repo = copyRepo();
  const bundle = join(repo, 'lib', '.bundle', 'apps', 'synth.cjs');
  // the build of the sources as they are (the copy may have none, or a stale one)
  expect(runSynth(repo, ['--help']).status).toBe(0);
  const original = statSync(bundle).mtimeMs;

  // an edit that breaks the config: the first run builds the bundle and reports the error
  const restore = rewrite(repo, 'environments/dev.ts', (t) => t.replace(/kubernetesVersion: '[^']+'/, "kubernetesVersion: '1.20'"));
  const first = runSynth(repo);
  expect(first.stderr).toMatch(/^error: environment "dev", field "cluster.kubernetesVersion": "1.20"/);
  expect(first.status).toBe(1);
  const built = statSync(bundle).mtimeMs;
  expect(built).not.toBe(original);

  const again = runSynth(repo);
  expect(again.status).toBe(1);
  expect(statSync(bundle).mtimeMs).toBe(built);

  // the fix is noticed: the sources match the build from before the edit again, which is put
  // back (the same files, not a new build), and it renders what the sources render
  restore();
  const out = join(tempDir(), 'dist');
  const fixed = runSynth(repo, ['--out', out]);
  expect(fixed.stderr).toBe('');
  expect(fixed.status).toBe(0);
  expect(statSync(bundle).mtimeMs).toBe(original);
  expect(digests(withoutMarker(readBytes(out)))).toEqual(digests(renderedTree()));

  // and the edit again: its build is put back too
  rewrite(repo, 'environments/dev.ts', (t) => t.replace(/kubernetesVersion: '[^']+'/, "kubernetesVersion: '1.20'"));
  expect(runSynth(repo).status).toBe(1);
  expect(statSync(bundle).mtimeMs).toBe(built);
});

test('the libraries are bundled once: an edit of our sources rebuilds only our bundle, a reinstall the vendor bundle', () => {
  const repo = copyRepo();
  const vendor = join(repo, 'lib', '.bundle', 'vendor.cjs');
  // the bundles are built (or found fresh) before the command parses its flags: --help is a
  // complete run of the launcher without the cost of a render
  expect(runSynth(repo, ['--help']).status).toBe(0);
  const vendorBuilt = statSync(vendor).mtimeMs;

  const restore = rewrite(repo, 'environments/dev.ts', (t) => t.replace("name: 'dev',", "name: 'dev', // edited"));
  expect(runSynth(repo, ['--help']).status).toBe(0);
  expect(statSync(vendor).mtimeMs).toBe(vendorBuilt);
  restore();

  // npm rewrites package-lock.json on an install: the libraries may have changed
  const lock = join(repo, 'package-lock.json');
  writeFileSync(lock, `${readFileSync(lock, 'utf8')}\n`);
  const out = join(tempDir(), 'c');
  expect(runSynth(repo, ['--out', out]).status).toBe(0);
  expect(statSync(vendor).mtimeMs).not.toBe(vendorBuilt);
  expect(digests(withoutMarker(readBytes(out)))).toEqual(digests(renderedTree()));
});

test('one build serves every entry point: switching commands rebuilds nothing; a touched file is no edit', () => {
  const repo = copyRepo();
  const bundles = join(repo, 'lib', '.bundle');
  // --help: the launcher builds or reuses the bundles before the command parses its flags
  expect(runSynth(repo, ['--help']).status).toBe(0);
  const built = () => ['apps/synth.cjs', 'apps/k8s.cjs', 'apps/infra.cjs', 'vendor.cjs'].map((f) => statSync(join(bundles, f)).mtimeMs);
  const first = built();
  const k8s = runScript(repo, 'apps/k8s.ts', ['--help']);
  const infra = runScript(repo, 'apps/infra.ts', ['--help']);
  expect([k8s.stdout, infra.stdout]).toEqual([expect.stringMatching(/^usage: /), expect.stringMatching(/^usage: /)]);
  // a new modification time with the same bytes (a checkout, a touch) is no reason to rebuild
  const source = join(repo, 'environments', 'dev.ts');
  utimesSync(source, new Date(), new Date(Date.now() + 5000));
  expect(runSynth(repo, ['--help']).status).toBe(0);
  expect(built()).toEqual(first);
});

test('a syntax error in a source says where, exits 1 and builds nothing', () => {
  const repo = copyRepo();
  rewrite(repo, 'environments/dev.ts', (t) => t.replace("name: 'dev',", "name: 'dev',,"));
  const r = runSynth(repo);
  expect(r.stderr).toMatch(/^error: environments\/dev\.ts:\d+:\d+: /);
  expect(r.stderr).toMatch(/error: the bundle was not built: fix the error above and run again\n$/);
  expect(r.status).toBe(1);
});

test('the libraries\' code cache: made by a run, rewritten when it belongs to another bundle or V8 refuses it; never changes the output', () => {
  const repo = copyRepo();
  const cache = join(repo, 'lib', '.bundle', 'vendor.v8-cache');
  rmSync(cache, { force: true });
  // a --help is a whole run of the launcher: it writes the (thin) cache a render would
  expect(runSynth(repo, ['--help']).status).toBe(0);
  // the cache's header: the key (40 hex digits), then the writer's CPU microseconds (12 digits)
  const [KEY, HEADER] = [40, 52];
  const made = readFileSync(cache);
  const key = made.subarray(0, KEY).toString('latin1');
  expect(key).toMatch(/^[0-9a-f]{40}$/);

  // a cache of another bundle (another key) is not used, and is replaced (by any run, --help too)
  writeFileSync(cache, Buffer.concat([Buffer.from(`${'0'.repeat(KEY)}${'9'.repeat(HEADER - KEY)}`, 'latin1'), made.subarray(HEADER)]));
  expect(runSynth(repo, ['--help']).status).toBe(0);
  expect(readFileSync(cache).subarray(0, KEY).toString('latin1')).toBe(key);

  // a cache V8 refuses (right key, damaged data) costs a compile, not the run
  writeFileSync(cache, Buffer.concat([made.subarray(0, HEADER), Buffer.alloc(4096, 7)]));
  const c = join(tempDir(), 'c');
  const r = runSynth(repo, ['--out', c]);
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  expect(readFileSync(cache).length).toBeGreaterThan(4096 + HEADER);
  expect(digests(withoutMarker(readBytes(c)))).toEqual(digests(renderedTree()));
});
