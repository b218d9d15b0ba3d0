// When Slack fails a reply: a real Bolt App over HTTP on loopback whose Web API and
// response_url fakes are told to fail. The WebClient retries what it may (`retryConfig:
// { retries: 2 }`: an HTTP 5xx three times in all; an `ok: false` answer is final), Bolt's
// respond() does not retry; the adapter logs what it could not deliver with the answer's
// correlation id and goes on serving. And a command that throws gets the Bot's apology, with
// the id of the logged failure. Every wait is for a call at a fake or a log line, never for
// time (the WebClient's own backoff makes the 5xx tests take a few seconds).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_ACTIONS } from '../../src/answer/render-slack.ts';
import { Bot } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { SlackAdapter } from '../../src/platforms/slack/adapter.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';
import { failOnStrayErrors } from '../support/stray-errors.ts';
import {
  actionPost,
  commandPost,
  eventPost,
  FAKE_BOT_USER_ID,
  postToSlackEndpoint,
  recordingLogger,
  startFakeWebApi,
  startLoopbackSlack,
  textsOf,
  type FakeWebApi,
  type LogLine,
  type Recorder,
  type ResponseUrlServer,
  type SlackPost,
} from './slack-fakes.ts';

/** The adapter's `retryConfig: { retries: 2 }`: a call the WebClient retries is made three times. */
const WEB_API_ATTEMPTS = 3;

let api: FakeWebApi;
let responses: ResponseUrlServer;
let adapter: SlackAdapter;
let base: string;
let close: () => Promise<void>;
let lines: Recorder<LogLine>;
/** Set to make the Bot's clock fail on its next read: inside the command being run. */
let clockFails = false;

beforeAll(async () => {
  const recording = recordingLogger();
  lines = recording.lines;
  const store = await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW });
  // One logger for the Bot and the adapter, as in the process: a failure's line can be
  // matched to its answer's line by correlation id.
  const bot = new Bot({
    store,
    logger: recording.logger,
    now: () => {
      if (clockFails) {
        clockFails = false;
        throw new Error('clock unavailable');
      }
      return FIXED_NOW;
    },
  });
  ({ api, responses, adapter, base, close } = await startLoopbackSlack(bot, recording.logger));
});

afterAll(async () => {
  await close?.();
});

failOnStrayErrors();
afterEach(() => {
  api.clearFailures();
  clockFails = false;
  expect(adapter.state()).toBe('connected');
});

async function send(post: SlackPost): Promise<void> {
  const response = await postToSlackEndpoint(base, post);
  expect(response.status).toBe(200);
}

let events = 0;
/** An @mention of the bot; `ts` identifies its thread, where the answer goes. */
async function mention(text: string, ts: string): Promise<void> {
  events += 1;
  await send(eventPost(`EvFAIL${events}`, { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> ${text}`, ts, channel: 'C0001', event_ts: ts }));
}

const postsTo = (ts: string) => api.calls.filter((call) => call.method === 'chat.postMessage' && call.params.thread_ts === ts);

/** The answer posted in a thread, once the fake accepted it. */
async function answeredIn(ts: string): Promise<string[]> {
  const call = await api.calls.waitFor((candidate) => candidate.method === 'chat.postMessage' && candidate.params.thread_ts === ts && candidate.status === 200 && candidate.error === undefined);
  return textsOf({ text: call.params.text, blocks: JSON.parse(String(call.params.blocks)) });
}

/** The Bot's line for the one answer since `from` lines: its correlation id. */
function answerLine(from: number): LogLine {
  const answers = lines.entries.slice(from).filter((line) => line.msg === 'answer' || line.msg === 'answer failed');
  expect(answers).toHaveLength(1);
  return answers[0]!;
}

/** The adapter's line for a post that failed, logged after `from` lines. */
function postFailure(from: number): Promise<LogLine> {
  return lines.waitFor((line) => line.msg === 'slack: chat.postMessage failed' && lines.entries.indexOf(line) >= from);
}

describe('chat.postMessage failures on a mention', () => {
  it('ok: false (internal_error): one attempt, the failure logged with the correlation id, and a later mention is answered', async () => {
    api.failNext('chat.postMessage', { error: 'internal_error' });
    const from = lines.entries.length;
    await mention('/timeline meta', '1700000900.000001');
    const failed = await postFailure(from);
    const answer = answerLine(from);
    expect(answer).toMatchObject({ msg: 'answer', command: 'timeline', outcome: 'hit' });
    expect(failed).toMatchObject({ level: 40, platform: 'slack', correlationId: answer.correlationId, err: expect.stringContaining('internal_error') });
    // Slack said no: not an error the WebClient retries.
    expect(postsTo('1700000900.000001').map((call) => call.error)).toEqual(['internal_error']);

    await mention('/timeline meta', '1700000900.000002');
    expect((await answeredIn('1700000900.000002')).some((text) => text.includes('LLaMA released'))).toBe(true);
  });

  it('HTTP 500 every time: three attempts (retries: 2), the failure logged with the correlation id, and a later mention is answered', async () => {
    api.failNext('chat.postMessage', { status: 500, times: Infinity });
    const from = lines.entries.length;
    await mention('/about', '1700000901.000001');
    const failed = await postFailure(from);
    expect(failed).toMatchObject({ level: 40, correlationId: answerLine(from).correlationId, err: expect.stringContaining('500') });
    const attempts = postsTo('1700000901.000001');
    expect(attempts.map((call) => call.status)).toEqual(Array(WEB_API_ATTEMPTS).fill(500));
    expect(new Set(attempts.map((call) => call.params.blocks)).size).toBe(1);

    api.clearFailures();
    await mention('/about', '1700000901.000002');
    expect((await answeredIn('1700000901.000002')).some((text) => text.includes('About landscape'))).toBe(true);
  });

  it('HTTP 503 once: the WebClient retries and the answer is posted', async () => {
    api.failNext('chat.postMessage', { status: 503 });
    const from = lines.entries.length;
    await mention('/timeline meta', '1700000902.000001');
    expect((await answeredIn('1700000902.000001')).some((text) => text.includes('LLaMA released'))).toBe(true);
    expect(postsTo('1700000902.000001').map((call) => call.status)).toEqual([503, 200]);
    expect(lines.entries.slice(from).filter((line) => line.msg === 'slack: chat.postMessage failed')).toEqual([]);
  });
  it('HTTP 429 with retry-after: the WebClient logs the limit, waits, retries and the answer is posted', async () => {
    // Slack sends whole seconds; 0 keeps the test at the WebClient's own one-second backoff.
    api.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '0' } });
    await mention('/about', '1700000904.000001');
    expect((await answeredIn('1700000904.000001')).some((text) => text.includes('About landscape'))).toBe(true);
    expect(postsTo('1700000904.000001').map((call) => call.status)).toEqual([429, 200]);
    const limited = await lines.waitFor((line) => line.component === 'slack-sdk' && /rate limit/i.test(line.msg));
    expect(limited.level).toBe(30);
  });
});

describe('response_url failures on a button', () => {
  function moreButton(ack: { blocks: any[] }): string {
    const actions = ack.blocks.find((block) => block.type === 'actions');
    return actions.elements.find((element: any) => element.action_id === SLACK_ACTIONS.more).value;
  }

  async function timelineAck(): Promise<{ blocks: any[] }> {
    const response = await postToSlackEndpoint(base, commandPost({ command: '/timeline', text: 'meta', responseUrl: responses.url('/cmd/timeline') }));
    expect(response.status).toBe(200);
    return response.json();
  }

  it('a 500 from response_url on More: one post (respond() does not retry), logged with the correlation id; the next click works', async () => {
    const value = moreButton(await timelineAck());
    responses.failNext('/act/next-fails', { status: 500 });
    const from = lines.entries.length;
    await send(actionPost({ actionId: SLACK_ACTIONS.more, value, responseUrl: responses.url('/act/next-fails') }));
    const failed = await lines.waitFor((line) => line.msg === 'slack: response_url post failed' && lines.entries.indexOf(line) >= from);
    expect(failed).toMatchObject({ level: 40, platform: 'slack', what: 'page', correlationId: answerLine(from).correlationId, err: expect.stringContaining('500') });
    expect(responses.posts.filter((post) => post.path === '/act/next-fails').map((post) => post.status)).toEqual([500]);

    await send(actionPost({ actionId: SLACK_ACTIONS.more, value, responseUrl: responses.url('/act/next-works') }));
    const page2 = await responses.posts.waitFor((post) => post.path === '/act/next-works');
    expect(page2.status).toBe(200);
    expect(textsOf(page2.body).some((text) => text.includes('Page 2 of 2'))).toBe(true);
  });
});

describe('a command that throws', () => {
  const APOLOGY = /^:warning: Sorry, something went wrong on our side\. Reference: ([0-9a-f]{8})\.$/;

  it('a slash command is acknowledged with a short apology whose reference is the logged failure’s correlation id; the next one is answered', async () => {
    clockFails = true;
    const from = lines.entries.length;
    const response = await postToSlackEndpoint(base, commandPost({ command: '/timeline', text: 'meta', responseUrl: responses.url('/cmd/throws') }));
    const ack = response.json();
    expect(ack.response_type).toBe('ephemeral');
    const failure = answerLine(from);
    expect(failure).toMatchObject({ level: 50, msg: 'answer failed', platform: 'slack', command: 'timeline', outcome: 'error' });
    expect(failure.err).toMatchObject({ message: 'clock unavailable' });
    const [apology] = textsOf({ blocks: ack.blocks });
    expect(apology).toMatch(APOLOGY);
    expect(APOLOGY.exec(apology!)![1]).toBe(failure.correlationId);

    const next = (await postToSlackEndpoint(base, commandPost({ command: '/timeline', text: 'meta', responseUrl: responses.url('/cmd/after') }))).json();
    expect(textsOf(next).some((text) => text.includes('LLaMA released'))).toBe(true);
  });

  it('a mention gets the apology in its thread, with the logged correlation id; the next mention is answered', async () => {
    clockFails = true;
    const from = lines.entries.length;
    await mention('When was DeepSeek R1 released?', '1700000903.000001');
    const [apology] = await answeredIn('1700000903.000001');
    const failure = answerLine(from);
    expect(failure).toMatchObject({ level: 50, msg: 'answer failed', command: 'ask' });
    expect(APOLOGY.exec(apology!)?.[1]).toBe(failure.correlationId);

    await mention('When was DeepSeek R1 released?', '1700000903.000002');
    expect((await answeredIn('1700000903.000002')).some((text) => text.includes('DeepSeek-R1 was released on 20 January 2025'))).toBe(true);
  });
});

describe('Slack calls that hang', () => {
  /** Short, so the tests are; every call the fakes do answer is answered at once. */
  const CALL_TIMEOUT_MS = 1000;
  let hung: Awaited<ReturnType<typeof startLoopbackSlack>>;
  let hungLines: Recorder<LogLine>;

  beforeAll(async () => {
    const recording = recordingLogger();
    hungLines = recording.lines;
    const store = await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW });
    const bot = new Bot({ store, logger: recording.logger, now: () => FIXED_NOW });
    hung = await startLoopbackSlack(bot, recording.logger, { callTimeoutMs: CALL_TIMEOUT_MS });
  });

  afterAll(async () => {
    await hung?.close();
  });

  /** The Bot's line for the one answer since `from` lines. */
  const answered = (from: number) => hungLines.entries.slice(from).filter((line) => line.msg === 'answer');

  it('a chat.postMessage that never answers is abandoned at each attempt, logged once with the correlation id, and the next mention is answered', async () => {
    hung.api.failNext('chat.postMessage', { hang: true, times: WEB_API_ATTEMPTS });
    const from = hungLines.entries.length;
    const ts = '1700000950.000001';
    const mention = eventPost('EvHang1', { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> /timeline meta`, ts, channel: 'C0001', event_ts: ts });
    expect((await postToSlackEndpoint(hung.base, mention)).status).toBe(200);
    const failed = await hungLines.waitFor((line) => line.msg === 'slack: chat.postMessage failed' && hungLines.entries.indexOf(line) >= from);
    expect(failed).toMatchObject({ level: 40, platform: 'slack', correlationId: answered(from)[0]!.correlationId, err: expect.stringMatching(/timeout/i) });
    expect(hung.api.calls.filter((call) => call.method === 'chat.postMessage' && call.params.thread_ts === ts).map((call) => call.status)).toEqual(Array(WEB_API_ATTEMPTS).fill(0));
    expect(hungLines.entries.filter((line) => line.msg === 'slack: chat.postMessage failed')).toHaveLength(1);

    const next = '1700000950.000002';
    await postToSlackEndpoint(hung.base, eventPost('EvHang2', { type: 'app_mention', user: 'U0001', text: `<@${FAKE_BOT_USER_ID}> /timeline meta`, ts: next, channel: 'C0001', event_ts: next }));
    await hung.api.calls.waitFor((call) => call.method === 'chat.postMessage' && call.params.thread_ts === next && call.status === 200);
  }, 30_000);

  it('a response_url that never answers is abandoned after the timeout and logged once with the correlation id', async () => {
    const ack = (await postToSlackEndpoint(hung.base, commandPost({ command: '/timeline', text: 'meta', responseUrl: hung.responses.url('/cmd/hang') }))).json();
    const next = ack.blocks.find((block: any) => block.type === 'actions').elements.find((element: any) => element.action_id === SLACK_ACTIONS.more).value;
    hung.responses.failNext('/act/hang', { hang: true });
    const from = hungLines.entries.length;
    expect((await postToSlackEndpoint(hung.base, actionPost({ actionId: SLACK_ACTIONS.more, value: next, responseUrl: hung.responses.url('/act/hang') }))).status).toBe(200);
    const failed = await hungLines.waitFor((line) => line.msg === 'slack: response_url post failed' && hungLines.entries.indexOf(line) >= from);
    expect(failed).toMatchObject({ level: 40, what: 'page', correlationId: answered(from)[0]!.correlationId, err: expect.stringMatching(/timeout/i) });
    expect(hung.responses.posts.filter((post) => post.path === '/act/hang').map((post) => post.status)).toEqual([0]);
  });

  it('an adapter whose auth.test never answers fails to start with a clear message', async () => {
    const api = await startFakeWebApi();
    api.failNext('auth.test', { hang: true, times: Infinity });
    const adapter = new SlackAdapter({
      bot: new Bot({ store: await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW }) }),
      logger: recordingLogger().logger,
      botToken: 'xoxb-test-token',
      signingSecret: 'secret',
      apiUrl: api.url,
      port: 0,
      host: '127.0.0.1',
      callTimeoutMs: CALL_TIMEOUT_MS,
    });
    try {
      await expect(adapter.start()).rejects.toThrow(
        `Slack failed to start: cannot check the bot token with auth.test at ${api.url}: A request error occurred: The operation was aborted due to timeout`,
      );
      expect(adapter.state()).toBe('disconnected');
      expect(api.calls.filter((call) => call.method === 'auth.test')).toHaveLength(WEB_API_ATTEMPTS);
    } finally {
      await adapter.stop();
      await api.close();
    }
  }, 30_000);
});
