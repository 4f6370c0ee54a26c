import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { scanForMachineData } from '../dist/scanners';
import { cleanupTemp, copyRepo, digests, DIST, readBytes, runScript, tempDir } from '../helpers/repo';

afterAll(cleanupTemp);

/** The date the fake clock (test/helpers/fake-clock.cjs) gives the render. */
const FAKE_DAY = '2038-01-19';
const FAKE_CLOCK = join(__dirname, '..', 'helpers', 'fake-clock.cjs');

test('a render in another time zone, locale, working directory, year and without a PATH is byte identical', () => {
  const out = join(tempDir(), 'dist');
  const r = runScript(copyRepo(), 'apps/synth.ts', ['--out', out], {
    env: {
      TZ: 'Pacific/Chatham',
      LANG: 'tr_TR.UTF-8',
      LC_ALL: 'tr_TR.UTF-8',
      // no terraform (or anything else) on the PATH: the render reads nothing from the machine
      PATH: '/nonexistent',
      NODE_OPTIONS: `--require ${FAKE_CLOCK}`,
    },
    cwd: tempDir(),
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const rendered = readBytes(out);
  expect(rendered.size).toBeGreaterThan(0);
  expect(digests(rendered)).toEqual(digests(readBytes(DIST)));
  // and nothing of the render's clock in any file (the committed files were rendered on other days)
  const findings = [...rendered].flatMap(([file, content]) => scanForMachineData(file, content.toString('utf8'), { paths: [], today: FAKE_DAY }));
  expect(findings).toEqual([]);
});

test('the fake clock does move the date a process sees', () => {
  const r = spawnSync(process.execPath, ['--require', FAKE_CLOCK, '-e', 'console.log(new Date().toISOString(), Date.now())'], { encoding: 'utf8' });
  expect(r.stdout.trim()).toBe(`${FAKE_DAY}T03:14:08.000Z ${Date.parse(`${FAKE_DAY}T03:14:08.000Z`)}`);
});
