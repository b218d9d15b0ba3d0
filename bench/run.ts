// `npm run bench`: what the bot costs to run, each figure beside the one it is compared with,
// measured in the same run so that the ratios hold on a shared, noisy machine (absolute times
// depend on the machine; ratios much less). Never run from tests; nothing here asserts a time.
//
//   npm run bench -- [--size 10000] [--size 1000,100000] [--quick] [--json] [--only ask,keyed,…]
//
// Sections (--only picks some): ask (full /ask vs raw MiniSearch on the same documents, with
// the question sets' hit rates), keyed (/share /timeline /vendor /model /compare /releases),
// names (autocomplete, "did you mean", misspelt names), start (a spawned `landscape start` to
// its first answer, cold and from the cache, vs a bare Node script loading the same YAML;
// peak RSS), reload (hot reload with nothing changed and with one file edited), slack
// (our adapter vs a bare Bolt app), discord (our adapter vs a bare discord.js handler).
// Bases: synthetic ones of the sizes asked (bench/synthetic.ts), built on the curated base
// when it loads (KNOWLEDGE_DIR or knowledge/), so the real question sets can be asked of
// them. Latencies are given as wall time and as CPU time: on a shared machine the CPU time
// of a call is what the code costs, the wall time adds whatever else the machine ran.
// First: the heap grows as the launcher lets it (see bin/heap-growth.js).
import '../bin/heap-growth.js';
import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import { renderText } from '../src/answer/render-text.ts';
import { PROFILES, viewOf } from '../src/answer/view.ts';
import { Bot } from '../src/bot.ts';
import { knowledgeLimitsFrom } from '../src/config.ts';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { KnowledgeStore } from '../src/knowledge/store.ts';
import { knowledgeDir, PACKAGE_ROOT } from '../src/paths.ts';
import { evaluateDev, evaluateHeldOut, loadQuestions, percent, type DevQuestion, type HeldOutQuestion } from '../src/search/evaluate.ts';
import { NameIndex } from '../src/search/names.ts';
import { benchDiscord, benchSlack, DISCORD_INPUTS, SLACK_INPUTS, type SlackRun } from './platforms.ts';
import { syntheticBase, type SyntheticBase } from './synthetic.ts';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const values = (name: string) =>
  argv.flatMap((arg, index) => (arg === name ? (argv[index + 1] ?? '').split(',') : arg.startsWith(`${name}=`) ? arg.slice(name.length + 1).split(',') : [])).filter(Boolean);
const QUICK = flag('--quick');
const JSON_OUT = flag('--json');
const SIZES = (values('--size').length ? values('--size') : ['10000']).map(Number);
const ONLY = new Set(values('--only'));
const SECTIONS = ['ask', 'keyed', 'names', 'start', 'reload', 'slack', 'discord'] as const;
const wants = (section: (typeof SECTIONS)[number]) => ONLY.size === 0 || ONLY.has(section);
const ROUNDS = QUICK ? 1 : 3;
const log = (line: string) => process.stderr.write(`${line}\n`);
const execFileAsync = promisify(execFile);
/**
 * What an operator sets for a base this large (the defaults suit some 10,000 facts): the
 * whole-base bounds with a tenth to spare. The synthetic files keep the per-file bounds.
 */
function limitVariables(base: SyntheticBase): Record<string, string> {
  const spare = (value: number) => String(Math.ceil(value * 1.1));
  return { KNOWLEDGE_MAX_ITEMS: spare(base.size.items), KNOWLEDGE_MAX_FILES: spare(base.size.files), KNOWLEDGE_MAX_MB: spare(base.size.bytes / 2 ** 20) };
}

// ---- measuring ---------------------------------------------------------------------------

interface Sample {
  wall: number;
  cpu: number;
}

interface Stats {
  n: number;
  p50: number;
  p99: number;
  /** p99 of the CPU time of the calls. */
  cpu99: number;
}

function stats(samples: Sample[]): Stats {
  const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const wall = samples.map((sample) => sample.wall).sort((a, b) => a - b);
  const cpu = samples.map((sample) => sample.cpu).sort((a, b) => a - b);
  return { n: samples.length, p50: at(wall, 0.5), p99: at(wall, 0.99), cpu99: at(cpu, 0.99) };
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

async function sample(work: () => unknown): Promise<Sample> {
  const wall = performance.now();
  const cpu = cpuMs();
  await work();
  return { wall: performance.now() - wall, cpu: cpuMs() - cpu };
}

/** Runs every input `rounds` times, interleaved, after one warm-up pass (whose times are `first`). */
async function measure<T>(inputs: readonly T[], rounds: number, work: (input: T) => unknown): Promise<Stats & { first: Stats }> {
  const first: Sample[] = [];
  for (const input of inputs) first.push(await sample(() => work(input)));
  const samples: Sample[] = [];
  for (let round = 0; round < rounds; round++) for (const input of inputs) samples.push(await sample(() => work(input)));
  return { ...stats(samples), first: stats(first) };
}

const ms = (value: number) => (Number.isNaN(value) ? '—' : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value >= 1 ? value.toFixed(2) : value.toFixed(3));
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : 'n/a');
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? Number.NaN;

interface Row {
  section: string;
  measure: string;
  value: string;
  target?: string;
  versus?: string;
  note?: string;
}

// ---- sections ------------------------------------------------------------------------------

interface Context {
  size: number;
  base: SyntheticBase;
  store: KnowledgeStore;
  bot: Bot;
  seeded: boolean;
}

async function askSection(context: Context, rows: Row[], report: Record<string, unknown>): Promise<void> {
  const { bot, store, base, size } = context;
  const ask = async (question: string) => (await bot.handle({ platform: 'console', userId: 'bench', command: 'ask', args: { question } })).answer;
  const dev = context.seeded ? await loadQuestions<DevQuestion>('test/search/questions.yaml', 'test/search/dev') : [];
  const heldOut = context.seeded ? await loadQuestions<HeldOutQuestion>('test/search/held-out.yaml') : [];
  const synthetic = base.questions.slice(0, QUICK ? 150 : 600);
  const questions = [...dev.map((question) => question.q), ...heldOut.map((question) => question.q), ...synthetic.map((question) => question.q)];

  // Raw MiniSearch over the same documents (every fact's and entity's text), default options.
  const { kb } = store.current;
  const raw = new MiniSearch<{ id: string; text: string }>({ fields: ['text'] });
  raw.addAll([
    ...[...kb.facts.values()].map((fact) => ({ id: `f:${fact.id}`, text: [fact.claim, fact.claim_fr ?? '', fact.quote ?? ''].join(' ') })),
    ...[...kb.entities.values()].map((entity) => ({ id: `e:${entity.id}`, text: [entity.name, ...entity.aliases.en, ...entity.aliases.fr, entity.description].join(' ') })),
  ]);
  const full = await measure(questions, ROUNDS, ask);
  const bare = await measure(questions, ROUNDS, (question) => raw.search(question).slice(0, 10));
  const target = size <= 10_000 ? 5 : size <= 100_000 ? 50 : Number.NaN;
  rows.push({
    section: 'ask',
    measure: `/ask p99 (${full.n} calls; wall / CPU)`,
    value: `${ms(full.p99)} / ${ms(full.cpu99)} ms`,
    target: Number.isNaN(target) ? undefined : `≤ ${target} ms`,
    versus: `raw MiniSearch p99 ${ms(bare.p99)} / ${ms(bare.cpu99)} ms: ${ratio(full.p99, bare.p99)}`,
    note: `p50 ${ms(full.p50)} ms (raw ${ms(bare.p50)} ms); first pass p99 ${ms(full.first.p99)} ms`,
  });

  const quality: Record<string, string> = {};
  if (dev.length > 0) {
    const devReport = await evaluateDev(dev, ask);
    quality.dev = `${devReport.hits}/${devReport.total} = ${percent(devReport.hits, devReport.total)}`;
    const held = await evaluateHeldOut(heldOut, ask, kb);
    quality.heldOut = `right first ${held.rightFirst}/${held.answerable} = ${percent(held.rightFirst, held.answerable)}; "not in the base" ${held.honestMisses}/${held.unanswerable}; French ${held.answeredInFrench}/${held.french}; lead states value ${held.leadStatesValue}/${held.valueQuestions}`;
  }
  let hits = 0;
  for (const question of synthetic) {
    const answer = await ask(question.q);
    const top3 = answer.items.slice(0, 3).map((item) => item.factId);
    if (question.expect.length === 0 ? answer.status !== 'ok' : question.expect.some((id) => top3.includes(id))) hits++;
  }
  quality.synthetic = `${hits}/${synthetic.length} = ${percent(hits, synthetic.length)}`;
  rows.push({
    section: 'ask',
    measure: 'answer quality',
    value: Object.entries(quality)
      .map(([name, value]) => `${name} ${value}`)
      .join('; '),
  });
  report.ask = { full, raw: bare, quality };
}

async function keyedSection(context: Context, rows: Row[], report: Record<string, unknown>): Promise<void> {
  const { bot, store } = context;
  const { kb, index } = store.current;
  // What users ask for most: the vendors, models and segments with the most facts first.
  const byFacts = (kind: string) => [...kb.entities.values()].filter((entity) => entity.kind === kind).sort((a, b) => index.factsAbout(b.id).length - index.factsAbout(a.id).length);
  const pickSome = <T>(list: T[], count: number) => [
    ...list.slice(0, Math.ceil(count / 2)),
    ...list.filter((_, position) => position % Math.max(1, Math.floor(list.length / count)) === 0).slice(0, Math.floor(count / 2)),
  ];
  const vendors = pickSome(byFacts('vendor'), 20);
  const models = pickSome(byFacts('model'), 20);
  const segments = byFacts('segment').slice(0, 10);
  const commands: Record<string, string[]> = {
    share: segments.map((segment) => `/share ${segment.id}`),
    timeline: [...vendors, ...models].map((entity) => `/timeline ${entity.id}`),
    vendor: vendors.map((entity) => `/vendor ${entity.id}`),
    model: models.map((entity) => `/model ${entity.id}`),
    compare: models.slice(0, 10).map((model, position) => `/compare ${model.id} ${models[(position + 1) % models.length]!.id}`),
    releases: ['/releases 2025', '/releases 2024-06', ...vendors.slice(0, 8).map((vendor) => `/releases ${vendor.id}`)],
  };
  const results: Record<string, Stats> = {};
  for (const [name, inputs] of Object.entries(commands)) {
    // What a user gets: the answer, and its first page rendered (as text; each platform's
    // renderer pages the same way).
    const result = await measure(inputs, QUICK ? 5 : 20, async (text) =>
      renderText(viewOf((await bot.handle({ platform: 'console', userId: 'bench', text })).answer, { page: 1, profile: PROFILES.text }), { width: 80, color: false }),
    );
    results[name] = result;
    const largest = Math.max(...inputs.map((text) => bot.engine.run(...parseLine(bot, text)).items.length));
    rows.push({
      section: 'keyed',
      measure: `/${name} + first page, p99 of repeats (${result.n} calls; wall / CPU)`,
      value: `${ms(result.p99)} / ${ms(result.cpu99)} ms`,
      target: '≤ 0.5 ms at 100k',
      versus: `first request of each input: p99 ${ms(result.first.p99)} ms (CPU ${ms(result.first.cpu99)})`,
      note: `p50 ${ms(result.p50)} ms; largest answer ${largest} facts`,
    });
  }
  report.keyed = results;
}

function parseLine(bot: Bot, text: string): [string, Record<string, string>] {
  const parsed = bot.engine.parse(text);
  return [parsed.command, parsed.args];
}

async function namesSection(context: Context, rows: Row[], report: Record<string, unknown>): Promise<void> {
  const { bot, store } = context;
  const { kb, index } = store.current;
  const names = [...kb.entities.values()].map((entity) => entity.name);
  const count = QUICK ? 25 : 200;
  const step = Math.max(1, Math.floor(names.length / count));
  const sampleNames = names.filter((_, position) => position % step === 0).slice(0, count);
  const typo = (name: string) => (name.length > 5 ? name.slice(0, 2) + name.slice(3) : `${name}x`);
  const partials = sampleNames.flatMap((name) => [name.slice(0, 1), name.slice(0, 3), name.slice(0, 6), typo(name).slice(0, 7)]);
  const complete = await measure(partials, ROUNDS, (partial) => bot.complete('entity', partial, 25));
  const unknown = sampleNames.map((name) => `${typo(name)}q`);
  const suggest = await measure(unknown, ROUNDS, (name) => index.suggest('entity', name));
  // A name as a word of a question after a typo: lower case, letters and digits only.
  const misspeltWords = sampleNames.map((name) =>
    typo(name)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
  const misspelt = await measure(misspeltWords, ROUNDS, (word) => index.misspeltEntity(word));
  const targets = kb.entities.size + kb.sources.size;
  rows.push({
    section: 'names',
    measure: `autocomplete p99 (${targets} names; wall / CPU)`,
    value: `${ms(complete.p99)} / ${ms(complete.cpu99)} ms`,
    target: '≤ 2 ms at 100k names',
    note: `p50 ${ms(complete.p50)} ms; first request of each input: p99 ${ms(complete.first.p99)} / ${ms(complete.first.cpu99)} ms`,
  });
  rows.push({ section: 'names', measure: '"did you mean" p99 (wall / CPU)', value: `${ms(suggest.p99)} / ${ms(suggest.cpu99)} ms`, target: '≤ 2 ms at 100k names', note: `p50 ${ms(suggest.p50)} ms` });
  rows.push({
    section: 'names',
    measure: 'misspelt name in a question p99 (wall / CPU)',
    value: `${ms(misspelt.p99)} / ${ms(misspelt.cpu99)} ms`,
    target: '≤ 2 ms at 100k names',
    note: `p50 ${ms(misspelt.p50)} ms`,
  });

  // The name index alone at 100,000 names and more: the base's names and made-up ones.
  const keys = [...kb.entities.values()].flatMap((entity) => [entity.id, entity.name, ...entity.aliases.en]).map((name) => name.toLowerCase().replace(/[^a-z0-9]/g, ''));
  while (keys.length < 100_000) keys.push(`${keys[keys.length % 5000]}${keys.length.toString(36)}`);
  const nameIndex = NameIndex.of(keys.map((key, target) => ({ key, target, primary: true })));
  const lookups = await measure(misspeltWords, ROUNDS, (word) => nameIndex.fuzzy(word, word.length >= 9 ? 2 : 1, true));
  rows.push({
    section: 'names',
    measure: `name index alone, ${keys.length} keys: fuzzy lookup p99 (wall / CPU)`,
    value: `${ms(lookups.p99)} / ${ms(lookups.cpu99)} ms`,
    target: '≤ 2 ms',
    note: `p50 ${ms(lookups.p50)} ms`,
  });
  report.names = { complete, suggest, misspelt, nameIndex: { keys: keys.length, ...lookups } };
}

/** The heap and RSS a started process keeps, measured in a process of its own (bench/loaded-heap.ts). */
async function loadedHeap(dir: string, cacheDir: string, env: NodeJS.ProcessEnv): Promise<{ fromCache: boolean; heapMb: number; rssMb: number }> {
  const { stdout } = await execFileAsync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/loaded-heap.ts', dir, cacheDir], { cwd: PACKAGE_ROOT, env: { ...process.env, ...env } });
  return JSON.parse(stdout) as { fromCache: boolean; heapMb: number; rssMb: number };
}

/** A spawned start: its first answer's time, and its peak RSS at that answer and until it exited. */
interface StartRun {
  ms: number;
  peakRssMb: number;
  /** After the answer, input ends: a first start then saves its cache before it exits. */
  exitPeakRssMb: number;
}

/** Spawns a command, writes `input`, resolves once it exits; peak RSS from /proc. */
function firstAnswer(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<StartRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: PACKAGE_ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
    let exited = false;
    const exit = new Promise((settle) => child.once('exit', settle)).then(() => {
      exited = true;
    });
    let done = false;
    let peak = 0;
    const readPeak = async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      if (match) peak = Math.max(peak, Number(match[1]) / 1024);
    };
    child.stdout.once('data', async () => {
      const elapsed = performance.now() - started;
      done = true;
      // Peak RSS after the first answer: the whole start has happened by then.
      await readPeak();
      const atAnswer = peak;
      child.stdin.end();
      // The high-water mark only rises: read until the process is gone, its last reading is its peak.
      while (!exited) await Promise.race([exit, readPeak().then(() => new Promise((wait) => setTimeout(wait, 20)))]);
      resolve({ ms: elapsed, peakRssMb: atAnswer, exitPeakRssMb: peak });
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!done) reject(new Error(`${command} ${args.join(' ')} exited with ${code} before answering`));
    });
    if (input !== undefined) child.stdin.write(input);
    else child.stdin.end();
  });
}

async function startSection(context: Context, rows: Row[], report: Record<string, unknown>): Promise<void> {
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'landscape-bench-cache-'));
  const env = { KNOWLEDGE_DIR: context.base.dir, KNOWLEDGE_CACHE: cacheDir, NO_COLOR: '1', ...limitVariables(context.base) };
  const question = 'When was DeepSeek R1 released?\n';
  try {
    const runs = QUICK ? 2 : 5;
    const cold: StartRun[] = [];
    const cached: StartRun[] = [];
    const bare: StartRun[] = [];
    for (let run = 0; run < runs; run++) {
      await rm(cacheDir, { recursive: true, force: true });
      cold.push(await firstAnswer(process.execPath, ['bin/landscape.js', 'start'], env, question));
      cached.push(await firstAnswer(process.execPath, ['bin/landscape.js', 'start'], env, question));
      bare.push(await firstAnswer(process.execPath, ['bench/bare-start.mjs', context.base.dir, question.trim()], {}));
    }
    const startTarget = context.size <= 10_000 ? '≤ 1 s at 10k' : undefined;
    const rssTarget = context.size <= 10_000 ? '≤ 200 MB at 10k' : context.size <= 100_000 ? '≤ 1 GB at 100k' : undefined;
    const m = (list: { ms: number }[]) => median(list.map((each) => each.ms));
    /** The median peak, in MB, at the first answer or until exit. */
    const r = (list: StartRun[], peak: 'peakRssMb' | 'exitPeakRssMb' = 'peakRssMb') => median(list.map((each) => each[peak])).toFixed(0);
    rows.push({
      section: 'start',
      measure: `start to first answer, from the cache (median of ${runs})`,
      value: `${ms(m(cached))} ms`,
      target: startTarget,
      versus: `bare Node script (YAML + MiniSearch) ${ms(m(bare))} ms: ${ratio(m(cached), m(bare))}`,
    });
    rows.push({
      section: 'start',
      measure: 'start to first answer, first start (no cache)',
      value: `${ms(m(cold))} ms`,
      versus: `${ratio(m(cold), m(bare))} the bare script`,
      note: 'parses, checks and indexes every YAML file, then saves the cache',
    });
    rows.push({
      section: 'start',
      measure: 'peak RSS at the first answer, from the cache / first start',
      value: `${r(cached)} / ${r(cold)} MB`,
      target: rssTarget,
      versus: `bare script ${r(bare)} MB`,
    });
    rows.push({
      section: 'start',
      measure: 'peak RSS of the whole process, from the cache / first start (which saves its cache before it exits)',
      value: `${r(cached, 'exitPeakRssMb')} / ${r(cold, 'exitPeakRssMb')} MB`,
      target: rssTarget,
      versus: `bare script ${r(bare, 'exitPeakRssMb')} MB`,
    });
    // What a process keeps once started, whichever way its base came: the same base.
    await rm(cacheDir, { recursive: true, force: true });
    const fromFiles = await loadedHeap(context.base.dir, cacheDir, env);
    const fromCache = await loadedHeap(context.base.dir, cacheDir, env);
    rows.push({
      section: 'start',
      measure: 'heap in use once loaded (after a full collection), from the files / from the cache',
      value: `${fromFiles.heapMb.toFixed(1)} / ${fromCache.heapMb.toFixed(1)} MB`,
      versus: `RSS ${fromFiles.rssMb.toFixed(0)} / ${fromCache.rssMb.toFixed(0)} MB`,
      note: 'a process of its own each (bench/loaded-heap.ts), once the cache is saved',
    });
    report.start = { cold, cached, bare, loaded: { fromFiles, fromCache } };
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

/** A pause of the event loop, and the garbage collector's longest pause within it, in ms. */
interface Pause {
  loop: number;
  gc: number;
}

async function reloadSection(context: Context, rows: Row[], report: Record<string, unknown>): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'landscape-bench-reload-'));
  const dir = path.join(root, 'knowledge');
  try {
    await cp(context.base.dir, dir, { recursive: true });
    const options = { cacheDir: path.join(root, 'cache'), limits: knowledgeLimitsFrom(limitVariables(context.base)) };
    const store = await KnowledgeStore.open(dir, options);
    await store.flush();
    // A reload that fails (its worker out of memory, say) keeps the live base and pauses for
    // nothing: its times would be no reload's.
    const reload = async () => {
      const result = await store.reload();
      if (!result.ok) throw new Error(`a reload failed: ${result.problems.find((problem) => problem.severity === 'error')?.message ?? 'no problem given'}`);
      return result;
    };
    /**
     * The longest pause of the event loop while `work` runs, and 50 ms after (a pause shows
     * when the monitor's next timer fires); and the garbage collector's longest pause then,
     * which grows with the heap (this process holds the benchmark's own base besides the
     * reloaded one and its successor).
     */
    const longestPauseOf = async <T>(work: () => Promise<T>): Promise<{ result: T; pause: Pause }> => {
      const delays = monitorEventLoopDelay({ resolution: 5 });
      let gc = 0;
      const collections = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) gc = Math.max(gc, entry.duration);
      });
      collections.observe({ entryTypes: ['gc'] });
      delays.enable();
      const result = await work();
      await new Promise((resolve) => setTimeout(resolve, 50));
      delays.disable();
      collections.disconnect();
      return { result, pause: { loop: delays.max / 1e6, gc } };
    };
    const unchanged = await sample(reload);
    const file = path.join(dir, 'seed', 'entities', 'vendors', 'deepseek.yaml');
    const target = (await readFile(file, 'utf8').catch(() => undefined)) !== undefined ? file : undefined;
    let edited = { wall: Number.NaN, cpu: Number.NaN };
    let touched = { wall: Number.NaN, cpu: Number.NaN };
    const unmeasured: Pause = { loop: Number.NaN, gc: Number.NaN };
    let longestPause = unmeasured;
    let savePause = unmeasured;
    let cachePause = unmeasured;
    if (target) {
      const later = new Date(Date.now() + 60_000);
      await utimes(target, later, later);
      touched = await sample(reload);
      await writeFile(target, `${await readFile(target, 'utf8')}\n# edited by the benchmark\n`);
      // A reload parses and checks on a worker; what the event loop still waits for (reading
      // the worker's base, indexing it, swapping it in) shows as its longest delay meanwhile.
      ({ result: edited, pause: longestPause } = await longestPauseOf(() => sample(reload)));
      // The new base goes to the cache a little later (for the next start), on this thread.
      ({ pause: savePause } = await longestPauseOf(() => store.flush()));
      // Another process (a replica sharing the cache) loads the next edit first and saves it;
      // this one's reload reads it back from the cache.
      await writeFile(target, `${await readFile(target, 'utf8')}# edited again\n`);
      await (await KnowledgeStore.open(dir, options)).flush();
      const fromCache = await longestPauseOf(reload);
      if (fromCache.result.from !== 'cache') throw new Error(`the reload meant to read the cache read the ${fromCache.result.from}`);
      cachePause = fromCache.pause;
    }
    rows.push({
      section: 'reload',
      measure: 'hot reload: nothing changed / a file touched / a file edited (wall)',
      value: `${ms(unchanged.wall)} / ${ms(touched.wall)} / ${ms(edited.wall)} ms`,
      note: 'an edit re-reads, re-checks and re-indexes the whole base',
    });
    rows.push({
      section: 'reload',
      measure: 'longest pause of the event loop while an edit reloads',
      value: `${ms(longestPause.loop)} ms`,
      target: 'off the request path',
      note: `parsing and checks run on a worker; the base it sends back is parsed, and indexed, a few milliseconds at a time; the garbage collector's longest pause meanwhile ${ms(longestPause.gc)} ms`,
    });
    rows.push({
      section: 'reload',
      measure: 'longest pause of the event loop while the reloaded base is saved to the cache',
      value: `${ms(savePause.loop)} ms`,
      target: 'off the request path',
      note: `the entry is serialised and written a few milliseconds at a time; the garbage collector's longest pause meanwhile ${ms(savePause.gc)} ms`,
    });
    rows.push({
      section: 'reload',
      measure: 'longest pause of the event loop while a reload reads the base back from the cache',
      value: `${ms(cachePause.loop)} ms`,
      target: 'off the request path',
      note: `files another process loaded and saved: parsed and indexed a few milliseconds at a time; the garbage collector's longest pause meanwhile ${ms(cachePause.gc)} ms`,
    });
    report.reload = { unchanged, touched, edited, longestPause, savePause, cachePause };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function slackSection(context: Context, rows: Row[], report: Record<string, unknown>): Promise<void> {
  const results: Record<string, unknown> = {};
  // Questions cost their answer: fewer of them, for a run of about the same length.
  const requests = { keyed: QUICK ? 1000 : 4000, ask: QUICK ? 200 : 800 };
  for (const [kind, inputs] of Object.entries(SLACK_INPUTS) as [keyof typeof SLACK_INPUTS, (typeof SLACK_INPUTS)[keyof typeof SLACK_INPUTS]][]) {
    const result = await benchSlack(context.bot, inputs, { requests: requests[kind], concurrency: 8, rounds: ROUNDS });
    const rps = (runs: SlackRun[]) => median(runs.map((run) => run.rps));
    const cpu = (runs: SlackRun[]) => median(runs.map((run) => run.cpuMs));
    const ratios = (other: SlackRun[]) => result.ours.map((run, index) => run.rps / other[index]!.rps);
    const rounds = (values: number[]) => values.map((each) => each.toFixed(2)).join(', ');
    const commands = inputs.map((input) => input.command).join(' and ');
    rows.push({
      section: 'slack',
      measure: `Slack HTTP requests/s, ${commands} (signed, 8 at a time, from another process)`,
      value: `${rps(result.ours).toFixed(0)} req/s`,
      target: '≥ 0.8× bare Bolt',
      versus: `bare Bolt app ${rps(result.bare).toFixed(0)} req/s: ${median(ratios(result.bare)).toFixed(2)}× (rounds ${rounds(ratios(result.bare))})`,
      note: `CPU a request ${cpu(result.ours).toFixed(3)} vs ${cpu(result.bare).toFixed(3)} ms; acknowledgement ${Math.round(result.oursBytes)} bytes vs ${Math.round(result.bareBytes)}`,
    });
    rows.push({
      section: 'slack',
      measure: `the same, against a bare Bolt app acking our replies (${Math.round(result.oursBytes)} bytes) as constants`,
      value: `${rps(result.ours).toFixed(0)} req/s`,
      versus: `bare Bolt app ${rps(result.bareSame).toFixed(0)} req/s: ${median(ratios(result.bareSame)).toFixed(2)}× (rounds ${rounds(ratios(result.bareSame))})`,
      note: `CPU a request ${cpu(result.bareSame).toFixed(3)} ms; the bare app acking our replies is ${(rps(result.bareSame) / rps(result.bare)).toFixed(2)}× the one acking 2 bytes`,
    });
    results[kind] = result;
  }
  report.slack = results;
}

async function discordSection(context: Context, rows: Row[], report: Record<string, unknown>): Promise<void> {
  const results: Record<string, unknown> = {};
  for (const [kind, inputs] of Object.entries(DISCORD_INPUTS)) {
    const result = await benchDiscord(context.bot, inputs, { interactions: QUICK ? 60 : 240 });
    const ours = stats(result.ours.map((wall) => ({ wall, cpu: 0 })));
    const bare = stats(result.bare.map((wall) => ({ wall, cpu: 0 })));
    const bareSame = stats(result.bareSame.map((wall) => ({ wall, cpu: 0 })));
    const commands = inputs.map(([name]) => `/${name}`).join(' and ');
    rows.push({
      section: 'discord',
      measure: `Discord interaction round trip, ${commands} (median)`,
      value: `${ms(ours.p50)} ms`,
      target: '≤ 1.2× bare discord.js',
      versus: `bare discord.js handler ${ms(bare.p50)} ms: ${ratio(ours.p50, bare.p50)}`,
      note: `p99 ${ms(ours.p99)} vs ${ms(bare.p99)} ms`,
    });
    rows.push({
      section: 'discord',
      measure: `the same, against a bare discord.js handler replying our replies (embeds, buttons, chart file)`,
      value: `${ms(ours.p50)} ms`,
      versus: `bare discord.js handler ${ms(bareSame.p50)} ms: ${ratio(ours.p50, bareSame.p50)}`,
      note: `p99 ${ms(ours.p99)} vs ${ms(bareSame.p99)} ms; the bare handler replying ours is ${ratio(bareSame.p50, bare.p50)} the one replying "ok"`,
    });
    results[kind] = { ours, bare, bareSame };
  }
  report.discord = results;
}

// ---- main ----------------------------------------------------------------------------------

async function main(): Promise<void> {
  const curated = knowledgeDir(process.env.KNOWLEDGE_DIR);
  const seeded = Boolean((await loadKnowledge(curated)).kb);
  if (!seeded) log(`note: ${curated} does not load; the synthetic bases are built without it, and the question sets are not asked`);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
  const all: { size: number; facts: number; names: number; rows: Row[]; report: Record<string, unknown> }[] = [];
  for (const size of SIZES) {
    log(`base of ${size} facts…`);
    const base = await syntheticBase(size, seeded ? { seedDir: curated } : {});
    // Loaded from a cache kept beside the synthetic bases, so that repeated runs at 100,000
    // facts do not wait minutes for the YAML (the start section measures that separately).
    const store = await KnowledgeStore.open(base.dir, { cacheDir: path.join(tmpdir(), 'landscape-bench-store-cache'), limits: knowledgeLimitsFrom(limitVariables(base)) });
    const bot = new Bot({ store });
    const context: Context = { size, base, store, bot, seeded };
    const rows: Row[] = [];
    const report: Record<string, unknown> = {};
    const sections = { ask: askSection, keyed: keyedSection, names: namesSection, start: startSection, reload: reloadSection, slack: slackSection, discord: discordSection };
    for (const name of SECTIONS) {
      if (!wants(name)) continue;
      log(`  ${name}…`);
      const before = rows.length;
      try {
        await sections[name](context, rows, report);
      } catch (error) {
        rows.push({ section: name, measure: 'failed', value: (error as Error).message });
      }
      // As they come, so that a run cut short still says what it measured.
      for (const row of rows.slice(before)) log(`    ${row.measure}: ${row.value}${row.versus ? ` (${row.versus})` : ''}`);
    }
    all.push({ size, facts: base.facts, names: base.names, rows, report });
  }

  if (JSON_OUT) {
    console.log(JSON.stringify({ machine, quick: QUICK, sizes: all }, null, 2));
    return;
  }
  console.log(`landscape benchmark — ${machine}; ${QUICK ? 'quick' : 'full'} run`);
  for (const { size, facts, names, rows } of all) {
    console.log(`\n## ${facts} facts, ${names} names (--size ${size})\n`);
    console.log('| section | measure | value | target | compared with | note |');
    console.log('|---|---|---|---|---|---|');
    for (const row of rows) console.log(`| ${row.section} | ${row.measure} | ${row.value} | ${row.target ?? ''} | ${row.versus ?? ''} | ${row.note ?? ''} |`);
  }
}

await main();
// Bolt and discord.js may leave sockets closing; the report is printed.
process.exit(0);
