import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultInput } from '../../environments/load';
import { cleanupTemp, copyRepo, readBytes, runSynth } from '../helpers/repo';
import { bytesDiffer } from '../helpers/repo-edits';

/**
 * The command-line contract of a config error, end to end (`npm run synth` in a repository copy,
 * after an edit of a source file): exit 1, one line on stderr, nothing on stdout, dist/ untouched.
 * Which inputs are refused, and with which message, is bad-input.test.ts's table, in process.
 */
afterAll(cleanupTemp);

const FIRST = defaultInput().environments[0].name;
let repo: string;
let committed: Map<string, Buffer>;
beforeAll(() => {
  repo = copyRepo();
  committed = readBytes(join(repo, 'dist'));
});

/** Runs synth with one file of the copy rewritten by `change`, then puts the file back. */
function synthWith(file: string, change: (text: string) => string, args: string[] = []) {
  const path = join(repo, file);
  const original = readFileSync(path, 'utf8');
  const changed = change(original);
  expect(changed).not.toBe(original);
  writeFileSync(path, changed);
  try {
    return runSynth(repo, args);
  } finally {
    writeFileSync(path, original);
  }
}

function expectRefused(r: ReturnType<typeof runSynth>, message: string) {
  expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 1, stdout: '', stderr: `error: ${message}\n` });
  expect(bytesDiffer(committed, readBytes(join(repo, 'dist')))).toEqual([]);
}

test('a versions file that is not JSON: exit 1, one line, dist/ untouched', () => {
  const broken = (t: string) => t.replace(/\}\s*$/, ',\n');
  const text = broken(readFileSync(join(repo, 'environments', 'versions', `${FIRST}.json`), 'utf8'));
  let parseError = '';
  try { JSON.parse(text); } catch (e) { parseError = (e as Error).message; }
  const r = synthWith(`environments/versions/${FIRST}.json`, broken);
  expectRefused(r, `environment "${FIRST}", field "environments/versions/${FIRST}.json": the file is not valid JSON (${parseError}). Fix: fix the JSON syntax, e.g. { "web": "1.4.2" }`);
});

test('--verbose adds the stack trace to a config error', () => {
  const r = synthWith(`environments/versions/${FIRST}.json`, (t) => t.replace(/"([a-z0-9-]+)": "[^"]+"/, '"$1": "latest"'), ['--verbose']);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(new RegExp(`^error: environment "${FIRST}", field "environments/versions/${FIRST}.json: .*\\n\\w*Error: .*\\n {4}at `));
  expect(bytesDiffer(committed, readBytes(join(repo, 'dist')))).toEqual([]);
});

test('a bad value in an environment file: exit 1, one line, no stack trace, dist/ untouched', () => {
  const r = synthWith(`environments/${FIRST}.ts`, (t) => t.replace(/vpcCidr: '[^']+'/, "vpcCidr: '10.10.0.0/8'"));
  expectRefused(r, `environment "${FIRST}", field "network.vpcCidr": "10.10.0.0/8" is not an IPv4 CIDR with a prefix from /16 to /20. Fix: use a private block such as "10.10.0.0/16"`);
});
