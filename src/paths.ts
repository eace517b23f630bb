/**
 * The project's folders. This module sits one level below the project root both as source
 * (src/paths.ts, run by tsx) and bundled (dist/main.js), so `..` from it is the root either way.
 */
import { fileURLToPath } from 'node:url';

export const VIEWS_DIR = fileURLToPath(new URL('../views', import.meta.url));
export const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));
