// The build: the TypeScript of src/ and commands/ compiled to JavaScript in dist/, which
// `npm start` and `npx landscape` run (a start that transpiles on the fly spends about a
// second in tsx before loading any fact). `npm ci` builds it (the `prepare` script); so does
// bin/landscape.js whenever a source file is newer than the build. `node bin/build.js`
// builds now; `--if-stale` only when needed; `--if-possible` not at all without TypeScript, and
// then also fills the knowledge cache (see warmKnowledgeCache).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, 'build-stamp.json');
const SOURCES = ['src', 'commands'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** The newest modification time and the number of the files the build is made from. */
function sourceState() {
  let newest = 0;
  let count = 0;
  const visit = (file) => {
    newest = Math.max(newest, statSync(file).mtimeMs);
    count++;
  };
  for (const folder of SOURCES) {
    for (const entry of readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.(ts|js)$/.test(entry.name)) visit(path.join(entry.parentPath, entry.name));
    }
  }
  for (const config of CONFIGS) visit(path.join(ROOT, config));
  return { newest, count };
}

/** Whether dist/ was built from the sources as they are now. */
export function isFresh() {
  try {
    const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
    const now = sourceState();
    return now.newest <= stamp.newest && now.count === stamp.count;
  } catch {
    return false;
  }
}

/**
 * Compiles into a folder of its own, then swaps it in, so that a process starting meanwhile
 * never sees half a build. Throws if TypeScript is missing (an install without dev
 * dependencies) or the sources do not compile; `quiet` keeps the compiler's messages out.
 */
export function build({ quiet = false } = {}) {
  const state = sourceState();
  const temporary = path.join(ROOT, `dist.build-${process.pid}`);
  // The package exports no path to its command; its package.json is exported, and `bin` says where it is.
  const manifest = createRequire(import.meta.url).resolve('typescript/package.json');
  const tsc = path.join(path.dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).bin.tsc);
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', temporary], {
      cwd: ROOT,
      stdio: ['ignore', quiet ? 'ignore' : 'inherit', quiet ? 'ignore' : 'inherit'],
    });
    mkdirSync(temporary, { recursive: true });
    // JavaScript among the sources (a worker thread's entry) is copied as it is.
    for (const folder of SOURCES) {
      for (const entry of readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
        const from = path.join(entry.parentPath, entry.name);
        const to = path.join(temporary, path.relative(ROOT, from));
        mkdirSync(path.dirname(to), { recursive: true });
        copyFileSync(from, to);
      }
    }
    writeFileSync(path.join(temporary, 'build-stamp.json'), `${JSON.stringify(state)}\n`);
    const old = path.join(ROOT, `dist.old-${process.pid}`);
    try {
      renameSync(DIST, old);
    } catch {
      // No build yet.
    }
    renameSync(temporary, DIST);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}

/**
 * Loads the bundled base once through the cache that `npm start` reads (.landscape/cache, see
 * src/knowledge/cache.ts), so that the first start after `npm ci` finds it parsed and indexed
 * instead of spending half a second or more on the YAML. Best effort: a base that does not
 * load is `npm start`'s to report, with its file:line:column.
 */
function warmKnowledgeCache() {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'landscape.js'), 'ask', '/about'], { cwd: ROOT, stdio: 'ignore', timeout: 120_000 });
  } catch {
    // Nothing cached: the first start parses the base, as it would have anyway.
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let compiler = true;
  try {
    createRequire(import.meta.url).resolve('typescript/package.json');
  } catch {
    compiler = false;
  }
  if (!compiler && process.argv.includes('--if-possible')) {
    // A production install (npm ci --omit=dev) has no TypeScript: bin/landscape.js then runs the sources through tsx.
    process.stderr.write('landscape: TypeScript is not installed; not building dist/ (the sources run through tsx)\n');
  } else {
    if (!(process.argv.includes('--if-stale') && isFresh())) build();
    // The `prepare` of `npm ci`: what a new user runs just before `npm start`.
    if (process.argv.includes('--if-possible')) warmKnowledgeCache();
  }
}
