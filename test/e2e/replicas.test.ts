// Two replicas, as an operator runs them on two machines: two `landscape start` processes with
// the same REDIS_URL (a real redis-server on loopback), each serving Slack over HTTP on its
// own port (a load balancer would spread Slack's requests over both) and one Discord shard
// of two (SHARDS / SHARD_COUNT, one process per shard group), both on one knowledge folder
// (a shared volume or ConfigMap). They share what must be shared: Slack retries, rate limits,
// gaps, /reload, and subscriptions with their digests. Then Redis stops mid-run: answers go
// on from local state, counted; and it comes back: shared state resumes.
import { execFile } from 'node:child_process';
import { watch } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackReady, spawnLandscape, type LandscapeProcess } from '../support/landscape-process.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { ALICE, BOB, FakeDiscord, webhookRoute, type DiscordUser, type SentInteraction } from './fakes/discord.ts';
import {
  commandPost,
  eventPost,
  FAKE_BOT_USER_ID,
  postToSlackEndpoint,
  SIGNING_SECRET,
  startFakeWebApi,
  startResponseUrlServer,
  textsOf,
  type FakeWebApi,
  type ResponseUrlServer,
} from './slack-fakes.ts';

const START_TIMEOUT = 90_000;
const MANAGE_GUILD = String(1 << 5);
const CAROL: DiscordUser = { ...BOB, id: '1400000000000000003', username: 'carol', global_name: 'Carol' };
const LIMITED = 'You are asking faster than I can keep up with';

let redis: RedisServer;
let api: FakeWebApi;
let responses: ResponseUrlServer;
let discord: FakeDiscord;
let dir: string;
let a: LandscapeProcess;
let b: LandscapeProcess;
let baseA: string;
let baseB: string;

function replica(shard: number): LandscapeProcess {
  return spawnLandscape({
    SLACK_BOT_TOKEN: 'xoxb-replica-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.url,
    DISCORD_TOKEN: 'replica-test-token',
    DISCORD_API_URL: discord.apiUrl,
    SHARDS: `[${shard}]`,
    SHARD_COUNT: '2',
    REDIS_URL: redis.url,
    PORT: '0',
    HOST: '127.0.0.1',
    KNOWLEDGE_DIR: path.join(dir, 'knowledge'),
    // Shared by the replicas, as on one host, and gone with the copy.
    KNOWLEDGE_CACHE: path.join(dir, 'cache'),
    GAPS_FILE: path.join(dir, `gaps-${shard}.jsonl`),
    RATE_LIMIT_USER: '3/3600s',
    RATE_LIMIT_CHANNEL: '1000/3600s',
    LOG_LEVEL: 'info',
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'landscape-replicas-'));
  await cp('test/fixtures/mini', path.join(dir, 'knowledge'), { recursive: true });
  redis = await startRedisServer();
  api = await startFakeWebApi();
  responses = await startResponseUrlServer();
  discord = await FakeDiscord.start();
  a = replica(0);
  b = replica(1);
  [baseA, baseB] = await Promise.all([slackReady(a), slackReady(b)]);
  await Promise.all([a, b].map((bot) => bot.waitForLog((line) => line.msg === 'shared state in Redis')));
}, START_TIMEOUT);

afterAll(async () => {
  await Promise.all([a?.kill(), b?.kill()]);
  await Promise.all([redis?.close(), api?.close(), responses?.close(), discord?.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function slash(base: string, user: string, text: string) {
  const response = await postToSlackEndpoint(base, commandPost({ command: '/landscape', text, userId: user, responseUrl: responses.url(`/${user}`) }));
  expect(response.status).toBe(200);
  return textsOf(response.json()).join('\n');
}

/**
 * A Discord answer's body: the reply itself or, when the process deferred it (drawing a chart
 * on a busy machine can take longer than the adapter waits), the edit of "thinking…" or the
 * private follow-up that replaces it.
 */
async function answerOf(sent: SentInteraction): Promise<any> {
  const { body } = await discord.callback(sent);
  if (body.type === 4) return body.data;
  expect(body.type).toBe(5);
  const [edit, followUp] = [webhookRoute(sent, '/messages/@original'), webhookRoute(sent)];
  const late = await discord.until(() =>
    discord.requests.find((request) => request.status < 300 && ((request.method === 'PATCH' && request.route === edit) || (request.method === 'POST' && request.route === followUp))),
  );
  return late.body;
}

async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((sum, [, value]) => sum + Number(value), 0);
}

async function health(base: string) {
  const response = await fetch(`${base}/healthz`);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('two replicas sharing one Redis', () => {
  it('each process takes the Discord shard it is given, and answers that shard', async () => {
    await discord.readySessions(2);
    expect(discord.identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const shard of [0, 1]) {
      const message = await answerOf(discord.chatInput('timeline', { entity: 'meta' }, { shard, user: BOB }));
      expect(message.embeds?.[0]?.title, JSON.stringify(message)).toBe('Timeline: Meta');
    }
  });

  it('answers a Slack event once when its retry reaches the other replica', async () => {
    const event = { type: 'app_mention', user: 'U0EVENT', text: `<@${FAKE_BOT_USER_ID}> When was DeepSeek R1 released?`, ts: '1700000300.000300', channel: 'C0001', event_ts: '1700000300.000300' };
    expect((await postToSlackEndpoint(baseA, eventPost('EvREPLICA1', event))).status).toBe(200);
    await api.calls.waitFor((call) => call.method === 'chat.postMessage' && call.params.thread_ts === event.ts);
    const retry = await postToSlackEndpoint(baseB, eventPost('EvREPLICA1', event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }));
    expect(retry.status).toBe(200);
    await b.waitForLog((line) => line.msg === 'slack: event already answered; retry ignored' && line.eventId === 'EvREPLICA1');
    expect(api.calls.filter((call) => call.method === 'chat.postMessage' && call.params.thread_ts === event.ts)).toHaveLength(1);
  });

  it('limits a Slack user over the limit on A on B too', async () => {
    for (let i = 0; i < 3; i++) expect(await slash(baseA, 'U0LIMIT', 'share chinese-open')).toContain('Share: Chinese open-weight models');
    const refused = await slash(baseB, 'U0LIMIT', 'share chinese-open');
    expect(refused).toContain(LIMITED);
    // Someone else is still answered there.
    expect(await slash(baseB, 'U0OTHER', 'share chinese-open')).toContain('Share: Chinese open-weight models');
  });

  it('limits a Discord user across shards in different processes', async () => {
    for (let i = 0; i < 3; i++) {
      const message = await answerOf(discord.chatInput('share', { segment: 'chinese-open' }, { shard: 0, user: ALICE }));
      expect(message.embeds?.[0]?.title, JSON.stringify(message)).toBe('Share: Chinese open-weight models');
    }
    const refused = await answerOf(discord.chatInput('share', { segment: 'chinese-open' }, { shard: 1, user: ALICE }));
    expect(JSON.stringify(refused)).toContain(LIMITED);
  });

  it('records a gap on A that `landscape gaps` lists from Redis, and none in the replica’s file', async () => {
    await slash(baseA, 'U0GAP', 'ask Who won the 1998 World Cup?');
    await waitForStream('landscape:log:gaps');
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/landscape.js', 'gaps', '--json'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, REDIS_URL: redis.url } });
    const listed = JSON.parse(stdout);
    expect(listed.redis).toContain(`127.0.0.1:${redis.port}`);
    expect(listed.questions.map((question: { text: string }) => question.text)).toContain('Who won the 1998 World Cup?');
    await expect(readFile(path.join(dir, 'gaps-0.jsonl'), 'utf8')).rejects.toThrow();
  });

  it('/reload on A reloads B, which reports the version it serves', async () => {
    const answer = await answerOf(discord.chatInput('reload', {}, { shard: 0, user: CAROL, permissions: MANAGE_GUILD }));
    expect(JSON.stringify(answer)).toContain('Knowledge reload requested');
    const asked = await b.waitForLog((line) => line.msg === 'knowledge reloaded' && String(line.reason).startsWith('replica '));
    const report = await a.waitForLog((line) => line.msg === 'replica reloaded');
    expect(report).toMatchObject({ ok: true, version: asked.version, facts: asked.facts });
    const [healthA, healthB] = await Promise.all([health(baseA), health(baseB)]);
    expect(report.replica).toBe(healthB.body.shared.replica);
    expect(asked.reason).toBe(`replica ${healthA.body.shared.replica}`);
  });

  it('/healthz on each says Redis serves the shared state, and which replica answered', async () => {
    const [healthA, healthB] = await Promise.all([health(baseA), health(baseB)]);
    for (const { status, body } of [healthA, healthB]) {
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', shared: { store: 'redis', reachable: true } });
    }
    expect(healthA.body.shared.replica).not.toBe(healthB.body.shared.replica);
    expect(healthA.body.knowledge.version).toEqual(healthB.body.knowledge.version);
  });
});

describe('subscriptions across replicas', () => {
  it('a channel subscribed through A is listed through B, and gets one digest when both reload an edit', async () => {
    expect(await slash(baseA, 'UCREATOR', 'subscribe deepseek-r1')).toContain('Subscribed: this channel will get a digest');
    expect(await slash(baseB, 'U0LIST', 'subscribe')).toContain('new or changed facts about: DeepSeek-R1.');

    const base = path.join(dir, 'knowledge', 'base.yaml');
    await writeFile(base, (await readFile(base, 'utf8')).replace('on 20 January 2025.', 'on 20 January 2025 (edited).'));
    // Each replica reloads the edit; one claims the channel's digest, the other leaves it.
    const digests = await Promise.all([a, b].map((bot) => bot.waitForLog((line) => line.msg === 'digests')));
    expect(digests.map((line) => [line.posted, line.byOtherReplicas]).sort()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(api.calls.filter((call) => call.method === 'chat.postMessage' && call.params.channel === 'C0001' && !call.params.thread_ts)).toHaveLength(1);
  });
});

describe('Redis stopped mid-run, then restarted', () => {
  it('stopped: both replicas keep answering from local state, say so once, and count the failures', async () => {
    await redis.stop();
    await Promise.all([a, b].map((bot) => bot.waitForLog((line) => line.msg === 'Redis unreachable: answering from local state until it is back')));
    expect(await slash(baseA, 'U0DOWN', 'share chinese-open')).toContain('Share: Chinese open-weight models');
    expect(await slash(baseB, 'U0DOWN', 'timeline meta')).toContain('Timeline: Meta');
    const message = await answerOf(discord.chatInput('share', { segment: 'chinese-open' }, { shard: 1, user: BOB }));
    expect(message.embeds?.[0]?.title, JSON.stringify(message)).toBe('Share: Chinese open-weight models');
    // A miss goes to the replica's own file while Redis is away.
    await slash(baseA, 'U0DOWN', 'ask Who won the 2002 World Cup?');
    await waitForFile(path.join(dir, 'gaps-0.jsonl'), 'Who won the 2002 World Cup?');

    expect(await metric(baseA, 'landscape_redis_failures_total')).toBeGreaterThan(0);
    expect(await metric(baseA, 'landscape_redis_up')).toBe(0);
    const { status, body: state } = await health(baseA);
    expect(status).toBe(200);
    expect(state).toMatchObject({ status: 'ok', shared: { store: 'redis', reachable: false } });
    for (const bot of [a, b]) expect(bot.logs.filter((line) => line.msg === 'Redis unreachable: answering from local state until it is back')).toHaveLength(1);
  });

  it('restarted: shared state resumes by itself', async () => {
    await redis.start();
    await Promise.all([a, b].map((bot) => bot.waitForLog((line) => line.msg === 'Redis reachable again: shared state resumes')));
    expect(await metric(baseB, 'landscape_redis_up')).toBe(1);
    for (let i = 0; i < 3; i++) expect(await slash(baseB, 'U0AFTER', 'share chinese-open')).toContain('Share: Chinese open-weight models');
    expect(await slash(baseA, 'U0AFTER', 'share chinese-open')).toContain(LIMITED);
  });

  it('both stop cleanly on SIGTERM', async () => {
    for (const bot of [a, b]) bot.child.kill('SIGTERM');
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
  });
});

/** Resolves once `file` contains `text`, checking again on each change in its folder (no polling). */
function waitForFile(file: string, text: string): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const check = async () => {
      if (
        done ||
        !(await readFile(file, 'utf8').then(
          (content) => content.includes(text),
          () => false,
        ))
      )
        return;
      done = true;
      watcher.close();
      resolve();
    };
    // Watching first, then looking: a write between the two is still seen.
    const watcher = watch(path.dirname(file), () => void check());
    void check();
  });
}

/** Resolves once the stream has an entry: Redis itself tells (XREAD BLOCK), no polling. */
async function waitForStream(key: string): Promise<void> {
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    await client.xRead({ key, id: '0-0' }, { BLOCK: 0 });
  } finally {
    client.destroy();
  }
}
