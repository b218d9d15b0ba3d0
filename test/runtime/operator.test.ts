// Tried as an operator would, on a whole `node bin/landscape.js start` process with Slack
// over HTTP against loopback fakes: /healthz and /metrics answer on Slack's port; editing
// a fact file changes the answer; breaking it changes nothing but a logged error; SIGTERM
// with an answer in flight waits for it, refuses new work politely, and exits 0. Nothing
// here is timed: every step waits for what the process says or does.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandPost, eventPost, FAKE_BOT_ID, FAKE_BOT_USER_ID, postToSlackEndpoint, Recorder, SIGNING_SECRET, textsOf } from '../e2e/slack-fakes.ts';
import { FIXTURE_DIR } from '../support/fixture.ts';
import { slackReady, spawnLandscape, type LandscapeProcess } from '../support/landscape-process.ts';

const BOT_TOKEN = 'xoxb-operator-0000000000-sEcReTbOtToKeN';
// The lead line states the release fact's date: an edit of that date shows in the answer.
const R1_DATE = 'date: 2025-01-20\n    sources: [r1-repo]\n    quote: Release DeepSeek-R1';
const R1_LEAD = 'DeepSeek-R1 was released on 20 January 2025.';

/** A Slack Web API that holds each chat.postMessage until the test releases it. */
async function startHoldingWebApi() {
  const posts = new Recorder<{ params: Record<string, unknown>; release: () => void }>();
  const server: Server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0];
    const params = (request.headers['content-type'] ?? '').startsWith('application/json') ? JSON.parse(text || '{}') : Object.fromEntries(new URLSearchParams(text));
    const reply = (body: object) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true, ...body }));
    };
    if (method === 'auth.test') return reply({ user_id: FAKE_BOT_USER_ID, bot_id: FAKE_BOT_ID, team_id: 'T0001' });
    if (method === 'chat.postMessage') return posts.push({ params, release: () => reply({ channel: params.channel, ts: '1700000000.000900' }) });
    return reply({});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    posts,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let api: Awaited<ReturnType<typeof startHoldingWebApi>>;
let dir: string;
let file: string;
let original: string;
let bot: LandscapeProcess;
let base: string;

beforeAll(async () => {
  api = await startHoldingWebApi();
  dir = await mkdtemp(path.join(tmpdir(), 'landscape-operator-'));
  await cp(FIXTURE_DIR, path.join(dir, 'knowledge'), { recursive: true });
  file = path.join(dir, 'knowledge', 'base.yaml');
  original = await readFile(file, 'utf8');
  bot = spawnLandscape({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.url,
    PORT: '0',
    KNOWLEDGE_DIR: path.join(dir, 'knowledge'),
    // Beside the copy, gone with it: not the checkout's cache (see src/knowledge/cache.ts).
    KNOWLEDGE_CACHE: path.join(dir, 'cache'),
    GAPS_FILE: path.join(dir, 'gaps.jsonl'),
    LOG_LEVEL: 'info',
  });
  base = await slackReady(bot);
});

afterAll(async () => {
  await bot?.kill();
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const healthz = async () => {
  const response = await fetch(`${base}/healthz`);
  return { status: response.status, body: (await response.json()) as any };
};
const slash = async (command: string, text: string) => (await postToSlackEndpoint(base, commandPost({ command, text, responseUrl: 'http://127.0.0.1:9/unused' }))).json();
const askR1 = async () => textsOf(await slash('/ask', 'When was DeepSeek R1 released?')).join('\n');

describe('an operator runs landscape start with Slack over HTTP', () => {
  it('serves /healthz and /metrics on Slack’s port', async () => {
    const { status, body } = await healthz();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', knowledge: { facts: 6 }, platforms: { slack: 'connected' } });
    await slash('/share', 'chinese-open');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('landscape_answers_total{command="share",platform="slack",outcome="hit"} 1');
    expect(metrics).toContain('landscape_knowledge_facts 6');
    expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('serves an edited fact file within moments, without a restart', async () => {
    expect(await askR1()).toContain(R1_LEAD);
    const revision = (await healthz()).body.knowledge.version.revision;
    expect(original).toContain(R1_DATE);
    await writeFile(file, original.replace(R1_DATE, R1_DATE.replace('2025-01-20', '2025-01-21')));
    await bot.logs.waitFor((line) => line.msg === 'knowledge reloaded');
    expect(await askR1()).toContain('DeepSeek-R1 was released on 21 January 2025.');
    expect((await healthz()).body.knowledge.version.revision).not.toBe(revision);
  });

  it('keeps answering from the last good base when the file is broken, and logs each problem with path:line:column', async () => {
    await writeFile(file, original.replace('sources: [r1-repo]\n    quote: Release DeepSeek-R1', 'sources: [no-such-source]\n    quote: Release DeepSeek-R1'));
    const rejected = await bot.logs.waitFor((line) => String(line.msg).startsWith('knowledge reload rejected'));
    expect(rejected).toMatchObject({ level: 50, errors: 1 });
    const problem = bot.logs.entries.find((line) => line.msg === 'knowledge problem' && line.rule === 'unknown-reference')!;
    expect(problem.problem).toMatch(/base\.yaml:\d+:\d+ {2}unknown source "no-such-source"/);
    expect(await askR1()).toContain('DeepSeek-R1 was released on 21 January 2025.');
    const { status, body } = await healthz();
    expect(status).toBe(200);
    expect(body.knowledge).toMatchObject({ facts: 6, lastReload: { ok: false, errors: 1 } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('landscape_knowledge_reloads_total{result="error"} 1');
  });

  it('on SIGTERM, finishes the answer being posted, refuses new work politely, and exits 0', async () => {
    const mention = { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> /timeline meta`, ts: '1700000200.000100', channel: 'C0001', event_ts: '1700000200.000100' };
    expect((await postToSlackEndpoint(base, eventPost('EvOPERATOR1', mention))).status).toBe(200);
    const held = await api.posts.waitFor((post) => post.params.thread_ts === mention.ts);

    bot.child.kill('SIGTERM');
    const draining = await bot.logs.waitFor((line) => String(line.msg).startsWith('shutting down'));
    expect(draining.inFlight).toBeGreaterThanOrEqual(1);
    const { status, body } = await healthz();
    expect(status).toBe(503);
    expect(body.status).toBe('draining');
    expect(textsOf(await slash('/about', '')).join('\n')).toMatch(/restarting/);

    held.release();
    expect(await bot.exited).toBe(0);
    expect(bot.logs.entries.find((line) => line.msg === 'stopped')).toMatchObject({ clean: true, abandoned: 0, failed: [] });
    const answered = bot.logs.entries.filter((line) => line.msg === 'answer');
    expect(answered.some((line) => line.command === 'timeline' && line.outcome === 'hit')).toBe(true);
    expect(answered.some((line) => line.outcome === 'limited' && line.limit === 'draining')).toBe(true);
  });

  it('never logged the bot token or the signing secret', () => {
    expect(bot.output()).not.toContain(BOT_TOKEN);
    expect(bot.output()).not.toContain('sEcReTbOtToKeN');
    expect(bot.output()).not.toContain(SIGNING_SECRET);
  });
});
