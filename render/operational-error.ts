/**
 * A failure of the machine, not of the code or the config: a full disk, a read-only or busy
 * folder, a missing permission, a folder the writer refuses to replace, another render holding
 * the lock. The CLI prints its one-line message (what happened, which path, what to do) and
 * exits 1, without a stack trace: it is nothing to report as a bug.
 */
export class OperationalError extends Error {
  /** True for an OperationalError, also across module copies (jest isolates module registries). */
  public static isOperationalError(e: unknown): e is OperationalError {
    return typeof e === 'object' && e !== null && (e as OperationalError).isOperationalError === true;
  }

  public readonly isOperationalError = true;

  /**
   * @param message one line: what happened, the path, and what to do
   * @param cause the underlying system error, if any
   */
  constructor(message: string, public readonly cause?: unknown) {
    super(message);
    this.name = 'OperationalError';
  }
}

/** What to do about each system error the writer may meet. */
const ADVICE: Record<string, string> = {
  ENOSPC: 'the disk is full: free some space and run again',
  EDQUOT: 'the disk quota is exhausted: free some space and run again',
  EACCES: 'permission denied: make the folder writable by you (or choose another --out) and run again',
  EPERM: 'operation not permitted: make the folder writable by you (or choose another --out) and run again',
  EROFS: 'the file system is read-only: choose an --out on a writable file system and run again',
  EBUSY: 'the folder is busy (a mount point or held by another program): close what holds it and run again',
  EMFILE: 'too many open files: raise the limit (ulimit -n) and run again',
  ENFILE: 'too many open files on the system: close some programs and run again',
};

/**
 * Turns a system error of the file system into an OperationalError naming `path` and what to do;
 * returns any other error unchanged (a bug stays a bug).
 */
export function asOperationalError(e: unknown, path: string, unchanged: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (OperationalError.isOperationalError(e) || !code || !(code in ADVICE)) return e;
  const at = (e as NodeJS.ErrnoException).path ?? path;
  return new OperationalError(`cannot write ${at} (${code}): ${ADVICE[code]}; ${unchanged}`, e);
}
