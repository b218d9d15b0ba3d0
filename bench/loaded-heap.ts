// What a loaded base and its index keep in memory once a start is over: opens the store as a
// start does (from the files, or from the cache when it holds the base), waits for the cache
// to be saved, collects the garbage and prints the heap in use and the RSS as JSON. `npm run
// bench` runs it in a process of its own, from the files and then from the cache.
//   node --expose-gc --import tsx bench/loaded-heap.ts <knowledge dir> <cache dir>
// First: the heap grows as the launcher lets it (see bin/heap-growth.js).
import '../bin/heap-growth.js';
import { knowledgeLimitsFrom } from '../src/config.ts';
import { KnowledgeStore } from '../src/knowledge/store.ts';

const [dir, cacheDir] = process.argv.slice(2);
const collect = (globalThis as { gc?: () => void }).gc;
if (!dir || !cacheDir || !collect) throw new Error('usage: node --expose-gc --import tsx bench/loaded-heap.ts <knowledge dir> <cache dir>');
const store = await KnowledgeStore.open(dir, { cacheDir, limits: knowledgeLimitsFrom(process.env) });
await store.flush();
// Several passes: what one pass frees can hold the garbage of the next.
for (let pass = 0; pass < 4; pass++) collect();
const { heapUsed, rss } = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ fromCache: store.fromCache, facts: store.current.kb.facts.size, heapMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 })}\n`);
