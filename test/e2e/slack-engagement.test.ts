// Issue 12 on a real Bolt App over HTTP on loopback: "Check with landscape" on a message, and
// follow-ups in a thread. Requests are signed as Slack signs them; the Web API and
// response_url are loopback fakes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { CHECK_SHORTCUT } from '../../src/platforms/slack/manifest.ts';
import { eventPost, FAKE_BOT_USER_ID, messageShortcutPost, postToSlackEndpoint, recordingLogger, startLoopbackSlack, textsOf, type LoopbackSlack } from './slack-fakes.ts';
import { fixtureBot } from '../support/fixture.ts';

let slack: LoopbackSlack;
let bot: Bot;

beforeAll(async () => {
  bot = await fixtureBot();
  slack = await startLoopbackSlack(bot, recordingLogger().logger);
});
afterAll(async () => {
  await slack?.close();
});

const send = (post: Parameters<typeof postToSlackEndpoint>[1]) => postToSlackEndpoint(slack.base, post);

describe('Check with landscape (message shortcut)', () => {
  it('acknowledges at once, then answers privately through response_url with the fact, its scope and source', async () => {
    const path = '/shortcut/check-13';
    // As Slack encodes it: a mention, a link and an entity around the claim.
    const response = await send(messageShortcutPost({ callbackId: CHECK_SHORTCUT, text: '&lt;3 <@U0002> says Chinese models are 13% of all AI usage <https://example.org|here>', responseUrl: slack.responses.url(path) }));
    expect(response.status).toBe(200);
    const post = await slack.responses.posts.waitFor((candidate) => candidate.path === path);
    expect(post.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const texts = textsOf(post.body);
    expect(texts.some((text) => text.includes('Checking: “&lt;3 says Chinese models are 13% of all AI usage here”'))).toBe(true);
    expect(texts.some((text) => text.includes('share of OpenRouter weekly token volume'))).toBe(true);
    expect(texts.some((text) => text.includes('OpenRouter is one API aggregator, not all AI usage.'))).toBe(true);
    expect(texts.some((text) => /<https:\/\/media365\.in\/[^|>]+\|\[\d+\]/.test(text))).toBe(true);
    // Nothing was posted in the channel.
    expect(slack.api.calls.filter((call) => call.method === 'chat.postMessage')).toEqual([]);
  });

  it('a message with no text gets the usage of /check, privately', async () => {
    const path = '/shortcut/check-empty';
    await send(messageShortcutPost({ callbackId: CHECK_SHORTCUT, text: '', responseUrl: slack.responses.url(path) }));
    const post = await slack.responses.posts.waitFor((candidate) => candidate.path === path);
    expect(post.body.response_type).toBe('ephemeral');
    expect(textsOf(post.body).some((text) => text.includes('Usage: /check &lt;claim&gt;'))).toBe(true);
  });
});

describe('follow-ups in a thread', () => {
  const posts = (threadTs: string) => slack.api.calls.filter((call) => call.method === 'chat.postMessage' && call.params.thread_ts === threadTs);
  const answerIn = async (threadTs: string, count: number) => {
    await slack.api.calls.waitFor(() => posts(threadTs).length >= count);
    const blocks = JSON.parse(String(posts(threadTs)[count - 1]!.params.blocks));
    return { header: blocks.find((block: any) => block.type === 'header')?.text.text as string, texts: textsOf({ blocks }) };
  };
  const reply = (id: string, channel: string, threadTs: string, ts: string, text: string, extra: Record<string, unknown> = {}) =>
    send(eventPost(id, { type: 'message', channel_type: 'channel', channel, user: 'U0001', text, ts, thread_ts: threadTs, ...extra }));

  it('answers a reply in the thread of an answer about the same subject, in the reply’s language', async () => {
    const root = '1700001000.000100';
    await send(eventPost('EvFollow1', { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> When was DeepSeek R1 released?`, ts: root, channel: 'C0005' }));
    expect((await answerIn(root, 1)).header).toBe('DeepSeek-R1 — release date');

    await reply('EvFollow2', 'C0005', root, '1700001000.000200', 'and its licence?');
    const licence = await answerIn(root, 2);
    expect(licence.header).toBe('DeepSeek-R1 — licence');
    expect(licence.texts.some((text) => text.includes('MIT'))).toBe(true);

    await reply('EvFollow3', 'C0005', root, '1700001000.000300', 'et sa licence ?');
    expect((await answerIn(root, 3)).header).toBe('DeepSeek-R1 — licence');
    expect((await answerIn(root, 3)).texts.some((text) => text.includes('est publié sous MIT'))).toBe(true);
  });

  it('a reply naming another subject is about that one, and the thread follows it', async () => {
    const root = '1700002000.000100';
    await send(eventPost('EvFollow4', { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> When was DeepSeek R1 released?`, ts: root, channel: 'C0005' }));
    await answerIn(root, 1);
    await reply('EvFollow5', 'C0005', root, '1700002000.000200', 'and when did Llama 2 come out?');
    expect((await answerIn(root, 2)).header).toBe('Llama 2 — release date');
    await reply('EvFollow6', 'C0005', root, '1700002000.000300', 'and its licence?');
    expect((await answerIn(root, 3)).header).toBe('Llama 2 — licence');
  });

  it('ignores other channel messages: outside a thread, in a thread it did not answer in, and its own', async () => {
    await reply('EvIgnore1', 'C0006', '1700003000.000100', '1700003000.000200', 'and its licence?');
    await send(eventPost('EvIgnore2', { type: 'message', channel_type: 'channel', channel: 'C0006', user: 'U0001', text: 'and its licence?', ts: '1700003000.000300' }));
    await reply('EvIgnore3', 'C0005', '1700001000.000100', '1700003000.000400', 'and its licence?', { bot_id: FAKE_BOT_USER_ID, user: undefined });
    // A reply that mentions the bot comes twice (message and app_mention): answered once.
    const root = '1700001000.000100';
    const before = posts(root).length;
    await reply('EvMention1', 'C0005', root, '1700003000.000500', `<@${FAKE_BOT_USER_ID}> and its size?`);
    await send(eventPost('EvMention2', { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> and its size?`, ts: '1700003000.000500', thread_ts: root, channel: 'C0005' }));
    expect((await answerIn(root, before + 1)).header).toBe('DeepSeek-R1 — size');
    expect(posts('1700003000.000100')).toEqual([]);
    expect(posts('1700003000.000300')).toEqual([]);
    expect(posts(root)).toHaveLength(before + 1);
  });
});
