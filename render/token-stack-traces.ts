/**
 * cdktf records the full creation stack of every token it makes (`captureStackTrace` with an
 * unlimited depth, formatted to strings at once), for error messages about unresolved tokens that
 * a render never prints. Formatting those stacks is a large share of the Terraform render, and
 * where source maps are installed (jest, `node --enable-source-maps`) every frame is also mapped.
 * Inside `withoutTokenStackTraces` the stacks of such plain records come out empty; real errors
 * keep their stack, formatted as before.
 */
export function withoutTokenStackTraces<T>(run: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
    // cdktf's record is a plain object; anything thrown is an Error
    if (!(error instanceof Error)) return '';
    if (previous) return previous(error, frames);
    return [String(error), ...frames.map((f) => `    at ${String(f)}`)].join('\n');
  };
  try {
    return run();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
