#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (see bin/build.js). When a source file is newer than
// the build, it rebuilds first; when it cannot (TypeScript not installed, sources that do
// not compile, another process building at this moment), it runs the TypeScript sources
// through tsx instead, which is slower to start but always current.
import './heap-growth.js';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, build, isFresh } from './build.js';

// A reader that stops early (`landscape lint | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

/** Builds unless another process is building; a lock left by a crash is ignored after a while. */
function rebuild() {
  const lock = path.join(ROOT, 'dist.lock');
  try {
    mkdirSync(lock);
  } catch {
    const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age < 120_000) return;
    rmSync(lock, { recursive: true, force: true });
    return rebuild();
  }
  try {
    build({ quiet: true });
  } catch {
    process.stderr.write('landscape: the build failed (npm run build shows why); running the TypeScript sources instead\n');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (!isFresh()) rebuild();
let cli;
if (isFresh()) {
  cli = await import(pathToFileURL(path.join(DIST, 'src', 'cli.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
}
process.exitCode = await cli.main(process.argv.slice(2));
// `start` has closed everything it opened by now; should a library still hold a handle
// (a socket, a timer), do not hang a deploy on it. Unref'd: a clean exit never waits.
setTimeout(() => process.exit(), 2000).unref();
