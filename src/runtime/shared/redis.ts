// The shared state in Redis (REDIS_URL), through node-redis (@redis/client), and what keeps
// answers flowing when Redis is not there: every operation runs against Redis with a short
// deadline and, if Redis is down, slow or refusing, against the caller's in-process state
// instead. The first failure is logged once and every one is counted in /metrics
// (`landscape_redis_failures_total`, `landscape_redis_up`); when Redis answers again (the
// client reconnects by itself, and a probe checks a Redis that hung), it is logged once more
// and shared state resumes. No request ever waits on a Redis known to be down.
//
// Keys, all under `landscape:`: `kv:<namespace>:<key>` (strings with an expiry),
// `bucket:<bucket>:<key>` (hashes, expiring once full again), `log:<name>` (streams, capped),
// `table:<name>` (hashes of JSON records, kept until removed), and pub/sub channels
// `landscape:<channel>`. One Redis (or a primary with replicas) serves
// every replica; Redis Cluster is not supported (a rate-limit script touches several keys).
import { createClient, type RedisClientOptions } from '@redis/client';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger.ts';
import { replicaName } from './memory.ts';
import type { AppendLog, BucketDraw, KeyValueStore, PubSub, RecordTable, SharedState, SharedStatus, TokenBuckets } from './types.ts';

const PREFIX = 'landscape:';
/** A shared-state operation slower than this is answered from local state (Slack wants an ack within 3 s). */
export const DEFAULT_COMMAND_TIMEOUT_MS = 500;
/** How long start-up waits for a first connection before serving from local state. */
export const DEFAULT_CONNECT_WAIT_MS = 3_000;
/** How often a Redis marked down is asked for PING while its socket stays open (a hung server). */
const PROBE_INTERVAL_MS = 1_000;
/** Records a log stream keeps, about (Redis trims whole blocks): as many as a file and its rotation. */
export const DEFAULT_STREAM_MAX_LENGTH = 20_000;

/** Plain node-redis clients (no modules, RESP 3), the one type every function here takes. */
const newClient = (options: RedisClientOptions) => createClient(options);
type RedisClient = ReturnType<typeof newClient>;

/**
 * For each draw: refill the bucket to now (Redis's clock, the same for every replica), and
 * its wait for one token. Only if no bucket must wait, take one token from each. Returns the
 * waits as strings (Lua numbers would be cut to integers). KEYS[i]: bucket i; ARGV: burst and
 * window of each in turn. Must stay in step with BucketSet in ../rate-limit.ts.
 */
const TAKE_TOKENS = `
local now = redis.call('TIME')
now = tonumber(now[1]) + tonumber(now[2]) / 1000000
local tokens, waits, refused = {}, {}, false
for i, key in ipairs(KEYS) do
  local burst, window = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local rate = burst / window
  local held = redis.call('HMGET', key, 'tokens', 'updated')
  local level = tonumber(held[1]) or burst
  local updated = tonumber(held[2]) or now
  level = math.min(burst, level + math.max(0, now - updated) * rate)
  tokens[i] = level
  if level >= 1 - 1e-9 then
    waits[i] = '0'
  else
    waits[i] = string.format('%.6f', (1 - level) / rate)
    refused = true
  end
end
if not refused then
  for i, key in ipairs(KEYS) do
    redis.call('HSET', key, 'tokens', string.format('%.9f', tokens[i] - 1), 'updated', string.format('%.6f', now))
    -- Full again after one window: an expired bucket and a full one are the same.
    redis.call('PEXPIRE', key, math.ceil(tonumber(ARGV[2 * i]) * 1000))
  end
end
return waits
`;

export interface RedisSharedStateOptions {
  url: string;
  logger: Logger;
  /** Where `landscape_redis_up` and `landscape_redis_failures_total` go (the process's metrics registry). */
  registry?: Registry;
  commandTimeoutMs?: number;
  connectWaitMs?: number;
  streamMaxLength?: number;
}

export class RedisSharedState implements SharedState {
  readonly kind = 'redis' as const;
  readonly replica = replicaName();
  private readonly client: RedisClient;
  /** Pub/sub needs a connection of its own; it resubscribes by itself after a reconnection. */
  private readonly subscriber: RedisClient;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly streamMaxLength: number;
  private readonly failures: Counter<'operation'>;
  private readonly upGauge: Gauge;
  private up = false;
  private wasUp = false;
  private downLogged = false;
  private probe?: NodeJS.Timeout;
  private closed = false;
  private scriptSha?: string;

  private constructor(options: RedisSharedStateOptions) {
    this.logger = options.logger.child({ redis: safeUrl(options.url) });
    this.timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.streamMaxLength = options.streamMaxLength ?? DEFAULT_STREAM_MAX_LENGTH;
    const registers = options.registry ? [options.registry] : [];
    this.failures = new Counter({
      name: 'landscape_redis_failures_total',
      help: 'Shared-state operations Redis could not serve (down, slow or refusing), answered from local state instead',
      labelNames: ['operation'],
      registers,
    });
    this.upGauge = new Gauge({ name: 'landscape_redis_up', help: '1 while Redis serves the shared state, 0 while local state stands in', registers });
    const socket = {
      connectTimeout: 2_000,
      // Keep trying, never more than a second apart: Redis coming back is noticed at once.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1_000),
    };
    // Commands fail at once while disconnected instead of queueing behind the reconnection.
    this.client = newClient({ url: options.url, socket, disableOfflineQueue: true });
    this.subscriber = newClient({ url: options.url, socket });
    this.client.on('error', (error: Error) => this.markDown(error));
    this.client.on('ready', () => this.checkUp());
    // Its failures are the same outage as the main connection's, logged there.
    this.subscriber.on('error', () => {});
  }

  /** Connects (waiting up to `connectWaitMs`); if Redis is not there yet, serves from local state and keeps trying. */
  static async connect(options: RedisSharedStateOptions): Promise<RedisSharedState> {
    const state = new RedisSharedState(options);
    const connected = Promise.all([state.client.connect(), state.subscriber.connect()]).then(
      () => true,
      () => false,
    );
    const ready = await withTimeout(connected, options.connectWaitMs ?? DEFAULT_CONNECT_WAIT_MS).catch(() => false);
    if (ready) state.markUp();
    else state.markDown(new Error('no connection yet'));
    return state;
  }

  keyValue(namespace: string, local: KeyValueStore): KeyValueStore {
    const key = (name: string) => `${PREFIX}kv:${namespace}:${name}`;
    return {
      // Remembered locally as well, so that during an outage this replica still knows what it saw.
      setIfAbsent: (name, value, ttlMs) =>
        this.guard(
          'kv',
          async () => {
            const stored = (await this.client.set(key(name), value, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK';
            if (stored) await local.set(name, value, ttlMs);
            return stored;
          },
          () => local.setIfAbsent(name, value, ttlMs),
        ),
      // A miss in Redis is looked up locally too: a key set while Redis was down lives only there.
      get: (name) =>
        this.guard(
          'kv',
          async () => (await this.client.get(key(name))) ?? (await local.get(name)),
          () => local.get(name),
        ),
      set: (name, value, ttlMs) =>
        this.guard(
          'kv',
          async () => {
            await this.client.set(key(name), value, { expiration: { type: 'PX', value: ttlMs } });
            await local.set(name, value, ttlMs);
          },
          () => local.set(name, value, ttlMs),
        ),
    };
  }

  tokenBuckets(local: TokenBuckets): TokenBuckets {
    return {
      take: (draws: readonly BucketDraw[]) => {
        if (draws.length === 0) return Promise.resolve([]);
        return this.guard(
          'buckets',
          async () => {
            const keys = draws.map((draw) => `${PREFIX}bucket:${draw.bucket}:${draw.key}`);
            const args = draws.flatMap((draw) => [String(draw.rule.burst), String(draw.rule.windowSeconds)]);
            const waits = (await this.evalTakeTokens(keys, args)) as string[];
            return waits.map(Number);
          },
          () => local.take(draws),
        );
      },
    };
  }

  log<T extends object>(name: string, local: AppendLog<T> | undefined): AppendLog<T> {
    const key = `${PREFIX}log:${name}`;
    return {
      append: (record) =>
        this.guard(
          'log',
          async () => {
            await this.client.xAdd(key, '*', { json: JSON.stringify(record) }, { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: this.streamMaxLength } });
          },
          () => (local ? local.append(record) : Promise.reject(new Error(`Redis is unreachable and log ${name} has no local file`))),
        ),
      read: () =>
        this.guard(
          'log',
          () => readStream(this.client, key),
          () => local?.read() ?? Promise.resolve([]),
        ),
    };
  }

  table<T extends object>(name: string, local: RecordTable<T>): RecordTable<T> {
    const key = `${PREFIX}table:${name}`;
    // Every change is made locally as well, whether Redis took it or not: while Redis is down,
    // the replica serves the records that went through it.
    return {
      put: async (field, record) => {
        const inRedis = await this.guard(
          'table',
          () => this.client.hSet(key, field, JSON.stringify(record)).then(() => true),
          async () => false,
        );
        await alsoLocally(inRedis, local.put(field, record));
      },
      remove: async (fields) => {
        if (fields.length === 0) return;
        const inRedis = await this.guard(
          'table',
          () => this.client.hDel(key, [...fields]).then(() => true),
          async () => false,
        );
        await alsoLocally(inRedis, local.remove(fields));
      },
      read: () =>
        this.guard(
          'table',
          async () => {
            const records = new Map<string, unknown>();
            for (const [field, json] of Object.entries(await this.client.hGetAll(key))) {
              try {
                records.set(field, JSON.parse(String(json)));
              } catch {
                // Not written by this code; skipped like a broken line in a file.
              }
            }
            return records;
          },
          () => local.read(),
        ),
    };
  }

  pubsub(local: PubSub): PubSub {
    return {
      // Down, a message reaches this process's own subscribers only, through `local`.
      publish: (channel, message) =>
        this.guard(
          'publish',
          async () => {
            await this.client.publish(`${PREFIX}${channel}`, message);
          },
          () => local.publish(channel, message),
        ),
      // Listening on both: a message comes through Redis or, while it is down, through `local`; never both.
      subscribe: async (channel, listener) => {
        const offLocal = await local.subscribe(channel, listener);
        const redisListener = (message: string) => listener(message);
        // Queued until connected (this connection keeps an offline queue), and renewed on each reconnection.
        void this.subscriber.subscribe(`${PREFIX}${channel}`, redisListener).catch((error: unknown) => this.markDown(error));
        return async () => {
          await offLocal();
          if (this.subscriber.isOpen) await this.subscriber.unsubscribe(`${PREFIX}${channel}`, redisListener).catch(() => {});
        };
      },
    };
  }

  status(): SharedStatus {
    return { store: 'redis', reachable: this.up, replica: this.replica };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.probe);
    // close() lets commands in flight finish; a client still reconnecting has none to wait for.
    await Promise.all([this.client, this.subscriber].map((client) => (client.isReady ? client.close().catch(() => client.destroy()) : client.isOpen ? client.destroy() : undefined)));
  }

  /** Redis within the deadline while it is up; `local` otherwise, counting each time Redis was not the one to answer. */
  private async guard<R>(operation: string, shared: () => Promise<R>, local: () => Promise<R>): Promise<R> {
    if (this.up) {
      try {
        return await withTimeout(shared(), this.timeoutMs);
      } catch (error) {
        this.markDown(error);
      }
    }
    this.failures.inc({ operation });
    return local();
  }

  private async evalTakeTokens(keys: string[], args: string[]): Promise<unknown> {
    if (this.scriptSha) {
      try {
        return await this.client.evalSha(this.scriptSha, { keys, arguments: args });
      } catch (error) {
        // A restarted Redis has forgotten the script; anything else is a real failure.
        if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      }
    }
    this.scriptSha = await this.client.scriptLoad(TAKE_TOKENS);
    return this.client.evalSha(this.scriptSha, { keys, arguments: args });
  }

  private markDown(error: unknown): void {
    if (this.closed) return;
    // Once per outage: a reconnecting client reports every failed attempt.
    if (!this.downLogged) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn({ err: reason }, this.wasUp ? 'Redis unreachable: answering from local state until it is back' : 'Redis not reachable at start: answering from local state until it is');
      this.downLogged = true;
    }
    this.up = false;
    this.upGauge.set(0);
    this.probe ??= setInterval(() => this.checkUp(), PROBE_INTERVAL_MS).unref();
  }

  /** After a reconnection, or on the probe's tick: up again once Redis answers a PING in time. */
  private checkUp(): void {
    if (this.up || this.closed || !this.client.isReady) return;
    withTimeout(this.client.ping(), this.timeoutMs).then(
      () => this.markUp(),
      () => {},
    );
  }

  private markUp(): void {
    if (this.up || this.closed) return;
    this.logger.info({ replica: this.replica }, this.wasUp ? 'Redis reachable again: shared state resumes' : 'shared state in Redis');
    this.up = true;
    this.wasUp = true;
    this.downLogged = false;
    this.upGauge.set(1);
    clearInterval(this.probe);
    this.probe = undefined;
  }
}

/**
 * Every record of the log `name` in the Redis at `url`, for `landscape gaps` on any machine:
 * one connection, no retry; rejects with a clear message if Redis does not answer.
 */
export async function readSharedLog(url: string, name: string, timeoutMs = DEFAULT_CONNECT_WAIT_MS): Promise<{ records: unknown[]; where: string }> {
  const client = newClient({ url, socket: { connectTimeout: timeoutMs, reconnectStrategy: false }, disableOfflineQueue: true });
  client.on('error', () => {});
  const where = `${safeUrl(url)} (stream ${PREFIX}log:${name})`;
  try {
    await withTimeout(client.connect(), timeoutMs);
    return { records: await withTimeout(readStream(client, `${PREFIX}log:${name}`), timeoutMs), where };
  } catch (error) {
    throw new Error(`cannot read ${where}: ${(error as Error).message}`, { cause: error });
  } finally {
    if (client.isOpen) client.destroy();
  }
}

async function readStream(client: RedisClient, key: string): Promise<unknown[]> {
  const entries = (await client.xRange(key, '-', '+')) ?? [];
  const records: unknown[] = [];
  for (const entry of entries) {
    try {
      records.push(JSON.parse(String(entry.message.json)));
    } catch {
      // Not written by this code; skipped like a broken line in a file.
    }
  }
  return records;
}

/**
 * The local copy of a change to a table. When Redis has the change, that copy only stands in
 * during an outage, so its failure (a full disk) is not the caller's.
 */
async function alsoLocally(inRedis: boolean, change: Promise<void>): Promise<void> {
  await (inRedis ? change.catch(() => undefined) : change);
}

/** The value if `work` settles within `ms`, else a rejection (the work itself carries on). */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The URL without its password, for logs. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}
