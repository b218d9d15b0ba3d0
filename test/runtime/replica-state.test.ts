// What replicas share through Redis beyond the shared-state layer itself, each on its own
// terms and against a real redis-server on loopback: two "replicas" (two RedisSharedStates,
// each with the Bot, store or adapter state a process builds) see each other's feedback,
// subscriptions, digests, long button commands and conversation subjects. Then Redis stops:
// each still works from local state, and nothing reaches the user as an error.
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAnswerRef } from '../../src/answer/ref.ts';
import { Bot } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { FEEDBACK_LOG, FeedbackRecorder, feedbackCli, type FeedbackEntry } from '../../src/runtime/feedback.ts';
import { JsonLinesFile } from '../../src/runtime/jsonl.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { RedisSharedState } from '../../src/runtime/shared/redis.ts';
import type { SharedState } from '../../src/runtime/shared/types.ts';
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

const exists = (file: string) => access(file).then(
  () => true,
  () => false,
);

/** A replica's feedback, as main.ts builds it: the shared log, with its own file standing in. */
const feedbackOf = (shared: SharedState, replica: string) => new FeedbackRecorder({ log: shared.log<FeedbackEntry>(FEEDBACK_LOG, new JsonLinesFile({ file: path.join(dir, `feedback-${replica}.jsonl`) }))! });

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
    expect(await feedbackCli(['--json'], { REDIS_URL: redis.url }, (line) => out.push(line), () => {})).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ redis: expect.stringContaining('landscape:log:feedback'), entries: 1, votes: { up: 0, down: 1 } });
  });
});
