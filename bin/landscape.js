#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

// A reader that stops early (`landscape lint | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
// `start` has closed everything it opened by now; should a library still hold a handle
// (a socket, a timer), do not hang a deploy on it. Unref'd: a clean exit never waits.
setTimeout(() => process.exit(), 2000).unref();
