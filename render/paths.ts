import { repoRoot } from '../environments/load';

/** The repository root, the same from sources (tsx) and from compiled JS in lib/. */
export const REPO_ROOT = repoRoot();
/** The committed output folder. */
export const DIST_DIR = `${REPO_ROOT}/dist`;
