// `npm run bench:replicas`: what sharing state through Redis costs Slack's throughput. Whole
// `landscape start` processes (Slack over HTTP on loopback, a fake Web API) take signed
// slash commands from a closed loop of concurrent clients, in four set-ups side by side:
//
//   1 process, no Redis      the baseline: everything in process
//   1 process, Redis         the same process, its rate limits in Redis (one script a request)
//   2 processes, no Redis    two replicas, each with its own state (limits per process)
//   2 processes, Redis       two replicas sharing state: what docs/scaling.md recommends
//
// The clients spread requests over both replicas in turn, as a round-robin load balancer
// would, and over 500 users, so every request draws from its user's and channel's buckets
// (limits set high enough never to refuse). Measured: requests per second and latency
// percentiles of the acknowledgement (which carries the answer), and the CPU time the bot
// processes and redis-server spent per request (Linux: /proc). On a machine shared with
// other work, throughput swings from one round to the next; CPU per request hardly does,
// and it is what bounds throughput on a machine of one's own. Never run from tests; nothing
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
const REQUESTS = QUICK ? 1_500 : 6_000;
const WARMUP = QUICK ? 300 : 1_000;
const CONCURRENCY = 32;
const USERS = 500;
const ROUNDS = QUICK ? 1 : 5;
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

interface Result {
  setup: string;
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU ms (user + system) per request: the bot processes', and redis-server's. */
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

async function measure(setup: Setup, api: FakeWebApi, redis: RedisServer): Promise<Result> {
  const replicas = await Promise.all(Array.from({ length: setup.processes }, () => startReplica(api, setup.redis ? redis.url : undefined)));
  try {
    await load(replicas, WARMUP);
    const botCpu = () => replicas.reduce((sum, replica) => sum + cpuMs(replica.child.pid), 0);
    const [botBefore, redisBefore] = [botCpu(), cpuMs(redis.pid)];
    const { latencies, seconds, errors } = await load(replicas, REQUESTS);
    const [botAfter, redisAfter] = [botCpu(), cpuMs(redis.pid)];
    const sorted = latencies.sort((a, b) => a - b);
    return {
      setup: setup.label,
      requests: REQUESTS,
      seconds,
      perSecond: REQUESTS / seconds,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      errors,
      botCpuMs: (botAfter - botBefore) / REQUESTS,
      // redis-server runs through every set-up; only those using it are charged for it.
      redisCpuMs: setup.redis ? (redisAfter - redisBefore) / REQUESTS : 0,
    };
  } finally {
    await Promise.all(replicas.map(stopReplica));
  }
}

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const api = await startFakeWebApi();
  const results: Result[][] = SETUPS.map(() => []);
  try {
    // Rounds interleave the set-ups, so a slow minute of a shared machine hits them all alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, setup] of SETUPS.entries()) {
        const result = await measure(setup, api, redis);
        results[i]!.push(result);
        if (!JSON_OUT) console.error(`round ${round + 1}/${ROUNDS}: ${setup.label}: ${result.perSecond.toFixed(0)} req/s, p99 ${result.p99.toFixed(1)} ms, CPU ${(result.botCpuMs + result.redisCpuMs).toFixed(3)} ms a request`);
      }
    }
  } finally {
    await api.close();
    await redis.close();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const summary = SETUPS.map((setup, i) => {
    const rounds = results[i]!;
    return {
      setup: setup.label,
      perSecond: median(rounds.map((round) => round.perSecond)),
      p50: median(rounds.map((round) => round.p50)),
      p99: median(rounds.map((round) => round.p99)),
      cpuMs: median(rounds.map((round) => round.botCpuMs + round.redisCpuMs)),
      redisCpuMs: median(rounds.map((round) => round.redisCpuMs)),
      errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    };
  });
  if (JSON_OUT) {
    console.log(JSON.stringify({ node: process.version, quick: QUICK, requests: REQUESTS, concurrency: CONCURRENCY, rounds: ROUNDS, summary, results }, null, 2));
    return;
  }
  const [baseline] = summary;
  console.log(`\nSlack slash commands on loopback — node ${process.version}, ${REQUESTS} requests a round, ${CONCURRENCY} concurrent, medians of ${ROUNDS} round(s)`);
  console.log('set-up                   req/s  vs base   p50 ms   p99 ms   CPU ms/req (of it Redis)  vs base  errors');
  for (const row of summary) {
    const cpu = `${row.cpuMs.toFixed(3)} (${row.redisCpuMs.toFixed(3)})`;
    console.log(
      `${row.setup.padEnd(22)} ${row.perSecond.toFixed(0).padStart(7)} ${`${((row.perSecond / baseline!.perSecond) * 100).toFixed(0)}%`.padStart(8)} ${row.p50.toFixed(2).padStart(8)} ${row.p99.toFixed(2).padStart(8)} ${cpu.padStart(25)} ${`${((row.cpuMs / baseline!.cpuMs) * 100).toFixed(0)}%`.padStart(8)} ${String(row.errors).padStart(7)}`,
    );
  }
}

await main();
