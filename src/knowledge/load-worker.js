// The entry of the worker thread that loads the knowledge folder (see worker.ts). A worker
// does not share the main thread's module hooks, so it registers tsx before loading
// TypeScript, as bin/landscape.js does for the main thread.
import { register } from 'tsx/esm/api';

register();
const { serveLoad } = await import('./worker.ts');
await serveLoad();
