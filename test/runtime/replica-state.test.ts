// What replicas share through Redis beyond the shared-state layer itself, each on its own
// terms and against a real redis-server on loopback: two "replicas" (two RedisSharedStates,
// each with the Bot, store or adapter state a process builds) see each other's feedback,
// subscriptions, digests, long button commands and conversation subjects. Then Redis stops:
// each still works from local state, and nothing reaches the user as an error.
import { access, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer.ts';
import { encodeAnswerRef } from '../../src/answer/ref.ts';
import { Bot, type BotRequest } from '../../src/bot.ts';
import { KnowledgeStore, type Knowledge } from '../../src/knowledge/store.ts';
import type { PlatformAdapter } from '../../src/platforms/adapter.ts';
import { CommandRefs } from '../../src/runtime/command-refs.ts';
import { Conversations } from '../../src/runtime/conversations.ts';
import { DIGEST_CLAIMS, Digests } from '../../src/runtime/digest.ts';
import { FEEDBACK_LOG, FeedbackRecorder, feedbackCli, type FeedbackEntry } from '../../src/runtime/feedback.ts';
import { JsonLinesFile } from '../../src/runtime/jsonl.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { MemoryKeyValue } from '../../src/runtime/shared/memory.ts';
import { RedisSharedState } from '../../src/runtime/shared/redis.ts';
import type { SharedState } from '../../src/runtime/shared/types.ts';
import { Subscriptions } from '../../src/runtime/subscriptions.ts';
import { captureLog } from '../support/capture-log.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';

let redis: RedisServer;
let dir: string;
let store: KnowledgeStore;
let a: SharedState;
let b: SharedState;

beforeAll(async () => {
  redis = await startRedisServer();
  dir = await mkdtemp(path.join(tmpdir(), 'landscape-replica-state-'));
  store = await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW });
  [a, b] = await Promise.all([RedisSharedState.connect({ url: redis.url, logger: silentLogger }), RedisSharedState.connect({ url: redis.url, logger: silentLogger })]);
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await redis?.close();
  await rm(dir, { recursive: true, force: true });
});

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/** A replica's feedback, as main.ts builds it: the shared log, with its own file standing in. */
const feedbackOf = (shared: SharedState, replica: string) =>
  new FeedbackRecorder({ log: shared.log<FeedbackEntry>(FEEDBACK_LOG, new JsonLinesFile({ file: path.join(dir, `feedback-${replica}.jsonl`) }))! });

describe('feedback', () => {
  it('given on replica A is read on B, and by `landscape feedback` from Redis', async () => {
    const bot = new Bot({ store, now: () => FIXED_NOW, feedback: feedbackOf(a, 'a') });
    const answer = await bot.handle({ platform: 'slack', userId: 'U-FEEDBACK', channelId: 'C1', text: 'When was DeepSeek R1 released?' });
    expect((await bot.feedback({ platform: 'slack', userId: 'U-FEEDBACK', answerRef: encodeAnswerRef(answer.ref), vote: 'down' })).outcome).toBe('info');

    const seenOnB = await feedbackOf(b, 'b').read();
    expect(seenOnB).toEqual([expect.objectContaining({ kind: 'vote', vote: 'down', correlationId: answer.correlationId, facts: expect.arrayContaining(['seed-r1-release-date']) })]);
    // In Redis, not in A's file: that one only stands in while Redis is down.
    expect(await exists(path.join(dir, 'feedback-a.jsonl'))).toBe(false);

    const out: string[] = [];
    expect(
      await feedbackCli(
        ['--json'],
        { REDIS_URL: redis.url },
        (line) => out.push(line),
        () => {},
      ),
    ).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ redis: expect.stringContaining('landscape:log:feedback'), entries: 1, votes: { up: 0, down: 1 } });
  });
});

/** A replica's subscriptions, as main.ts builds them: in Redis, its own file standing in. */
const subscriptionsOf = async (shared: SharedState, replica: string) => {
  const subscriptions = new Subscriptions({ file: path.join(dir, `subscriptions-${replica}.jsonl`), shared });
  await subscriptions.load();
  return subscriptions;
};
const said = (answer: Answer) => [answer.title, ...answer.items.map((item) => item.text)];
/** A Slack channel manager's command in a channel. */
const asManager = (channelId: string, text: string): BotRequest => ({ platform: 'slack', userId: 'U-MANAGER', manager: true, channelId, text });

describe('subscriptions', () => {
  it('made through replica A are listed through B, and removed through B are gone on A', async () => {
    const [onA, onB] = [await subscriptionsOf(a, 'a'), await subscriptionsOf(b, 'b')];
    const botA = new Bot({ store, now: () => FIXED_NOW, subscriptions: onA });
    const botB = new Bot({ store, now: () => FIXED_NOW, subscriptions: onB });
    const run = async (bot: Bot, text: string) => (await bot.handle(asManager('C-LIST', text))).answer;

    expect((await run(botA, '/subscribe meta')).title).toBe('Subscribed: this channel will get a digest when facts about Meta are added or changed.');
    expect(said(await run(botB, '/subscribe'))).toContain('This channel gets a digest, with sources, when a reload brings new or changed facts about: Meta.');
    expect((await run(botB, '/subscribe meta')).title).toBe('This channel already gets digests about Meta.');
    expect((await run(botB, '/unsubscribe meta')).title).toBe('Unsubscribed: no more digests about Meta here.');
    await run(botA, '/subscribe');
    expect(onA.list({ platform: 'slack', channel: 'C-LIST' })).toEqual([]);
  });
});

/** The fixture base, and the same with a fact edited: a reload that brings a digest. */
async function reloadedKnowledge(): Promise<{ before: Knowledge; after: Knowledge }> {
  const edited = await mkdtemp(path.join(dir, 'knowledge-'));
  await cp(FIXTURE_DIR, edited, { recursive: true });
  const base = path.join(edited, 'base.yaml');
  await writeFile(base, (await readFile(base, 'utf8')).replace('on 20 January 2025.', `on 20 January 2025 (edited in ${path.basename(edited)}).`));
  return { before: store.current, after: (await KnowledgeStore.open(edited, { now: FIXED_NOW })).current };
}

/** A replica's Slack, as far as digests go: it posts what it is given. */
const slackPosting = (posted: string[]): PlatformAdapter => ({
  platform: 'slack',
  start: async () => {},
  stop: async () => {},
  state: () => 'connected',
  postDigest: async (channel) => {
    posted.push(channel);
    return true;
  },
});

/** A replica's digests, as main.ts builds them: claimed in the shared state. */
const digestsOf = (shared: SharedState, subscriptions: Subscriptions, posted: string[], logger = silentLogger) =>
  new Digests({ subscriptions, adapters: () => [slackPosting(posted)], logger, claims: shared.keyValue(DIGEST_CLAIMS, new MemoryKeyValue()) });

describe('digests', () => {
  it('for a subscription made through A is posted once when A and B both see the reload', async () => {
    const [onA, onB] = [await subscriptionsOf(a, 'a'), await subscriptionsOf(b, 'b')];
    await new Bot({ store, now: () => FIXED_NOW, subscriptions: onA }).handle(asManager('C-DIGEST', '/subscribe deepseek-r1'));
    const { before, after } = await reloadedKnowledge();
    const posted: string[] = [];
    const logs = [captureLog(), captureLog()];
    await Promise.all([digestsOf(a, onA, posted, logs[0]!.logger).publish(before, after), digestsOf(b, onB, posted, logs[1]!.logger).publish(before, after)]);

    expect(posted).toEqual(['C-DIGEST']);
    const counts = logs.map((log) => log.records().find((line) => line.msg === 'digests'));
    expect(counts).toEqual(expect.arrayContaining([expect.objectContaining({ posted: 1, byOtherReplicas: 0 }), expect.objectContaining({ posted: 0, byOtherReplicas: 1 })]));
  });
});

const LONG_QUESTION = { name: 'ask', args: { question: 'Which Llama models did Meta release in 2023, and in which sizes were LLaMA and Llama 2 published?' } };

describe('Discord buttons and conversations', () => {
  it('a long command kept on A is found on B, and expires with its buttons', async () => {
    const refsA = new CommandRefs({ file: path.join(dir, 'refs-a.jsonl'), ttlSeconds: 3600, shared: a });
    const refsB = new CommandRefs({ file: path.join(dir, 'refs-b.jsonl'), ttlSeconds: 3600, shared: b });
    const key = refsA.put(LONG_QUESTION);
    await refsA.flush();
    expect(await refsB.get(key)).toEqual(LONG_QUESTION);
    const ttl = await expiryOf(`landscape:kv:discord-refs:${key}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
  });

  it('the subject of a conversation set on A is found on B', async () => {
    await new Conversations({ shared: a }).set('slack:C1:1700000000.000100', ['kimi-k2']);
    expect(await new Conversations({ shared: b }).get('slack:C1:1700000000.000100')).toEqual(['kimi-k2']);
  });
});

describe('with Redis stopped', () => {
  beforeAll(async () => {
    await redis.stop();
  });

  it('feedback, subscriptions, digests, long buttons and conversations work from local state, and no user gets an error', async () => {
    const bot = new Bot({ store, now: () => FIXED_NOW, feedback: feedbackOf(a, 'a'), subscriptions: await subscriptionsOf(a, 'a') });
    const answer = await bot.handle({ platform: 'slack', userId: 'U-DOWN', channelId: 'C-DOWN', text: 'When was DeepSeek R1 released?' });
    expect((await bot.feedback({ platform: 'slack', userId: 'U-DOWN', answerRef: encodeAnswerRef(answer.ref), vote: 'up' })).outcome).toBe('info');
    expect(await feedbackOf(a, 'a').read()).toEqual([expect.objectContaining({ vote: 'up', correlationId: answer.correlationId })]);

    const subscribed = await bot.handle(asManager('C-DOWN', '/subscribe deepseek-r1'));
    expect(subscribed.outcome).not.toBe('error');
    expect(said((await bot.handle(asManager('C-DOWN', '/subscribe'))).answer)).toContain('This channel gets a digest, with sources, when a reload brings new or changed facts about: DeepSeek-R1.');
    // Claimed locally: the replica posts the digests of the subscriptions it knows.
    const { before, after } = await reloadedKnowledge();
    const posted: string[] = [];
    await digestsOf(a, await subscriptionsOf(a, 'a'), posted).publish(before, after);
    expect(posted).toContain('C-DOWN');

    const refs = new CommandRefs({ file: path.join(dir, 'refs-a.jsonl'), ttlSeconds: 3600, shared: a });
    expect(await refs.get(refs.put(LONG_QUESTION))).toEqual(LONG_QUESTION);
    const conversations = new Conversations({ shared: a });
    await conversations.set('slack:C-DOWN:1700000000.000200', ['deepseek-r1']);
    expect(await conversations.get('slack:C-DOWN:1700000000.000200')).toEqual(['deepseek-r1']);
    expect(a.status()).toMatchObject({ reachable: false });
  });
});

/** How long Redis keeps `key`, in milliseconds, asked of it directly. */
async function expiryOf(key: string): Promise<number> {
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    return await client.pTTL(key);
  } finally {
    client.destroy();
  }
}
