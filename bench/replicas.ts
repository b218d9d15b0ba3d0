// `npm run bench:replicas`: what sharing state through Redis costs Slack's throughput. Whole
// `landscape start` processes (Slack over HTTP on loopback, a fake Web API) take signed
// slash commands from a closed loop of concurrent clients, in four set-ups side by side:
//
//   1 process, no Redis      the baseline: everything in process
//   1 process, Redis         the same process, its rate limits in Redis (one script a request)
//   2 processes, no Redis    two replicas, each with its own state (limits per process)
//   2 processes, Redis       two replicas sharing state: what docs/scaling.md recommends
//
// The clients spread requests over a set-up's replicas in turn, as a round-robin load
// balancer would, and over 500 users, so every request draws from its user's and channel's
// buckets (limits set high enough never to refuse). Every set-up runs at once, idle but for
// its own batches: after a warm-up, short batches go to each set-up in turn, in an order
// that rotates from one cycle to the next, so that the load other work puts on a shared
// machine falls on all of them alike; each set-up's throughput is also compared with the
// baseline's in the same cycle. Measured: requests per second, latency percentiles of the
// acknowledgement (which carries the answer), and the CPU time the bot processes and
// redis-server spent per request (Linux: /proc), which varies far less than throughput on
// a busy machine and bounds it on a machine of one's own. Never run from tests; nothing
// here asserts.
//   npm run bench:replicas [-- --quick] [-- --json]
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { commandPost, sign, SIGNING_SECRET, startFakeWebApi, type FakeWebApi } from '../test/e2e/slack-fakes.ts';
import { startRedisServer, type RedisServer } from '../test/support/redis-server.ts';

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const JSON_OUT = args.has('--json');
/** Requests a set-up answers before measuring, so that V8 has optimised what it runs. */
const WARMUP = QUICK ? 1_000 : 4_000;
const BATCH = QUICK ? 1_000 : 1_500;
const CYCLES = QUICK ? 3 : 12;
const CONCURRENCY = 32;
const USERS = 500;
/** Kernel clock ticks a second (USER_HZ), the unit of /proc/<pid>/stat times: 100 on Linux. */
const TICKS_PER_SECOND = 100;

interface Setup {
  label: string;
  processes: number;
  redis: boolean;
}

const SETUPS: Setup[] = [
  { label: '1 process, no Redis', processes: 1, redis: false },
  { label: '1 process, Redis', processes: 1, redis: true },
  { label: '2 processes, no Redis', processes: 2, redis: false },
  { label: '2 processes, Redis', processes: 2, redis: true },
];

interface Batch {
  perSecond: number;
  latencies: number[];
  errors: number;
  botCpuMs: number;
  redisCpuMs: number;
}

/** User + system CPU time of a process so far, in ms (NaN where /proc is not there). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

interface Replica {
  child: ChildProcess;
  base: string;
}

/** `landscape start` with Slack over HTTP on a free loopback port; resolves once it says it is ready. */
async function startReplica(api: FakeWebApi, redisUrl: string | undefined): Promise<Replica> {
  const child = spawn(process.execPath, ['bin/landscape.js', 'start'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: api.url,
      PORT: '0',
      HOST: '127.0.0.1',
      KNOWLEDGE_DIR: 'test/fixtures/mini',
      GAPS_FILE: 'off',
      RATE_LIMIT_USER: '1000000/60s',
      RATE_LIMIT_CHANNEL: '1000000/60s',
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let port: number | undefined;
  // Read lines until ready, then only drain them: parsing every answer's log line would
  // take CPU from the processes measured.
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`landscape start exited (${code}) before it was ready`)));
    lines.on('line', (line) => {
      if (line.includes('"slack: listening"')) port = JSON.parse(line).port as number;
      if (line.includes('"msg":"ready"') && port !== undefined) {
        lines.removeAllListeners('line');
        lines.close();
        child.stdout!.resume();
        resolve();
      }
    });
  });
  child.removeAllListeners('exit');
  return { child, base: `http://127.0.0.1:${port}` };
}

async function stopReplica(replica: Replica): Promise<void> {
  if (replica.child.exitCode !== null) return;
  const exited = new Promise((resolve) => replica.child.once('exit', resolve));
  replica.child.kill('SIGTERM');
  await exited;
}

/** One signed slash command; its latency in ms, or NaN when it was not a 200. */
async function post(base: string, n: number): Promise<number> {
  const { body, contentType } = commandPost({ command: '/landscape', text: 'share chinese-open', userId: `U${n % USERS}`, channelId: `C${n % 20}`, responseUrl: 'http://127.0.0.1:9/unused' });
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) },
    body,
  });
  const text = await response.text();
  const elapsed = performance.now() - started;
  return response.status === 200 && text.includes('Share: Chinese') ? elapsed : Number.NaN;
}

/** `total` requests from `CONCURRENCY` clients in a closed loop, round-robin over the replicas. */
async function load(replicas: Replica[], total: number): Promise<{ latencies: number[]; seconds: number; errors: number }> {
  let next = 0;
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const n = next++;
        const latency = await post(replicas[n % replicas.length]!.base, n).catch(() => Number.NaN);
        if (Number.isNaN(latency)) errors += 1;
        else latencies.push(latency);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, errors };
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/** One batch on a set-up's replicas, with the CPU its processes (and Redis, if it uses it) spent. */
async function batch(setup: Setup, replicas: Replica[], redis: RedisServer): Promise<Batch> {
  const botCpu = () => replicas.reduce((sum, replica) => sum + cpuMs(replica.child.pid), 0);
  const [botBefore, redisBefore] = [botCpu(), cpuMs(redis.pid)];
  const { latencies, seconds, errors } = await load(replicas, BATCH);
  const [botAfter, redisAfter] = [botCpu(), cpuMs(redis.pid)];
  // redis-server serves the Redis set-ups only; the others are not charged for it.
  return { perSecond: BATCH / seconds, latencies, errors, botCpuMs: botAfter - botBefore, redisCpuMs: setup.redis ? redisAfter - redisBefore : 0 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const api = await startFakeWebApi();
  const running: Replica[][] = [];
  const batches: Batch[][] = SETUPS.map(() => []);
  try {
    for (const setup of SETUPS) running.push(await Promise.all(Array.from({ length: setup.processes }, () => startReplica(api, setup.redis ? redis.url : undefined))));
    for (const replicas of running) await load(replicas, WARMUP);
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      for (let step = 0; step < SETUPS.length; step++) {
        const i = (cycle + step) % SETUPS.length;
        batches[i]!.push(await batch(SETUPS[i]!, running[i]!, redis));
      }
      if (!JSON_OUT) console.error(`cycle ${cycle + 1}/${CYCLES}: ${SETUPS.map((setup, i) => `${setup.label} ${batches[i]!.at(-1)!.perSecond.toFixed(0)}`).join(', ')} req/s`);
    }
  } finally {
    await Promise.all(running.flat().map(stopReplica));
    await api.close();
    await redis.close();
  }
  const summary = SETUPS.map((setup, i) => {
    const own = batches[i]!;
    const latencies = own.flatMap((each) => each.latencies).sort((a, b) => a - b);
    const requests = own.length * BATCH;
    return {
      setup: setup.label,
      perSecond: median(own.map((each) => each.perSecond)),
      // Cycle by cycle against the baseline's batch of the same cycle.
      vsBaseline: median(own.map((each, cycle) => each.perSecond / batches[0]![cycle]!.perSecond)),
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      cpuMs: own.reduce((sum, each) => sum + each.botCpuMs + each.redisCpuMs, 0) / requests,
      redisCpuMs: own.reduce((sum, each) => sum + each.redisCpuMs, 0) / requests,
      errors: own.reduce((sum, each) => sum + each.errors, 0),
    };
  });
  if (JSON_OUT) {
    const perBatch = batches.map((own) => own.map(({ latencies: _latencies, ...rest }) => rest));
    console.log(JSON.stringify({ node: process.version, quick: QUICK, warmup: WARMUP, batch: BATCH, cycles: CYCLES, concurrency: CONCURRENCY, summary, batches: perBatch }, null, 2));
    return;
  }
  const [baseline] = summary;
  console.log(`\nSlack slash commands on loopback — node ${process.version}, ${CYCLES} batches of ${BATCH} per set-up after ${WARMUP} of warm-up, ${CONCURRENCY} concurrent`);
  console.log('set-up                   req/s  vs base   p50 ms   p99 ms   CPU ms/req (of it Redis)  vs base  errors');
  for (const row of summary) {
    const cpu = `${row.cpuMs.toFixed(3)} (${row.redisCpuMs.toFixed(3)})`;
    console.log(
      `${row.setup.padEnd(22)} ${row.perSecond.toFixed(0).padStart(7)} ${`${(row.vsBaseline * 100).toFixed(0)}%`.padStart(8)} ${row.p50.toFixed(2).padStart(8)} ${row.p99.toFixed(2).padStart(8)} ${cpu.padStart(25)} ${`${((row.cpuMs / baseline!.cpuMs) * 100).toFixed(0)}%`.padStart(8)} ${String(row.errors).padStart(7)}`,
    );
  }
}

await main();
