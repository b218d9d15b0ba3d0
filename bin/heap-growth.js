// Imported first by the launcher (and by the benchmark, to measure what the launcher runs):
// caps how far V8 lets the heap grow past what its last full collection left alive before
// it collects again. V8 picks that factor itself, up to 4 for a heap the size of a bot's,
// which suits a process whose live heap stays put. A load does not: it makes garbage
// several times the base it keeps (parse trees, index postings, the cache entry it writes),
// and that growth, not the base, took a first start over its memory target (bench/
// RESULTS.md, "Eighth follow-up"). At 2, a first start peaks 30 MB lower at 10,000 facts
// and 200 MB lower at 100,000, for a few percent more of its time; answer times and reload
// pauses stay within the noise. V8's settings are per process: the loader's worker threads
// share it.
import { setFlagsFromString } from 'node:v8';

/** The heap may grow to 1 + this / 100 times what was live after a full collection. */
const HEAP_GROWING_PERCENT = 100;

// Started with a factor of its own (`node --heap-growing-percent=N bin/landscape.js`; 0 gives
// V8 its own choice back), the process keeps it.
if (!process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent(=|$)/.test(arg))) {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
