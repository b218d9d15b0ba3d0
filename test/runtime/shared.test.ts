// The shared-state layer against a real redis-server on loopback: the in-process and the Redis
// implementations keep the same contract; two replicas see each other's state through Redis;
// and when Redis stops or hangs, every operation still answers from local state, counted and
// logged once, until Redis is back.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@redis/client';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenBuckets } from '../../src/runtime/rate-limit.ts';
import { JsonLinesFile } from '../../src/runtime/jsonl.ts';
import { LocalSharedState, MemoryKeyValue, MemoryPubSub } from '../../src/runtime/shared/memory.ts';
import { RedisSharedState } from '../../src/runtime/shared/redis.ts';
import type { SharedState } from '../../src/runtime/shared/types.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { captureLog } from '../support/capture-log.ts';
import { Recorder } from '../support/recorder.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';

let redis: RedisServer;
let dir: string;
const opened: SharedState[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  dir = await mkdtemp(path.join(tmpdir(), 'landscape-shared-'));
});

afterAll(async () => {
  await Promise.all(opened.map((state) => state.close()));
  await redis?.close();
  await rm(dir, { recursive: true, force: true });
});

async function redisState(options: { registry?: Registry; logger?: ReturnType<typeof captureLog>['logger']; connectWaitMs?: number } = {}): Promise<RedisSharedState> {
  const state = await RedisSharedState.connect({ url: redis.url, logger: options.logger ?? silentLogger, registry: options.registry, connectWaitMs: options.connectWaitMs });
  opened.push(state);
  return state;
}

const rawClient = () => createClient({ url: redis.url });

/** A raw node-redis client, to look at what the shared state wrote. */
async function inspect<T>(look: (client: ReturnType<typeof rawClient>) => Promise<T>): Promise<T> {
  const client = rawClient();
  await client.connect();
  try {
    return await look(client);
  } finally {
    client.destroy();
  }
}

const HOUR = { burst: 3, windowSeconds: 3600 };
const buckets = () => new MemoryTokenBuckets(10_000, () => performance.now() / 1000);

describe.each([
  ['in process', async (): Promise<SharedState> => new LocalSharedState()],
  ['in Redis', (): Promise<SharedState> => redisState()],
])('shared state %s', (_name, open) => {
  it('key-value: set-if-absent stores once, get reads, set replaces', async () => {
    const kv = (await open()).keyValue(`kv-${randomUUID()}`, new MemoryKeyValue());
    expect(await kv.setIfAbsent('Ev1', 'first', 60_000)).toBe(true);
    expect(await kv.setIfAbsent('Ev1', 'second', 60_000)).toBe(false);
    expect(await kv.get('Ev1')).toBe('first');
    await kv.set('Ev1', 'third', 60_000);
    expect(await kv.get('Ev1')).toBe('third');
    expect(await kv.get('Ev2')).toBeUndefined();
  });

  it('token buckets: a burst, then the wait for the next token; all or nothing across buckets', async () => {
    const shared = (await open()).tokenBuckets(buckets());
    const user = randomUUID();
    const draw = (channel: string) => [
      { bucket: 'user', key: user, rule: HOUR },
      { bucket: 'channel', key: channel, rule: { burst: 2, windowSeconds: 3600 } },
    ];
    expect(await shared.take(draw('c1'))).toEqual([0, 0]);
    expect(await shared.take(draw('c1'))).toEqual([0, 0]);
    // The channel refuses: nothing is taken from the user either.
    const [userWait, channelWait] = await shared.take(draw('c1'));
    expect(userWait).toBe(0);
    expect(Math.ceil(channelWait!)).toBeGreaterThan(1790);
    expect(Math.ceil(channelWait!)).toBeLessThanOrEqual(1800);
    expect(await shared.take(draw(`c2-${randomUUID()}`))).toEqual([0, 0]);
    // The user's three tokens are gone now.
    const [refused] = await shared.take(draw(`c3-${randomUUID()}`));
    expect(Math.ceil(refused!)).toBeLessThanOrEqual(1200);
    expect(refused).toBeGreaterThan(1190);
  });

  it('append-only log: records read back oldest first', async () => {
    const log = (await open()).log<{ n: number }>(`log-${randomUUID()}`, new JsonLinesFile({ file: path.join(dir, `${randomUUID()}.jsonl`) }))!;
    for (const n of [1, 2, 3]) await log.append({ n });
    expect(await log.read()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('publish/subscribe: a subscriber hears what is published, until it unsubscribes', async () => {
    const pubsub = (await open()).pubsub(new MemoryPubSub());
    const heard = new Recorder<string>();
    const channel = `channel-${randomUUID()}`;
    const off = await pubsub.subscribe(channel, (message) => heard.push(message));
    // Redis confirms a subscription asynchronously: publish until the first message lands.
    const first = heard.waitFor((message) => message === 'hello');
    await republishUntil(first, () => pubsub.publish(channel, 'hello'));
    await off();
    expect(heard.entries.every((message) => message === 'hello')).toBe(true);
  });
});

/** Publishes once, and again each time the event loop turns, until `heard` settles. */
async function republishUntil(heard: Promise<unknown>, publish: () => Promise<void>): Promise<void> {
  let done = false;
  void heard.then(() => (done = true));
  while (!done) {
    await publish();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('two replicas on one Redis', () => {
  let a: SharedState;
  let b: SharedState;
  beforeAll(async () => {
    a = await redisState();
    b = await redisState();
  });

  it('a Slack event id taken on A is taken on B', async () => {
    const id = `Ev${randomUUID()}`;
    expect(await a.keyValue('slack-events', new MemoryKeyValue()).setIfAbsent(id, '1', 60_000)).toBe(true);
    expect(await b.keyValue('slack-events', new MemoryKeyValue()).setIfAbsent(id, '1', 60_000)).toBe(false);
    const ttl = await inspect((client) => client.pTTL(`landscape:kv:slack-events:${id}`));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('a user who spent their tokens on A waits on B, and the bucket expires once it would be full', async () => {
    const draw = [{ bucket: 'user', key: randomUUID(), rule: HOUR }];
    for (let i = 0; i < 3; i++) expect(await a.tokenBuckets(buckets()).take(draw)).toEqual([0]);
    const [wait] = await b.tokenBuckets(buckets()).take(draw);
    expect(wait).toBeGreaterThan(0);
    const ttl = await inspect((client) => client.pTTL(`landscape:bucket:user:${draw[0]!.key}`));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
  });

  it('a record appended on A is read on B', async () => {
    const name = `gaps-${randomUUID()}`;
    await a.log(name, undefined)!.append({ text: 'who funds mistral' });
    expect(await b.log(name, undefined)!.read()).toEqual([{ text: 'who funds mistral' }]);
  });

  it('a message published on A is heard on B, not twice', async () => {
    const channel = `reload-${randomUUID()}`;
    const heard = new Recorder<string>();
    await b.pubsub(new MemoryPubSub()).subscribe(channel, (message) => heard.push(message));
    await republishUntil(heard.waitFor(), () => a.pubsub(new MemoryPubSub()).publish(channel, 'reload'));
    expect(heard.entries.length).toBeGreaterThan(0);
  });
});

describe('when Redis fails', () => {
  const log = captureLog();
  const registry = new Registry();
  let state: RedisSharedState;
  const localKv = new MemoryKeyValue();
  const file = () => path.join(dir, 'fallback-gaps.jsonl');

  const metric = async (name: string): Promise<number> => {
    const text = await registry.metrics();
    return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((sum, [, value]) => sum + Number(value), 0);
  };

  beforeAll(async () => {
    state = await redisState({ registry, logger: log.logger });
  });

  it('starts on Redis', async () => {
    await log.waitFor((line) => line.msg === 'shared state in Redis');
    expect(state.status()).toMatchObject({ store: 'redis', reachable: true });
    expect(await metric('landscape_redis_up')).toBe(1);
  });

  it('stopped, it answers every operation from local state, logs once and counts each', async () => {
    await redis.stop();
    const kv = state.keyValue('events', localKv);
    expect(await kv.setIfAbsent('Ev-down', '1', 60_000)).toBe(true);
    expect(await kv.setIfAbsent('Ev-down', '1', 60_000)).toBe(false);
    expect(await state.tokenBuckets(buckets()).take([{ bucket: 'user', key: 'u', rule: HOUR }])).toEqual([0]);
    await state.log('gaps', new JsonLinesFile({ file: file() }))!.append({ text: 'asked while Redis was down' });
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ text: 'asked while Redis was down' });
    const heard = new Recorder<string>();
    const pubsub = state.pubsub(new MemoryPubSub());
    await pubsub.subscribe('reload', (message) => heard.push(message));
    await pubsub.publish('reload', 'only here');
    expect(heard.entries).toEqual(['only here']);

    expect(log.records().filter((line) => line.msg === 'Redis unreachable: answering from local state until it is back')).toHaveLength(1);
    expect(await metric('landscape_redis_failures_total')).toBeGreaterThanOrEqual(5);
    expect(await metric('landscape_redis_up')).toBe(0);
    expect(state.status().reachable).toBe(false);
  });

  it('restarted, it goes back to Redis by itself', async () => {
    await redis.start();
    await log.waitFor((line) => line.msg === 'Redis reachable again: shared state resumes');
    expect(state.status().reachable).toBe(true);
    expect(await state.keyValue('events', localKv).setIfAbsent('Ev-up', '1', 60_000)).toBe(true);
    expect(await inspect((client) => client.get('landscape:kv:events:Ev-up'))).toBe('1');
  });

  it('hung (the process frozen, its socket open), it answers from local state past the deadline, and resumes when Redis does', async () => {
    const before = await metric('landscape_redis_failures_total');
    redis.freeze();
    try {
      expect(await state.keyValue('events', localKv).setIfAbsent('Ev-hung', '1', 60_000)).toBe(true);
      expect(await metric('landscape_redis_failures_total')).toBe(before + 1);
      expect(state.status().reachable).toBe(false);
    } finally {
      redis.thaw();
    }
    const back = log.records().filter((line) => line.msg === 'Redis reachable again: shared state resumes').length + 1;
    await log.waitFor(() => log.records().filter((line) => line.msg === 'Redis reachable again: shared state resumes').length === back);
    expect(state.status().reachable).toBe(true);
  });

  it('not there at start, it serves from local state, then joins Redis when it comes', async () => {
    await redis.stop();
    const late = captureLog();
    const waiting = await redisState({ logger: late.logger, connectWaitMs: 100 });
    expect(late.records().map((line) => line.msg)).toContain('Redis not reachable at start: answering from local state until it is');
    expect(await waiting.keyValue('events', new MemoryKeyValue()).setIfAbsent('Ev-early', '1', 60_000)).toBe(true);
    await redis.start();
    await late.waitFor((line) => line.msg === 'shared state in Redis');
    expect(waiting.status().reachable).toBe(true);
  });
});
