import { COMMON_FLAGS, FlagError, parseFlags, usage, wantsHelp, type CommandSpec } from '../../cli/cli';
import { COMMANDS } from '../../cli/commands';
import { messageOf } from '../helpers/input';

const flagError = (f: () => unknown): string => messageOf(f, (e): e is FlagError => FlagError.isFlagError(e), 'FlagError');

describe.each(Object.entries(COMMANDS) as [string, CommandSpec][])('%s', (_, spec) => {
  test('its help lists every flag with its description, the exit codes and an example', () => {
    const text = usage(spec);
    for (const [name, flag] of Object.entries({ ...spec.flags, ...COMMON_FLAGS })) {
      expect(text).toContain(`--${name}`);
      expect(text).toContain(flag.description);
      if (flag.default !== undefined) expect(text).toContain(`default: ${flag.default}`);
    }
    expect(text).toMatch(/exit codes:\n {2}0 /);
    for (const example of spec.examples) expect(text).toContain(example);
  });

  test('unknown flags, stray arguments and values given to switches are flag errors', () => {
    expect(flagError(() => parseFlags(spec, ['--no-such-flag']))).toMatch(/^flag --no-such-flag: unknown flag/);
    expect(flagError(() => parseFlags(spec, ['--verbose=yes']))).toBe('flag --verbose: takes no value');
    if (!spec.positionals) expect(flagError(() => parseFlags(spec, ['stray']))).toMatch(/^argument: unexpected argument "stray"/);
    for (const [name, flag] of Object.entries(spec.flags).filter(([, f]) => f.type === 'string')) {
      expect(flagError(() => parseFlags(spec, [`--${name}`]))).toMatch(new RegExp(`^flag --${name}: needs a value`));
      const v = flag.choices?.[0] ?? 'a';
      if (!flag.multiple) expect(flagError(() => parseFlags(spec, [`--${name}=${v}`, `--${name}=${v}`]))).toBe(`flag --${name}: given twice; give it once`);
    }
  });
});

test('a near miss is suggested; -h and --help ask for help anywhere before --', () => {
  expect(flagError(() => parseFlags(COMMANDS.synth, ['--outt', 'x']))).toBe('flag --outt: unknown flag (did you mean --out?); run with --help for the flags of npm run synth --');
  expect(wantsHelp(['--env', 'dev', '-h'])).toBe(true);
  expect(wantsHelp(['--', '--help'])).toBe(false);
});

test('values: choices are checked, repeatable flags collect, a missing value is not taken from the next flag', () => {
  expect(flagError(() => parseFlags(COMMANDS.diff, ['--format', 'yaml']))).toBe('flag --format: unknown value "yaml"; use one of text, markdown, json');
  expect(parseFlags(COMMANDS.diff, ['--env', 'dev', '--env=staging', '--app', 'web']).flags).toMatchObject({ env: ['dev', 'staging'], app: ['web'] });
  expect(flagError(() => parseFlags(COMMANDS.diff, ['--base', '--exit-code']))).toMatch(/^flag --base: needs a value/);
  expect(parseFlags(COMMANDS.promote, ['web', '--from', 'dev', '--force']).positionals).toEqual(['web']);
});
