// As a new user would run it: `landscape start` as a child process with Slack's variables,
// loopback fakes standing in for Slack. Signed slash commands get cited blocks in the
// acknowledgement, a forged signature gets 401, and /healthz shares Slack's port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandPost, postToSlackEndpoint, SIGNING_SECRET, startFakeWebApi, startResponseUrlServer, textsOf, type FakeWebApi, type ResponseUrlServer } from './slack-fakes.ts';
import { slackReady, spawnLandscape, type LandscapeProcess } from '../support/landscape-process.ts';

let api: FakeWebApi;
let responses: ResponseUrlServer;
let bot: LandscapeProcess;
let base: string;

beforeAll(async () => {
  api = await startFakeWebApi();
  responses = await startResponseUrlServer();
  bot = spawnLandscape({
    SLACK_BOT_TOKEN: 'xoxb-entry-point-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.url,
    PORT: '0',
    KNOWLEDGE_DIR: 'test/fixtures/mini',
    GAPS_FILE: 'off',
    LOG_LEVEL: 'info',
  });
  base = await slackReady(bot);
});

afterAll(async () => {
  await bot?.kill();
  await api?.close();
  await responses?.close();
});

const LINK = /<https:\/\/[^|>]+\|\[\d+\][^>]*>/;

describe('landscape start with Slack over HTTP', () => {
  it('checked the bot token with auth.test at start', async () => {
    const call = await api.calls.waitFor((candidate) => candidate.method === 'auth.test');
    expect(call.authorization).toBe('Bearer xoxb-entry-point-test');
  });

  it.each([
    ['/share', 'chinese-open', 'Share: Chinese open-weight models'],
    ['/timeline', 'meta', 'Timeline: Meta'],
    ['/ask', 'When was DeepSeek R1 released?', 'DeepSeek-R1 — release date'],
    ['/landscape', 'share chinese-open', 'Share: Chinese open-weight models'],
  ])('answers a signed %s %s with cited blocks', async (command, text, title) => {
    const response = await postToSlackEndpoint(base, commandPost({ command, text, responseUrl: responses.url('/start') }));
    expect(response.status).toBe(200);
    const ack = response.json();
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: title, emoji: true } });
    expect(textsOf(ack).some((each) => LINK.test(each))).toBe(true);
  });

  it('rejects a forged signature with 401', async () => {
    const response = await postToSlackEndpoint(base, { ...commandPost({ command: '/share', text: 'chinese-open', responseUrl: responses.url('/forged') }), signature: `v0=${'0'.repeat(64)}` });
    expect(response.status).toBe(401);
    expect(response.text).toBe('');
  });

  it('serves /healthz on the same port', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('stops cleanly on SIGTERM', async () => {
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(responses.posts.entries).toEqual([]);
  });
});

describe('landscape start when Slack’s auth.test never answers', () => {
  it('gives up after the Web API client’s attempts, logs why once, and exits 1', async () => {
    const hanging = await startFakeWebApi();
    hanging.failNext('auth.test', { hang: true, times: Infinity });
    const landscape = spawnLandscape({
      SLACK_BOT_TOKEN: 'xoxb-hanging-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: hanging.url,
      PORT: '0',
      KNOWLEDGE_DIR: 'test/fixtures/mini',
      GAPS_FILE: 'off',
      LOG_LEVEL: 'info',
    });
    try {
      expect(await landscape.exited).toBe(1);
      const fatal = landscape.logs.filter((line) => line.level >= 60);
      expect(fatal).toEqual([
        expect.objectContaining({ msg: 'cannot start', err: expect.objectContaining({ message: expect.stringContaining(`cannot check the bot token with auth.test at ${hanging.url}`) }) }),
      ]);
      expect(landscape.logs.filter((line) => line.msg === 'ready')).toEqual([]);
      expect(hanging.calls.filter((call) => call.method === 'auth.test')).toHaveLength(3);
    } finally {
      await landscape.kill();
      await hanging.close();
    }
  }, 90_000);
});
