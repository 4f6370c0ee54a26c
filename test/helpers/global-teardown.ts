import { rmSync } from 'node:fs';
import { OUTER_TMPDIR_ENV, RUN_TMPDIR_ENV } from './global-setup';
import { removeRenderCache } from './render';

/**
 * After every jest run: the render cache, then the run's temporary folder with everything in it;
 * TMPDIR as it was, so that the next cycle of watch mode makes its folder in the same place.
 */
export default function globalTeardown(): void {
  removeRenderCache();
  const run = process.env[RUN_TMPDIR_ENV];
  if (run) rmSync(run, { recursive: true, force: true });
  const outer = process.env[OUTER_TMPDIR_ENV];
  if (outer === undefined) return;
  if (outer === '') delete process.env.TMPDIR;
  else process.env.TMPDIR = outer;
}
