import { rmSync } from 'node:fs';
import { RUN_TMPDIR_ENV } from './global-setup';
import { removeRenderCache } from './render';

/** After every jest run: the render cache, then the run's temporary folder with everything in it. */
export default function globalTeardown(): void {
  removeRenderCache();
  const run = process.env[RUN_TMPDIR_ENV];
  if (run) rmSync(run, { recursive: true, force: true });
}
