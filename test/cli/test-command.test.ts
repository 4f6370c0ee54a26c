/**
 * `npm test` (cli/test.cjs) runs the steps of projen's `test` task, and skips a check only when
 * it passed before with exactly the same inputs: any edit of a source, a test or a config, or a
 * new install, must run it again.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, ROOT, tempDir } from '../helpers/repo';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { commandsOf, inputsDigest, passKey } = require('../../cli/test.cjs') as {
  commandsOf: (tasks: unknown, name: string, args: string[]) => { argv?: string[]; shell?: string; env: Record<string, string> }[];
  inputsDigest: (dir: string) => string;
  passKey: (command: unknown, inputs: string) => string;
};

afterAll(cleanupTemp);

const tasks = JSON.parse(readFileSync(join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;

test('the test task\'s steps: arguments reach jest only; the checks are the type check and eslint', () => {
  const commands = commandsOf(tasks, 'test', ['--json', '--outputFile=x.json']);
  const jest = commands.filter((c) => c.argv?.[0] === 'jest');
  expect(jest).toHaveLength(1);
  expect(jest[0].argv!.slice(-2)).toEqual(['--json', '--outputFile=x.json']);
  const checks = commands.filter((c) => c !== jest[0]);
  expect(checks.map((c) => (c.argv ? c.argv.join(' ') : c.shell!))).toEqual([
    expect.stringMatching(/^tsc --noEmit /),
    expect.stringMatching(/^eslint /),
  ]);
  for (const c of checks) expect(JSON.stringify(c)).not.toContain('x.json');
  // projen's PATH (computed through npx) is not passed on: node_modules/.bin is prepended instead
  for (const c of commands) expect(c.env.PATH).toBeUndefined();
});

describe('the inputs digest', () => {
  const tree = (): string => {
    const dir = tempDir();
    const files: Record<string, string> = {
      'package.json': '{}',
      'tsconfig.json': '{}',
      'render/a.ts': 'export const a = 1;\n',
      'test/a.test.ts': 'test("a", () => {});\n',
      'node_modules/.package-lock.json': '{"lockfileVersion":3}',
      'node_modules/x/index.js': 'x',
      'dist/k8s/a.yaml': 'a: 1\n',
      'lib/.bundle/vendor.cjs': 'v',
      '.git/HEAD': 'ref: refs/heads/main\n',
    };
    for (const [f, c] of Object.entries(files)) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), c);
    }
    return dir;
  };
  const changed = (edit: (dir: string) => void): boolean => {
    const dir = tree();
    const before = inputsDigest(dir);
    edit(dir);
    return inputsDigest(dir) !== before;
  };

  test.each([
    ['a source edited', (d: string) => writeFileSync(join(d, 'render', 'a.ts'), 'export const a = 2;\n')],
    ['a test edited', (d: string) => writeFileSync(join(d, 'test', 'a.test.ts'), 'test("b", () => {});\n')],
    ['a config edited', (d: string) => writeFileSync(join(d, 'tsconfig.json'), '{"compilerOptions":{}}')],
    ['a file added', (d: string) => writeFileSync(join(d, 'render', 'b.ts'), '')],
    ['a file renamed', (d: string) => { writeFileSync(join(d, 'render', 'c.ts'), readFileSync(join(d, 'render', 'a.ts'))); writeFileSync(join(d, 'render', 'a.ts'), ''); }],
    ['another install', (d: string) => writeFileSync(join(d, 'node_modules', '.package-lock.json'), '{"lockfileVersion":3,"x":1}')],
  ])('%s: the checks run again', (_, edit) => {
    expect(changed(edit)).toBe(true);
  });

  test.each([
    ['the render output', (d: string) => writeFileSync(join(d, 'dist', 'k8s', 'a.yaml'), 'a: 2\n')],
    ['the launcher\'s bundles', (d: string) => writeFileSync(join(d, 'lib', '.bundle', 'vendor.cjs'), 'w')],
    ['git\'s own data', (d: string) => writeFileSync(join(d, '.git', 'HEAD'), 'ref: refs/heads/other\n')],
    ['an installed package alone', (d: string) => writeFileSync(join(d, 'node_modules', 'x', 'index.js'), 'y')],
  ])('%s changed: no input of a check, the same digest', (_, edit) => {
    expect(changed(edit)).toBe(false);
  });

  test('the key of a pass depends on the command as well as on the inputs', () => {
    const [tsc, eslint] = commandsOf(tasks, 'test', []).filter((c) => c.argv?.[0] !== 'jest');
    expect(passKey(tsc, 'same')).not.toBe(passKey(eslint, 'same'));
    expect(passKey(tsc, 'a')).not.toBe(passKey(tsc, 'b'));
    expect(passKey(tsc, 'a')).toBe(passKey(tsc, 'a'));
  });
});
