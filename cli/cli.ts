import { ConfigError } from '../environments/errors';
import { OperationalError } from '../render/operational-error';

/** Exit codes, Terraform's convention: 0 success, 1 error, 2 "changed" (diff --exit-code only). */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGED = 2;

/** Options every command understands. */
export interface CliArgs {
  /** Print stack traces for user errors too. */
  readonly verbose: boolean;
  /** Remaining arguments, flags included. */
  readonly rest: readonly string[];
}

/** Reads `--name value` from an argument list. */
export function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

/**
 * Runs a command with the project's one exit convention. A ConfigError or an OperationalError (disk
 * full, read-only folder, a refused --out, a held lock) prints one line (and its trace with
 * `--verbose`) and exits 1; any other error is a bug and prints its trace, exit 1.
 * The command's return value is the exit code (default 0).
 */
export function runCli(command: (args: CliArgs) => number | void | Promise<number | void>): void {
  const argv = process.argv.slice(2);
  const args: CliArgs = { verbose: argv.includes('--verbose'), rest: argv.filter((a) => a !== '--verbose') };
  Promise.resolve()
    .then(() => command(args))
    .then((code) => { process.exitCode = code ?? EXIT_OK; })
    .catch((e: unknown) => {
      if (ConfigError.isConfigError(e) || OperationalError.isOperationalError(e)) {
        process.stderr.write(`error: ${e.message}\n`);
        if (args.verbose) process.stderr.write(`${e.stack}\n`);
      } else {
        process.stderr.write(`internal error (a bug, please report it): ${e instanceof Error ? e.stack : String(e)}\n`);
      }
      process.exitCode = EXIT_ERROR;
    });
}
