import { removeRenderCache } from './render';

/** After every jest run. */
export default function globalTeardown(): void {
  removeRenderCache();
}
