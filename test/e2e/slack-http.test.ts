// A real Bolt App over HTTP on loopback, driven by requests signed as Slack signs them. The
// Web API and response_url are loopback fakes that record what the bot sends.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SLACK_ACTIONS } from '../../src/answer/render-slack.ts';
import type { Bot } from '../../src/bot.ts';
import type { SlackAdapter } from '../../src/platforms/slack/adapter.ts';
import { SLACK_BODY_LIMIT } from '../../src/platforms/slack/request-guard.ts';
import {
  actionPost,
  commandPost,
  eventPost,
  FAKE_BOT_USER_ID,
  postToSlackEndpoint,
  recordingLogger,
  startLoopbackSlack,
  textsOf,
  type FakeWebApi,
  type LogLine,
  type Recorder,
  type ResponseUrlServer,
} from './slack-fakes.ts';
import { fixtureBot } from '../support/fixture.ts';
import { closedGate, holdingAnswers } from '../support/gate.ts';
import { HOSTILE_INPUTS } from '../support/hostile-inputs.ts';

let api: FakeWebApi;
let responses: ResponseUrlServer;
let adapter: SlackAdapter;
let base: string;
let close: () => Promise<void>;
let bot: Bot;
let handle: ReturnType<typeof vi.spyOn>;
let logs: Recorder<LogLine>;

beforeAll(async () => {
  bot = await fixtureBot();
  handle = vi.spyOn(bot, 'handle');
  const recording = recordingLogger();
  logs = recording.lines;
  ({ api, responses, adapter, base, close } = await startLoopbackSlack(bot, recording.logger));
});

afterAll(async () => {
  await close?.();
});

const send = (post: Parameters<typeof postToSlackEndpoint>[1]) => postToSlackEndpoint(base, post);

async function command(name: string, text = '', options: { userId?: string } = {}) {
  const response = await send(commandPost({ command: name, text, responseUrl: responses.url(`/cmd/${name.replace(/^\//, '')}`), ...options }));
  expect(response.status).toBe(200);
  return response.json();
}

function header(message: { blocks: { type: string; text?: { text: string } }[] }): string {
  const block = message.blocks.find((candidate) => candidate.type === 'header');
  return block?.text?.text ?? '';
}

function buttonValue(message: { blocks: any[] }, actionId: string): string {
  const actions = message.blocks.find((block) => block.type === 'actions');
  const button = actions?.elements.find((element: any) => element.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button in ${JSON.stringify(message.blocks)}`);
  return button.value;
}

const LINK = /<https:\/\/[^|>]+\|\[\d+\][^>]*>/;

describe('Slack slash commands over HTTP', () => {
  it('starts without auth.test when the bot ids are given', () => {
    expect(adapter.state()).toBe('connected');
    expect(api.calls.filter((call) => call.method === 'auth.test')).toHaveLength(0);
  });

  it.each([
    ['/share', 'chinese-open', 'Share: Chinese open-weight models', '17% — share of downloads of new open models'],
    ['/timeline', 'meta', 'Timeline: Meta', 'LLaMA released'],
    ['/ask', 'When was DeepSeek R1 released?', 'DeepSeek-R1 — release date', 'DeepSeek-R1 was released on 20 January 2025'],
    ['/vendor', 'deepseek', 'DeepSeek', 'DeepSeek'],
    ['/model', 'deepseek-r1', 'DeepSeek-R1', 'DeepSeek'],
    ['/source', 'r1-repo', 'deepseek-ai/DeepSeek-R1 README, LICENSE and git history', 'DeepSeek'],
  ])('%s %s acknowledges with the cited answer itself, ephemeral', async (name, text, title, statement) => {
    const ack = await command(name, text);
    expect(ack.response_type).toBe('ephemeral');
    expect(header(ack)).toBe(title);
    const texts = textsOf(ack);
    expect(texts.some((each) => each.includes(statement))).toBe(true);
    expect(texts.some((each) => LINK.test(each))).toBe(true);
    expect(typeof ack.text).toBe('string');
    expect(ack.text.length).toBeGreaterThan(0);
    const actions = ack.blocks.find((block: any) => block.type === 'actions');
    expect(actions.elements.map((element: any) => element.action_id)).toEqual(expect.arrayContaining([SLACK_ACTIONS.post, SLACK_ACTIONS.sources]));
  });

  it.each([
    ['/help', '', 'Commands'],
    ['/about', '', 'About landscape'],
    ['/share', '', 'Usage: /share <segment>'],
    ['/share', 'atlantis', 'No segment called “atlantis”.'],
  ])('%s %s acknowledges with an ephemeral answer', async (name, text, title) => {
    const ack = await command(name, text);
    expect(ack.response_type).toBe('ephemeral');
    expect(header(ack)).toBe(title);
  });

  it('/landscape share chinese-open answers as /share chinese-open', async () => {
    const umbrella = await command('/landscape', 'share chinese-open');
    const direct = await command('/share', 'chinese-open');
    expect(umbrella).toEqual(direct);
    expect(handle).toHaveBeenCalledWith(expect.objectContaining({ platform: 'slack', userId: 'U0001', channelId: 'C0001', text: '/share chinese-open' }));
  });

  it('/landscape takes /command, a bare question, or nothing for help', async () => {
    expect(header(await command('/landscape', '/timeline meta'))).toBe('Timeline: Meta');
    expect(header(await command('/landscape', 'When was DeepSeek R1 released?'))).toBe('DeepSeek-R1 — release date');
    expect(header(await command('/landscape', ''))).toBe('Commands');
  });

  it('posts nothing to response_url for an answer given in the acknowledgement', () => {
    expect(responses.posts.filter((post) => post.path.startsWith('/cmd/'))).toEqual([]);
  });

  it('never echoes <!channel>, <!here> or <@U…> typed by a user as live mentions', async () => {
    // Slack encodes <, > and & in command text; a user typing "<!channel>" arrives encoded.
    const ack = await command('/ask', '&lt;!channel&gt; &lt;!here&gt; &lt;@U0002&gt; &amp; When was R1 released?');
    const raw = JSON.stringify(ack);
    for (const live of ['<!channel>', '<!here>', '<@U0002>', '<!everyone>']) expect(raw).not.toContain(live);
    expect(textsOf(ack).some((text) => text.includes('DeepSeek'))).toBe(true);
    // An unknown name is echoed back ("no model called …"): escaped, never live.
    const echoed = await command('/model', '&lt;!channel&gt; &lt;@U0002&gt;');
    for (const live of ['<!channel>', '<@U0002>']) expect(JSON.stringify(echoed)).not.toContain(live);
    expect(echoed.text).toContain('&lt;!channel&gt;');
  });
});

describe('Slack slash commands with hostile input', () => {
  // Slack encodes &, < and > in command text; the rest arrives as typed.
  const slackEncode = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  it.each(HOSTILE_INPUTS.map((input) => [input.name, input.text]))('%s: an ephemeral answer, no live mention', async (_name, text) => {
    for (const [name, args] of [
      ['/ask', text],
      ['/landscape', text],
      ['/share', text],
    ] as const) {
      const ack = await command(name, slackEncode(args));
      expect(ack.response_type).toBe('ephemeral');
      expect(ack.blocks.length).toBeGreaterThan(0);
      expect(ack.blocks.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(ack)).not.toMatch(/<[!@#]/);
    }
  });
});

describe('Slack request verification', () => {
  const callsSoFar = () => handle.mock.calls.length;

  it.each([
    ['a signature made with another secret', { secret: 'not-the-secret' }],
    ['a forged signature', { signature: `v0=${'0'.repeat(64)}` }],
    ['no signature', { signature: null }],
    ['a timestamp older than five minutes', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])('rejects %s with 401 and runs no handler', async (_label, override) => {
    const calls = callsSoFar();
    const response = await send({ ...commandPost({ command: '/share', text: 'chinese-open', responseUrl: responses.url('/forged') }), ...override });
    expect(response.status).toBe(401);
    expect(handle.mock.calls.length).toBe(calls);
    expect(responses.posts.filter((post) => post.path === '/forged')).toEqual([]);
  });

  // The guard is the only signature check (Bolt's own is off): whatever path reaches Bolt's
  // events handler must have passed it.
  it.each(['/slack/events?ssl_check=1', '/slack/events#x', '/slack/./events', '/slack/%2e/events', '/slack/events/', '//slack/events', '/SLACK/events'])(
    'a forged request to %s runs no handler',
    async (path) => {
      const calls = callsSoFar();
      const response = await send({ ...commandPost({ command: '/share', text: 'chinese-open', responseUrl: responses.url('/forged-path') }), signature: `v0=${'0'.repeat(64)}`, path });
      expect([401, 404]).toContain(response.status);
      expect(handle.mock.calls.length).toBe(calls);
      expect(responses.posts.filter((post) => post.path === '/forged-path')).toEqual([]);
    },
  );

  it('rejects a timestamp more than five minutes in the future with 401, said once in the log', async () => {
    const calls = callsSoFar();
    const from = logs.entries.length;
    const response = await send({ ...commandPost({ command: '/share', text: 'chinese-open', responseUrl: responses.url('/future') }), timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
    expect(response.status).toBe(401);
    expect(handle.mock.calls.length).toBe(calls);
    expect(logs.entries.slice(from).filter((line) => line.level >= 40)).toEqual([
      expect.objectContaining({ level: 40, platform: 'slack', msg: 'slack: request refused', status: 401, why: 'timestamp ahead of our clock by more than five minutes' }),
    ]);
  });

  it.each([
    ['JSON null', 'null'],
    ['a JSON array', '[]'],
    ['an event callback without its event', JSON.stringify({ type: 'event_callback', event_id: 'EvNoEvent', team_id: 'T0001' })],
    ['a mention whose text is not a string', JSON.stringify({ type: 'event_callback', event_id: 'EvNumber', event: { type: 'app_mention', user: 'U0001', text: 42, ts: '1.2', channel: 'C0001' } })],
    ['an interaction with no type', JSON.stringify({ user: { id: 'U0001' } })],
  ])('answers a signed body that is %s with 400, runs no handler and calls no Web API', async (_label, body) => {
    const [calls, posted, from] = [callsSoFar(), api.calls.entries.length, logs.entries.length];
    const response = await send({ body, contentType: 'application/json' });
    expect(response.status).toBe(400);
    expect(handle.mock.calls.length).toBe(calls);
    expect(api.calls.entries.length).toBe(posted);
    expect(logs.entries.slice(from).filter((line) => line.level >= 40)).toEqual([expect.objectContaining({ msg: 'slack: request refused', status: 400 })]);
  });

  it('answers a signed slash command whose text came twice (not a string) with 400', async () => {
    const calls = callsSoFar();
    const body = `${commandPost({ command: '/share', text: 'chinese-open', responseUrl: responses.url('/twice') }).body}&text=again`;
    const response = await send({ body, contentType: 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(400);
    expect(handle.mock.calls.length).toBe(calls);
  });

  it('refuses a body over the limit with 413 before it is verified, signed or not', async () => {
    const calls = callsSoFar();
    const huge = `${commandPost({ command: '/share', text: 'x'.repeat(SLACK_BODY_LIMIT), responseUrl: responses.url('/huge') }).body}`;
    for (const signature of [undefined, null]) {
      const response = await send({ body: huge, contentType: 'application/x-www-form-urlencoded', ...(signature === null ? { signature } : {}) });
      expect(response.status).toBe(413);
    }
    expect(handle.mock.calls.length).toBe(calls);
  });

  it('stops reading a body sent in chunks, with no length given, once it passes the limit (413)', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const status = await new Promise<number>((resolve, reject) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const req = request(
        `${base}/slack/events`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': `v0=${'0'.repeat(64)}` } },
        (res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      // Written until the server answers: it must answer before the whole body is sent.
      const write = () => {
        if (!req.destroyed && !req.writableEnded) req.write(chunk, () => setImmediate(write));
      };
      write();
    });
    expect(status).toBe(413);
  });

  it('rejects a forged event without calling the Web API', async () => {
    const posted = api.calls.entries.length;
    const response = await send({
      ...eventPost('EvForged', { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> hi`, ts: '1.2', channel: 'C0001' }),
      signature: `v0=${'f'.repeat(64)}`,
    });
    expect(response.status).toBe(401);
    expect(api.calls.entries.length).toBe(posted);
  });
});

describe('the member’s language', () => {
  it('a member whose Slack is in French gets French, even for a question in English; the lookup is cached', async () => {
    api.userLocales.set('U00FR', 'fr-FR');
    const first = await command('/ask', 'When was DeepSeek R1 released?', { userId: 'U00FR' });
    expect(header(first)).toBe('DeepSeek-R1 — date de sortie');
    expect(textsOf(first).some((text) => text.includes('DeepSeek-R1 est sorti le 20 janvier 2025'))).toBe(true);
    await command('/share', 'chinese-open', { userId: 'U00FR' });
    expect(api.calls.filter((call) => call.method === 'users.info' && call.params.user === 'U00FR')).toHaveLength(1);
  });

  it('a member whose Slack is in English is answered in the language of the question', async () => {
    expect(header(await command('/ask', 'Quand est sorti DeepSeek R1 ?', { userId: 'U00EN' }))).toBe('DeepSeek-R1 — date de sortie');
    expect(header(await command('/ask', 'When was DeepSeek R1 released?', { userId: 'U00EN' }))).toBe('DeepSeek-R1 — release date');
  });
});

describe('Slack buttons', () => {
  it('More, Next and Previous replace the asker’s own message through response_url', async () => {
    const ack = await command('/timeline', 'meta');
    expect(textsOf(ack).some((text) => text.includes('LLaMA released'))).toBe(true);
    await send(actionPost({ actionId: SLACK_ACTIONS.more, value: buttonValue(ack, SLACK_ACTIONS.more), responseUrl: responses.url('/act/more') }));
    const page2 = (await responses.posts.waitFor((post) => post.path === '/act/more')).body as any;
    expect(page2.replace_original).toBe(true);
    expect(textsOf(page2).some((text) => text.includes('Llama 2 released'))).toBe(true);
    expect(textsOf(page2).some((text) => text.includes('Page 2 of 2'))).toBe(true);

    await send(actionPost({ actionId: SLACK_ACTIONS.previous, value: buttonValue(page2, SLACK_ACTIONS.previous), responseUrl: responses.url('/act/previous') }));
    const page1 = (await responses.posts.waitFor((post) => post.path === '/act/previous')).body as any;
    expect(page1.replace_original).toBe(true);
    expect(textsOf(page1).some((text) => text.includes('LLaMA released'))).toBe(true);
  });

  it('page:N at the end of a command opens that page', async () => {
    const ack = await command('/timeline', 'meta page:2');
    expect(textsOf(ack).some((text) => text.includes('Page 2 of 2'))).toBe(true);
    expect(textsOf(ack).some((text) => text.includes('Llama 2 released'))).toBe(true);
  });

  it('Details shows the whole statements with every note, to the clicker only', async () => {
    const ack = await command('/ask', 'When was DeepSeek R1 released?');
    await send(actionPost({ actionId: SLACK_ACTIONS.details, value: buttonValue(ack, SLACK_ACTIONS.details), responseUrl: responses.url('/act/details') }));
    const details = (await responses.posts.waitFor((post) => post.path === '/act/details')).body as any;
    expect(details).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(header(details)).toBe('Details · DeepSeek-R1 — release date');
    expect(textsOf(details).join('\n')).toContain('⚠️ Disputed: the source article says: “R1 was launched on 27 January 2025.”');
  });

  it('paging an answer posted in the channel shows the page to the clicker only, and keeps "Shared by"', async () => {
    const ack = await command('/timeline', 'meta');
    await send(actionPost({ actionId: SLACK_ACTIONS.post, value: buttonValue(ack, SLACK_ACTIONS.post), responseUrl: responses.url('/act/share'), userId: 'U0007' }));
    const shared = (await responses.posts.waitFor((post) => post.path === '/act/share' && post.body.response_type === 'in_channel')).body as any;
    expect(textsOf(shared).some((text) => text.includes('Shared by <@U0007>'))).toBe(true);
    // Another member turns the page of the public message.
    await send(actionPost({ actionId: SLACK_ACTIONS.more, value: buttonValue(shared, SLACK_ACTIONS.more), responseUrl: responses.url('/act/shared-more'), userId: 'U0008' }));
    const page2 = (await responses.posts.waitFor((post) => post.path === '/act/shared-more')).body as any;
    expect(page2).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textsOf(page2).some((text) => text.includes('Llama 2 released'))).toBe(true);
    expect(responses.posts.filter((post) => post.path === '/act/shared-more' && post.body.replace_original === true)).toEqual([]);
  });

  it('a "did you mean" suggestion is a button that answers the suggested command for the clicker', async () => {
    const ack = await command('/share', 'chinse');
    const actions = ack.blocks.find((block: any) => block.type === 'actions');
    const [suggestion] = actions.elements;
    expect(suggestion.text.text).toBe('Chinese open-weight models (chinese-open)');
    await send(actionPost({ actionId: suggestion.action_id, value: suggestion.value, responseUrl: responses.url('/act/suggestion') }));
    const answer = (await responses.posts.waitFor((post) => post.path === '/act/suggestion')).body as any;
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(header(answer)).toBe('Share: Chinese open-weight models');
  });

  it('a button older than a day, or from another knowledge revision, says the answer expired', async () => {
    const ack = await command('/share', 'chinese-open');
    const value = JSON.parse(buttonValue(ack, SLACK_ACTIONS.sources));
    for (const [name, stale] of [
      ['old', { ...value, t: value.t - 2 * 24 * 60 * 60 }],
      ['revision', { ...value, r: '0ld0ld' }],
    ] as const) {
      await send(actionPost({ actionId: SLACK_ACTIONS.sources, value: JSON.stringify(stale), responseUrl: responses.url(`/act/expired-${name}`) }));
      const note = (await responses.posts.waitFor((post) => post.path === `/act/expired-${name}`)).body as any;
      expect(note).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(note.text).toBe('This answer has expired (it is too old, or the fact base has changed since). Run `/share chinese-open` again.');
    }
  });

  it('Post in channel reposts publicly, then deletes the ephemeral copy', async () => {
    const ack = await command('/share', 'chinese-open');
    await send(actionPost({ actionId: SLACK_ACTIONS.post, value: buttonValue(ack, SLACK_ACTIONS.post), responseUrl: responses.url('/act/post'), userId: 'U0007' }));
    const deleted = await responses.posts.waitFor((post) => post.path === '/act/post' && post.body.delete_original === true);
    const posts = responses.posts.filter((post) => post.path === '/act/post');
    expect(posts).toHaveLength(2);
    const [publicCopy] = posts;
    expect(publicCopy!.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(header(publicCopy!.body as any)).toBe('Share: Chinese open-weight models');
    expect(textsOf(publicCopy!.body).some((text) => text.includes('Shared by <@U0007>'))).toBe(true);
    expect(textsOf(publicCopy!.body).some((text) => LINK.test(text))).toBe(true);
    // No second "Post in channel" on the public copy.
    expect(JSON.stringify(publicCopy!.body)).not.toContain(SLACK_ACTIONS.post);
    expect(posts.indexOf(deleted)).toBe(1);
  });

  it('Sources posts the citations ephemerally, leaving the answer in place', async () => {
    const ack = await command('/share', 'chinese-open');
    await send(actionPost({ actionId: SLACK_ACTIONS.sources, value: buttonValue(ack, SLACK_ACTIONS.sources), responseUrl: responses.url('/act/sources') }));
    const sources = (await responses.posts.waitFor((post) => post.path === '/act/sources')).body as any;
    expect(sources).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const texts = textsOf(sources).join('\n');
    expect(texts).toContain('<https://www.chinastrategy.org/2025/11/25/china-leapfrogs-us-in-global-market-for-open-ai-models|');
    expect(texts).toContain('Financial Times');
    expect(texts).toContain('read via full-text repost on chinastrategy.org');
  });

  it('ignores a button whose value was tampered with', async () => {
    const calls = handle.mock.calls.length;
    const response = await send(actionPost({ actionId: SLACK_ACTIONS.next, value: '{"c":"share","a":"nope","t":1,"r":"r"}', responseUrl: responses.url('/act/tampered') }));
    expect(response.status).toBe(200);
    await logs.waitFor((line) => line.msg === 'slack: button with an unreadable value');
    expect(handle.mock.calls.length).toBe(calls);
    expect(responses.posts.filter((post) => post.path === '/act/tampered')).toEqual([]);
  });
});

describe('Slack mentions and direct messages', () => {
  const postsInThread = (ts: string) => api.calls.filter((call) => call.method === 'chat.postMessage' && call.params.thread_ts === ts);

  it('answers an app_mention in its thread, once, even when Slack retries it', async () => {
    const event = {
      type: 'app_mention',
      user: 'U0001',
      text: `<@${FAKE_BOT_USER_ID}> When was DeepSeek R1 released?`,
      ts: '1700000100.000100',
      channel: 'C0001',
      event_ts: '1700000100.000100',
    };
    const first = await send(eventPost('Ev0MENTION1', event));
    expect(first.status).toBe(200);
    const call = await api.calls.waitFor((candidate) => candidate.method === 'chat.postMessage' && candidate.params.thread_ts === event.ts);
    expect(call.params.channel).toBe('C0001');
    expect(call.authorization).toBe('Bearer xoxb-test-token');
    const blocks = JSON.parse(String(call.params.blocks));
    expect(header({ blocks })).toBe('DeepSeek-R1 — release date');
    expect(textsOf({ blocks }).some((text) => LINK.test(text))).toBe(true);
    expect(String(call.params.text)).not.toContain(FAKE_BOT_USER_ID);

    const retry = await send(eventPost('Ev0MENTION1', event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }));
    expect(retry.status).toBe(200);
    const skipped = await logs.waitFor((line) => line.msg === 'slack: event already answered; retry ignored' && line.eventId === 'Ev0MENTION1');
    expect(skipped.retryNum).toBe(1);
    expect(postsInThread(event.ts)).toHaveLength(1);
  });

  it('replies inside the thread a mention was made in', async () => {
    const event = { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> /share chinese-open`, ts: '1700000200.000200', thread_ts: '1700000199.000000', channel: 'C0002' };
    await send(eventPost('Ev0MENTION2', event));
    const call = await api.calls.waitFor((candidate) => candidate.method === 'chat.postMessage' && candidate.params.thread_ts === '1700000199.000000');
    expect(header({ blocks: JSON.parse(String(call.params.blocks)) })).toBe('Share: Chinese open-weight models');
    // /share has a chart: a PNG in the same thread, with the figures as alt text.
    const complete = await api.calls.waitFor((candidate) => candidate.method === 'files.completeUploadExternal' && candidate.params.thread_ts === '1700000199.000000');
    expect(complete.params.channel_id).toBe('C0002');
    const upload = await api.calls.waitFor((candidate) => candidate.method === 'upload');
    expect(upload.params.png).toBe(true);
    const requested = api.calls.filter((candidate) => candidate.method === 'files.getUploadURLExternal');
    expect(String(requested.at(-1)!.params.alt_text)).toContain('17%');
  });

  it('does not echo mentions typed in a mention as live mentions', async () => {
    const event = { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> <!channel> <!here> <@U0002> when was R1 released?`, ts: '1700000300.000300', channel: 'C0001' };
    await send(eventPost('Ev0MENTION3', event));
    const call = await api.calls.waitFor((candidate) => candidate.method === 'chat.postMessage' && candidate.params.thread_ts === event.ts);
    const raw = JSON.stringify(call.params);
    for (const live of ['<!channel>', '<!here>', '<@U0002>', `<@${FAKE_BOT_USER_ID}>`]) expect(raw).not.toContain(live);
  });

  it('answers a direct message in a thread and ignores bot messages and edits', async () => {
    const dm = (ts: string, extra: Record<string, unknown> = {}) => ({ type: 'message', channel_type: 'im', channel: 'D0001', user: 'U0001', text: '/timeline meta', ts, ...extra });
    expect((await send(eventPost('Ev0DMBOT', dm('1700000400.000001', { bot_id: 'B0999', user: undefined })))).status).toBe(200);
    expect((await send(eventPost('Ev0DMEDIT', dm('1700000400.000002', { subtype: 'message_changed' })))).status).toBe(200);
    expect((await send(eventPost('Ev0DMCHANNEL', dm('1700000400.000003', { channel_type: 'channel', channel: 'C0001' })))).status).toBe(200);
    await send(eventPost('Ev0DM', dm('1700000400.000004')));
    const call = await api.calls.waitFor((candidate) => candidate.method === 'chat.postMessage' && candidate.params.thread_ts === '1700000400.000004');
    expect(call.params.channel).toBe('D0001');
    expect(header({ blocks: JSON.parse(String(call.params.blocks)) })).toBe('Timeline: Meta');
    for (const ts of ['1700000400.000001', '1700000400.000002', '1700000400.000003']) expect(postsInThread(ts)).toHaveLength(0);
  });

  it('publishes the App Home tab with counts, newest facts and commands', async () => {
    await send(eventPost('Ev0HOME', { type: 'app_home_opened', user: 'U0001', channel: 'D0001', tab: 'home', event_ts: '1700000500.000000' }));
    const call = await api.calls.waitFor((candidate) => candidate.method === 'views.publish');
    expect(call.params.user_id).toBe('U0001');
    const view = JSON.parse(String(call.params.view));
    expect(view.type).toBe('home');
    const texts = textsOf(view).join('\n');
    expect(texts).toContain('*6* facts from *5* sources');
    expect(texts).toContain('Newest facts');
    expect(texts).toContain('/share chinese-open');
    expect(texts).not.toContain('/reload');
    expect(LINK.test(texts)).toBe(true);
  });
});

describe('Slack slow answers', () => {
  it('acknowledges at once and sends the answer through response_url when it is ready', async () => {
    const gate = closedGate();
    const slow = await startLoopbackSlack(
      holdingAnswers(bot, () => gate),
      recordingLogger().logger,
      { ackDeadlineMs: 1 },
    );
    try {
      const response = await postToSlackEndpoint(slow.base, commandPost({ command: '/share', text: 'chinese-open', responseUrl: slow.responses.url('/slow') }));
      const ack = response.json();
      expect(ack.response_type).toBe('ephemeral');
      expect(ack.text).toBe('Looking that up…');
      gate.open();
      const late = (await slow.responses.posts.waitFor((post) => post.path === '/slow')).body as any;
      expect(late).toMatchObject({ response_type: 'ephemeral', replace_original: true });
      expect(header(late)).toBe('Share: Chinese open-weight models');
    } finally {
      gate.open();
      await slow.close();
    }
    expect(slow.adapter.state()).toBe('stopped');
  });
});

describe('Slack adapter health', () => {
  it('logged no failed post, upload or publish along the way', () => {
    const expected = new Set(['slack: button with an unreadable value', 'slack: event already answered; retry ignored', 'slack: request refused']);
    const failures = logs.filter((line) => line.level >= 40 && line.component === undefined && !expected.has(line.msg));
    expect(failures).toEqual([]);
  });
});
