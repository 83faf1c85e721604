// Where the browser tests find the server binary, the built UI and the screenshots' folder.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repo = resolve(web, '..');
export const binary = resolve(repo, process.env.NQ_BINARY ?? 'build/debug/src/cli/nqtrack');
export const screenshots = resolve(repo, process.env.NQ_SCREENSHOTS ?? 'docs/screenshots');
