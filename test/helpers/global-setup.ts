import { createRenderCache } from './render';

/** Before every jest run: the folder where the first test file leaves the repository's render. */
export default function globalSetup(): void {
  createRenderCache();
}
