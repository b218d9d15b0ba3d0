import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, so `npx landscape` finds the bundled fact base from any folder. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The knowledge folder as a maintainer would type it: relative to the working folder. */
export function knowledgeDir(configured?: string): string {
  const absolute = configured ? path.resolve(configured) : path.join(PACKAGE_ROOT, 'knowledge');
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith('..') ? relative : absolute;
}
