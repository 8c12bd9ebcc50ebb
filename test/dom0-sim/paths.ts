import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');
/** The Python toolstack (xl, xm, xentop, xenstore-*) and its package. */
export const toolstackDir = join(here, 'toolstack');
