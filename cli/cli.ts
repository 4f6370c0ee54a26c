import { parseArgs } from 'node:util';
import { ConfigError } from '../environments/errors';
import { OperationalError } from '../render/operational-error';

/** Exit codes, Terraform's convention: 0 success, 1 error, 2 "changed" (diff --exit-code only). */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGED = 2;

/** One flag of a command. */
export interface FlagSpec {
  /** `string` takes a value (`--out <dir>`), `boolean` does not. */
  readonly type: 'string' | 'boolean';
  /** What the flag does, one line for `--help`. */
  readonly description: string;
  /** May be given more than once (`--env dev --env staging`). @default false */
  readonly multiple?: boolean;
  /** One-letter alias. @default none */
  readonly short?: string;
  /** The value's name in the usage (`--out <dir>`). @default 'value' */
  readonly valueName?: string;
  /** The default, as `--help` shows it. @default none */
  readonly default?: string;
  /** The only values accepted. @default any */
  readonly choices?: readonly string[];
}

/** A command's command line: its flags, positionals and help text. */
export interface CommandSpec {
  /** How the user runs it: `npm run synth --`. */
  readonly name: string;
  /** One line: what the command does. */
  readonly summary: string;
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Positional arguments: their name for the usage line and how many are allowed. @default none */
  readonly positionals?: { readonly name: string; readonly max: number };
  /** Exit codes and what they mean. */
  readonly exitCodes: readonly string[];
  /** At least one example command line. */
  readonly examples: readonly string[];
}

/** Flags every command understands. */
export const COMMON_FLAGS: Readonly<Record<string, FlagSpec>> = {
  verbose: { type: 'boolean', description: 'print stack traces for config errors too' },
  help: { type: 'boolean', short: 'h', description: 'print this help and exit 0 (nothing is rendered or written)' },
};

/** Parsed command line. */
export interface CliArgs {
  /** Print stack traces for user errors too. */
  readonly verbose: boolean;
  /** Flag values by name (without `--`): string, string[] (multiple) or boolean; absent when not given. */
  readonly flags: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
  /** Positional arguments. */
  readonly positionals: readonly string[];
}

/** A command-line mistake: printed as `error: flag --x: ...`, exit 1, before anything renders. */
export class FlagError extends Error {
  /** True for a FlagError, also across module copies. */
  public static isFlagError(e: unknown): e is FlagError {
    return typeof e === 'object' && e !== null && (e as FlagError).isFlagError === true;
  }

  public readonly isFlagError = true;
  /**
   * @param flag the flag as typed (`--outt`), or `argument` for a stray positional
   * @param problem what is wrong and what to do instead
   */
  constructor(public readonly flag: string, problem: string) {
    super(`${flag.startsWith('-') ? `flag ${flag}` : flag}: ${problem}`);
    this.name = 'FlagError';
  }
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** ` (did you mean --out?)` when a known name is close to `name`. */
export function didYouMean(name: string, known: readonly string[], prefix = '--'): string {
  const best = known.map((k) => ({ k, d: distance(name, k) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d < name.length && best.d <= Math.max(2, Math.floor(name.length / 3)) ? ` (did you mean ${prefix}${best.k}?)` : '';
}

const allFlags = (spec: CommandSpec) => ({ ...spec.flags, ...COMMON_FLAGS });

/** True when the command line asks for help (before `--`); checked before anything else. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** The `--help` text of a command. */
export function usage(spec: CommandSpec): string {
  const flags = allFlags(spec);
  const pos = spec.positionals ? ` [${spec.positionals.name}]` : '';
  const lines = [`usage: ${spec.name}${pos} [flags]`, '', spec.summary, '', 'flags:'];
  const left = (n: string, f: FlagSpec) => `${f.short ? `-${f.short}, ` : '    '}--${n}${f.type === 'string' ? ` <${f.valueName ?? 'value'}>` : ''}`;
  const width = Math.max(...Object.entries(flags).map(([n, f]) => left(n, f).length));
  for (const [n, f] of Object.entries(flags)) {
    const extra = [
      ...(f.choices ? [`one of ${f.choices.join(', ')}`] : []),
      ...(f.multiple ? ['repeatable'] : []),
      ...(f.default !== undefined ? [`default: ${f.default}`] : []),
    ];
    lines.push(`  ${left(n, f).padEnd(width)}  ${f.description}${extra.length ? ` (${extra.join('; ')})` : ''}`);
  }
  lines.push('', 'exit codes:', ...spec.exitCodes.map((c) => `  ${c}`), '', 'examples:', ...spec.examples.map((e) => `  ${e}`), '');
  return lines.join('\n');
}

/**
 * THE flag parser of every command (`node:util` parseArgs, strict): unknown flags, missing or
 * unexpected values, values outside `choices`, a flag given twice and stray positionals are a
 * {@link FlagError}. Call after {@link wantsHelp}.
 */
export function parseFlags(spec: CommandSpec, argv: readonly string[]): CliArgs {
  const flags = allFlags(spec);
  const names = Object.keys(flags);
  const options = Object.fromEntries(Object.entries(flags).map(([n, f]) => [n, {
    type: f.type, ...(f.multiple ? { multiple: true } : {}), ...(f.short ? { short: f.short } : {}),
  }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true, tokens: true });
  } catch (e) {
    const message = (e as Error).message;
    const flag = /'(-[^' ,]+)/.exec(message)?.[1] ?? /(--?[\w-]+)/.exec(message)?.[1] ?? 'argument';
    const code = (e as NodeJS.ErrnoException).code;
    const long = flag.startsWith('--') ? flag.slice(2).split('=')[0] : undefined;
    const shortName = !long ? Object.entries(flags).find(([, f]) => `-${f.short}` === flag)?.[0] : undefined;
    const shown = shortName ? `--${shortName}` : flag.split('=')[0];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new FlagError(shown, `unknown flag${didYouMean(long ?? flag.replace(/^-+/, ''), names)}; run with --help for the flags of ${spec.name}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const f = flags[long ?? shortName ?? ''];
      throw new FlagError(shown, f?.type === 'boolean' ? 'takes no value' : `needs a value: ${shown} <${f?.valueName ?? 'value'}>`);
    }
    throw new FlagError(shown, message);
  }
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    const f = flags[t.name];
    if (!f.multiple && seen.has(t.name)) throw new FlagError(`--${t.name}`, 'given twice; give it once');
    seen.add(t.name);
    if (f.type === 'string' && (t.value === undefined || t.value === '')) throw new FlagError(`--${t.name}`, `needs a value: --${t.name} <${f.valueName ?? 'value'}>`);
    if (f.choices && t.value !== undefined && !f.choices.includes(t.value)) {
      throw new FlagError(`--${t.name}`, `unknown value "${t.value}"${didYouMean(t.value, f.choices, '')}; use one of ${f.choices.join(', ')}`);
    }
  }
  const max = spec.positionals?.max ?? 0;
  if (parsed.positionals.length > max) {
    const stray = parsed.positionals[max];
    throw new FlagError('argument', max === 0
      ? `unexpected argument "${stray}": ${spec.name} takes flags only; run with --help`
      : `unexpected argument "${stray}": at most ${max} ${spec.positionals!.name}; run with --help`);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  return { verbose: values.verbose === true, flags: values, positionals: parsed.positionals };
}

/** A string flag's value. */
export const stringFlag = (args: CliArgs, name: string): string | undefined => {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
};
/** A repeatable string flag's values (empty when not given). */
export const listFlag = (args: CliArgs, name: string): readonly string[] => {
  const v = args.flags[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
};
/** A boolean flag. */
export const booleanFlag = (args: CliArgs, name: string): boolean => args.flags[name] === true;

/** Prints an error the one way: `error: <one line>`, the trace only with --verbose (or for a bug). */
export function reportError(e: unknown, verbose: boolean, write: (s: string) => void = (s) => process.stderr.write(s)): void {
  // a flag error, a config error or an operational one (disk full, read-only folder, a refused
  // --out, a held lock): one line; anything else is a bug
  if (FlagError.isFlagError(e) || ConfigError.isConfigError(e) || OperationalError.isOperationalError(e)) {
    write(`error: ${e.message}\n`);
    if (verbose) write(`${e.stack}\n`);
  } else {
    write(`internal error (a bug, please report it): ${e instanceof Error ? e.stack : String(e)}\n`);
  }
}

/**
 * Runs a command with the project's one exit convention. The command line is parsed first:
 * `--help` prints the usage and exits 0, a flag error prints one line and exits 1, in both cases
 * before the command runs. A ConfigError prints one line (and its trace with `--verbose`) and
 * exits 1; any other error is a bug and prints its trace, exit 1. The command's return value is
 * the exit code (default 0).
 */
export function runCli(spec: CommandSpec, command: (args: CliArgs) => number | void | Promise<number | void>): void {
  const argv = process.argv.slice(2);
  if (wantsHelp(argv)) {
    process.stdout.write(usage(spec));
    process.exitCode = EXIT_OK;
    return;
  }
  let args: CliArgs;
  try {
    args = parseFlags(spec, argv);
  } catch (e) {
    reportError(e, false);
    process.exitCode = EXIT_ERROR;
    return;
  }
  Promise.resolve()
    .then(() => command(args))
    .then((code) => { process.exitCode = code ?? EXIT_OK; })
    .catch((e: unknown) => {
      reportError(e, args.verbose);
      process.exitCode = EXIT_ERROR;
    });
}
