/** The repository's own folder (tests that copy or read the descriptor files as files). */
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
