import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The package root, so `npx landscape` finds the bundled fact base from any folder: the
 * parent of src/, whether this file runs from src/ (tsx) or from the build in dist/src/.
 */
export const PACKAGE_ROOT = path.resolve(HERE, path.basename(path.dirname(HERE)) === 'dist' ? '../..' : '..');

/**
 * Where `start` and `ask` keep the loaded base and its index for the next start (see
 * src/knowledge/cache.ts): `.landscape/cache` in the package by default, none for `off`.
 */
export function knowledgeCacheDir(configured?: string): string | undefined {
  if (configured === 'off') return undefined;
  return configured ? path.resolve(configured) : path.join(PACKAGE_ROOT, '.landscape', 'cache');
}

/** The knowledge folder as a maintainer would type it: relative to the working folder. */
export function knowledgeDir(configured?: string): string {
  const absolute = configured ? path.resolve(configured) : path.join(PACKAGE_ROOT, 'knowledge');
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith('..') ? relative : absolute;
}
