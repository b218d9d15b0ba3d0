// Issue 12 on a real Bolt App over HTTP on loopback: "Check with landscape" on a message.
// Requests are signed as Slack signs them; the Web API and response_url are loopback fakes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { CHECK_SHORTCUT } from '../../src/platforms/slack/manifest.ts';
import { messageShortcutPost, postToSlackEndpoint, recordingLogger, startLoopbackSlack, textsOf, type LoopbackSlack } from './slack-fakes.ts';
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
