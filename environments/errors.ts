/**
 * The one user-facing error type of the project.
 *
 * A `ConfigError` is something the user can fix in `environments/`: the CLI prints its message
 * (no stack trace unless `--verbose`) and exits 1. Every other error is a bug in our code and
 * is printed with its trace.
 */
export class ConfigError extends Error {
  /** True for a ConfigError, also across module copies (jest isolates module registries). */
  public static isConfigError(e: unknown): e is ConfigError {
    return typeof e === 'object' && e !== null && (e as ConfigError).isConfigError === true;
  }

  public readonly isConfigError = true;

  /**
   * @param environment the environment whose config is wrong (or `*` for shared config)
   * @param field the dotted path of the offending field, e.g. `network.vpcCidr`
   * @param problem what is wrong with the value
   * @param fix what to do instead
   */
  constructor(
    public readonly environment: string,
    public readonly field: string,
    public readonly problem: string,
    public readonly fix: string,
  ) {
    super(`environment "${environment}", field "${field}": ${problem}. Fix: ${fix}`);
    this.name = 'ConfigError';
  }
}
