import { spawnSync } from 'node:child_process';

/**
 * Whether a stock CLI (promtool, amtool) can run the tests that need it. Missing locally: the
 * caller skips them and a line says so. Missing with CI=true: a failing test says so, since CI
 * must prove what the tool proves (the Terraform gate's rule).
 */
export function stockTool(name: string): boolean {
  const found = spawnSync(name, ['--version'], { encoding: 'utf8' }).status === 0;
  if (found) return true;
  if (process.env.CI === 'true') {
    test(`${name} is installed (CI=true)`, () => {
      throw new Error(`FAILED: ${name} is not installed; .ci/run installs it (apt-get install -y prometheus prometheus-alertmanager)`);
    });
  } else {
    // eslint-disable-next-line no-console
    console.log(`SKIPPED: ${name.toUpperCase()} IS NOT INSTALLED: its checks did not run (apt-get install prometheus prometheus-alertmanager)`);
  }
  return false;
}

/**
 * The Go runtime's collection target for the tools' runs (GOGC, default 100). The runs are short
 * and their heaps small, so the default collects all the time: at 400, `promtool test rules` of
 * one environment takes about a quarter less CPU (median of 5) and the same results.
 */
const TOOL_GOGC = '400';

/** Runs a stock CLI; returns exit status, its stdout and the combined output. */
export function runTool(name: string, args: readonly string[], cwd?: string): { status: number; stdout: string; output: string } {
  const env = { GOGC: TOOL_GOGC, ...process.env };
  const r = spawnSync(name, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? 1, stdout: r.stdout ?? '', output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}
