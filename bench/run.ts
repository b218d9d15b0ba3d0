// `npm run bench`: what the bot costs to run, measured side by side in one process so the
// ratios mean something on any machine (absolute times depend on the machine; ratios much
// less). Never run from tests, and nothing here asserts a time.
//
//   - load:    first (cold) load vs warm loads vs reloads of the same base, per base size
//   - answer:  keyed /share vs full-text /ask vs /timeline, interleaved, through Bot.handle
//   - runtime: the same /ask on a bare Bot vs one with logging, metrics and rate limits
//   - memory:  heap retained by a loaded, indexed base, per base size
//
// Bases: the curated knowledge/ (or KNOWLEDGE_DIR), the test fixture, and synthetic bases
// made of N renamed copies of the curated one, to see how costs grow.
//   npm run bench [-- --json] [-- --quick]
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parse, stringify } from 'yaml';
import { Bot } from '../src/bot.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { indexKnowledge, KnowledgeStore, type Knowledge } from '../src/knowledge/store.ts';
import { knowledgeDir } from '../src/paths.ts';
import { createLogger } from '../src/runtime/logger.ts';
import { Metrics } from '../src/runtime/metrics.ts';
import { RateLimiter } from '../src/runtime/rate-limit.ts';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const JSON_OUT = args.has('--json');
const LOAD_RUNS = QUICK ? 3 : 5;
const ANSWER_RUNS = QUICK ? 300 : 1_000;
const SCALES = QUICK ? [5] : [5, 20];
/** A synthetic base is one large file per copy, larger than a live bot may load (KNOWLEDGE_LIMITS). */
const UNBOUNDED = { limits: { fileBytes: Infinity, itemsPerFile: Infinity, totalBytes: Infinity, items: Infinity } };

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

interface Stats {
  median: number;
  p95: number;
  mean: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length };
}

async function time(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(3));
const us = (valueMs: number) => (valueMs * 1000).toFixed(1);
/** Below a few hundred kB, the heap difference is GC noise. */
const mb = (bytes: number) => (bytes < 256 * 1024 ? '<0.25' : (bytes / 1024 / 1024).toFixed(2));
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

/** N renamed copies of a base's YAML, written to a temp folder: same shape, N times the size. */
async function syntheticBase(seedDir: string, copies: number): Promise<string> {
  const lists = { sources: [] as Record<string, unknown>[], entities: [] as Record<string, unknown>[], facts: [] as Record<string, unknown>[] };
  for (const entry of await readdir(seedDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.ya?ml$/i.test(entry.name)) continue;
    const doc = (parse(await readFile(path.join(entry.parentPath, entry.name), 'utf8')) ?? {}) as Partial<typeof lists>;
    for (const key of ['sources', 'entities', 'facts'] as const) lists[key].push(...(doc[key] ?? []));
  }
  const dir = await mkdtemp(path.join(tmpdir(), `landscape-bench-x${copies}-`));
  for (let copy = 0; copy < copies; copy++) {
    const id = (value: unknown) => (copy === 0 ? value : `${value as string}-x${copy}`);
    const ids = (values: unknown) => (Array.isArray(values) ? values.map(id) : values);
    const name = (value: unknown) => (copy === 0 ? value : `${value as string} x${copy}`);
    const sources = lists.sources.map((source) => ({ ...source, id: id(source.id) }));
    const entities = lists.entities.map((entity) => {
      const aliases = entity.aliases as { en?: string[]; fr?: string[] } | undefined;
      return {
        ...entity,
        id: id(entity.id),
        name: name(entity.name),
        ...(entity.name_fr ? { name_fr: name(entity.name_fr) } : {}),
        ...(aliases ? { aliases: { en: (aliases.en ?? []).map(name), fr: (aliases.fr ?? []).map(name) } } : {}),
        ...(entity.vendor ? { vendor: id(entity.vendor) } : {}),
        ...(entity.family ? { family: id(entity.family) } : {}),
        ...(entity.source ? { source: id(entity.source) } : {}),
        ...(entity.related ? { related: ids(entity.related) } : {}),
      };
    });
    const facts = lists.facts.map((fact) => ({
      ...fact,
      id: id(fact.id),
      about: ids(fact.about),
      sources: ids(fact.sources),
      ...(fact.figures ? { figures: (fact.figures as Record<string, unknown>[]).map((figure) => ({ ...figure, ...(figure.segment ? { segment: id(figure.segment) } : {}), ...(figure.about ? { about: id(figure.about) } : {}) })) } : {}),
      ...(fact.disputes ? { disputes: (fact.disputes as Record<string, unknown>[]).map((dispute) => ({ ...dispute, ...(dispute.source ? { source: id(dispute.source) } : {}) })) } : {}),
    }));
    await mkdir(path.join(dir, `copy-${copy}`));
    await writeFile(path.join(dir, `copy-${copy}`, 'base.yaml'), stringify({ sources, entities, facts }));
  }
  return dir;
}

interface LoadReport {
  base: string;
  facts: number;
  files: number;
  coldMs: number;
  warm: Stats;
  reload: Stats;
  indexOnly: Stats;
  retainedBytes: number;
}

let firstLoadDone = false;

async function measureLoad(label: string, dir: string): Promise<LoadReport> {
  // The very first load in the process pays for compiling the loader, schema and index code.
  let cold = Number.NaN;
  if (!firstLoadDone) {
    cold = await time(async () => indexKnowledge((await loadKnowledge(dir, UNBOUNDED)).kb!));
    firstLoadDone = true;
  }
  const warm: number[] = [];
  for (let run = 0; run < LOAD_RUNS; run++) warm.push(await time(async () => indexKnowledge((await loadKnowledge(dir, UNBOUNDED)).kb!)));
  const result = await loadKnowledge(dir, UNBOUNDED);
  if (!result.kb) throw new Error(`${label}: the base does not load (${result.problems.length} problems); run npx landscape lint ${dir}`);
  const indexOnly: number[] = [];
  for (let run = 0; run < LOAD_RUNS; run++) indexOnly.push(await time(() => indexKnowledge(result.kb!)));
  const store = await KnowledgeStore.open(dir, UNBOUNDED);
  const reload: number[] = [];
  for (let run = 0; run < LOAD_RUNS; run++) reload.push(await time(() => store.reload()));

  // Heap retained by one loaded, indexed base: difference with and without it held.
  gc();
  const before = process.memoryUsage().heapUsed;
  let held: Knowledge | undefined = indexKnowledge((await loadKnowledge(dir, UNBOUNDED)).kb!);
  gc();
  const after = process.memoryUsage().heapUsed;
  if (held.kb.facts.size < 0) console.log(held);
  held = undefined;

  return { base: label, facts: result.kb.facts.size, files: result.fileCount, coldMs: cold, warm: stats(warm), reload: stats(reload), indexOnly: stats(indexOnly), retainedBytes: after - before };
}

interface AnswerReport {
  base: string;
  rows: { label: string; input: string; stats: Stats; outcome: string }[];
}

async function measureAnswers(label: string, dir: string): Promise<AnswerReport> {
  const store = await KnowledgeStore.open(dir, UNBOUNDED);
  const bot = new Bot({ store });
  const inputs = [
    { label: '/share (keyed lookup)', input: '/share chinese-open' },
    { label: '/timeline (keyed, sorted)', input: '/timeline meta' },
    { label: '/ask (full text, hit)', input: 'When was DeepSeek R1 released?' },
    { label: '/ask (full text, French)', input: 'Quelle part des téléchargements pour les modèles chinois ?' },
    { label: '/ask (full text, miss)', input: 'Who won the 1998 football World Cup?' },
  ];
  const samples = inputs.map(() => [] as number[]);
  const outcomes = await Promise.all(inputs.map(async ({ input }) => (await bot.handle({ platform: 'console', userId: 'bench', text: input })).outcome));
  // Warm up, then interleave so every input sees the same machine conditions.
  for (let run = 0; run < 200; run++) for (const { input } of inputs) await bot.handle({ platform: 'console', userId: 'bench', text: input });
  for (let run = 0; run < ANSWER_RUNS; run++) {
    for (const [index, { input }] of inputs.entries()) samples[index]!.push(await time(() => bot.handle({ platform: 'console', userId: 'bench', text: input })));
  }
  return { base: label, rows: inputs.map((input, index) => ({ ...input, stats: stats(samples[index]!), outcome: outcomes[index]! })) };
}

async function measureRuntimeOverhead(dir: string) {
  const store = await KnowledgeStore.open(dir, UNBOUNDED);
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const bare = new Bot({ store });
  const instrumented = new Bot({
    store,
    logger: createLogger({ level: 'info', destination: sink }),
    metrics: new Metrics(),
    limiter: new RateLimiter({ user: { burst: 1e9, windowSeconds: 1 }, channel: { burst: 1e9, windowSeconds: 1 } }),
  });
  const request = { platform: 'slack' as const, userId: 'U1', channelId: 'C1', text: 'When was DeepSeek R1 released?' };
  const bareSamples: number[] = [];
  const fullSamples: number[] = [];
  for (let run = 0; run < 200; run++) {
    await bare.handle(request);
    await instrumented.handle(request);
  }
  for (let run = 0; run < ANSWER_RUNS; run++) {
    bareSamples.push(await time(() => bare.handle(request)));
    fullSamples.push(await time(() => instrumented.handle(request)));
  }
  return { bare: stats(bareSamples), instrumented: stats(fullSamples) };
}

async function main() {
  const curated = knowledgeDir(process.env.KNOWLEDGE_DIR);
  const fixture = 'test/fixtures/mini';
  const curatedLoads = Boolean((await loadKnowledge(curated)).kb);
  const seed = curatedLoads ? curated : fixture;
  // The curated base first: its "cold" load is the one a starting process pays.
  const bases: { label: string; dir: string; temp?: boolean }[] = [];
  if (curatedLoads) bases.push({ label: 'curated', dir: curated });
  bases.push({ label: 'fixture', dir: fixture });
  if (!curatedLoads) console.error(`note: ${curated} does not load right now; synthetic bases are built from the fixture`);
  for (const copies of SCALES) bases.push({ label: `${curatedLoads ? 'curated' : 'fixture'} ×${copies}`, dir: await syntheticBase(seed, copies), temp: true });

  try {
    const loads: LoadReport[] = [];
    for (const base of bases) loads.push(await measureLoad(base.label, base.dir));
    const answers: AnswerReport[] = [];
    for (const base of bases.filter((candidate) => candidate.label !== 'fixture')) answers.push(await measureAnswers(base.label, base.dir));
    const overhead = await measureRuntimeOverhead(seed);

    if (JSON_OUT) {
      console.log(JSON.stringify({ node: process.version, quick: QUICK, loads, answers, overhead }, null, 2));
      return;
    }
    console.log(`landscape benchmark — node ${process.version}, ${QUICK ? 'quick' : 'full'} run (${LOAD_RUNS} loads, ${ANSWER_RUNS} answers per input)\n`);
    console.log('Load, index and reload (ms, median of runs; "cold" is the first load in the process)');
    console.log('base              facts  files   cold    warm  index-only  reload  reload/warm  reload/cold  heap kept (MB)');
    for (const load of loads) {
      console.log(
        `${load.base.padEnd(16)} ${String(load.facts).padStart(6)} ${String(load.files).padStart(6)} ${(Number.isNaN(load.coldMs) ? '—' : ms(load.coldMs)).padStart(6)} ${ms(load.warm.median).padStart(7)} ${ms(load.indexOnly.median).padStart(11)} ${ms(load.reload.median).padStart(7)} ${ratio(load.reload.median, load.warm.median).padStart(12)} ${(Number.isNaN(load.coldMs) ? '—' : ratio(load.reload.median, load.coldMs)).padStart(12)} ${mb(load.retainedBytes).padStart(15)}`,
      );
    }
    for (const answer of answers) {
      console.log(`\nAnswer latency through Bot.handle on ${answer.base} (µs; interleaved)`);
      const share = answer.rows[0]!.stats.median;
      console.log('command                        median      p95   vs /share  outcome');
      for (const row of answer.rows) console.log(`${row.label.padEnd(28)} ${us(row.stats.median).padStart(8)} ${us(row.stats.p95).padStart(8)} ${ratio(row.stats.median, share).padStart(11)}  ${row.outcome}`);
    }
    console.log('\nRuntime overhead on /ask (µs): a bare Bot vs logging + metrics + rate limits');
    console.log(`bare ${us(overhead.bare.median)} (p95 ${us(overhead.bare.p95)}), instrumented ${us(overhead.instrumented.median)} (p95 ${us(overhead.instrumented.p95)}): ${ratio(overhead.instrumented.median, overhead.bare.median)}`);
  } finally {
    for (const base of bases) if (base.temp) await rm(base.dir, { recursive: true, force: true });
  }
}

await main();
