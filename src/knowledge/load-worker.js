// The entry of the worker thread that loads the knowledge folder (see worker.ts). A worker
// does not share the main thread's module hooks: from the build in dist/, worker.js sits
// beside this file; from the sources, it registers tsx before loading the TypeScript, as
// bin/landscape.js does for the main thread.
import { existsSync } from 'node:fs';

const compiled = new URL('./worker.js', import.meta.url);
let worker;
if (existsSync(compiled)) {
  worker = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  worker = await import('./worker.ts');
}
await worker.serveLoad();
