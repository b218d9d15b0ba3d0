// When Discord fails a reply: a real discord.js Client running the project's adapter against
// the fake Discord, told to answer some requests with a 429 or a 5xx. discord.js retries
// what it may (a 429 after `retry-after`; a 5xx up to `retries: 3` more times, at once);
// the adapter logs what it could not deliver with the answer's correlation id, apologizes
// with the same id where Discord lets it, and goes on serving. And a command that throws
// gets the Bot's apology, with the id of the logged failure. Every wait is for a request
// at the fake or a log line, never for time.
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failOnStrayErrors } from '../support/stray-errors.ts';
import { MessageFlag } from '../../src/answer/render-discord.ts';
import { Bot, type BotOptions } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { DiscordAdapter, type DiscordAdapterOptions } from '../../src/platforms/discord/adapter.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';
import { Recorder } from '../support/recorder.ts';
import { FakeDiscord, callbackRoute, hanging, rateLimited, serverError, webhookRoute, type SentInteraction } from './fakes/discord.ts';
import { closedGate, holdingAnswers, type Gate } from '../support/gate.ts';

const TOKEN = 'test-token';
const MANAGE_GUILD = String(1 << 5);
/** What discord.js does with a 5xx by default: the call, then `retries: 3` more. */
const REST_ATTEMPTS = 4;
const ANY_CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;
const ANY_ORIGINAL_EDIT = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/;

type LogLine = { level: number; msg: string; [key: string]: any };

/** The process's logger (redaction included), its lines recorded so a test can wait for one. */
function recordLog() {
  const lines = new Recorder<LogLine>();
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  adapter: DiscordAdapter;
  lines: Recorder<LogLine>;
  close(): Promise<void>;
}

async function startHarness(options: { bot?: Partial<BotOptions>; adapter?: Partial<DiscordAdapterOptions>; wrap?: (bot: Bot) => DiscordAdapterOptions['bot'] } = {}): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const { logger, lines } = recordLog();
  const store = await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW });
  // One logger for the Bot and the adapter, as in the process: a failure's line can be
  // matched to its answer's line by correlation id.
  const bot = new Bot({ store, now: () => FIXED_NOW, logger, ...options.bot });
  const adapter = new DiscordAdapter({
    bot: options.wrap ? options.wrap(bot) : bot,
    logger,
    token: TOKEN,
    apiUrl: fake.apiUrl,
    now: () => FIXED_NOW.getTime(),
    // No chart in these answers; never load the chart code.
    drawChart: () => Promise.reject(new Error('no charts here')),
    ...options.adapter,
  });
  await adapter.start();
  return {
    fake,
    bot,
    adapter,
    lines,
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

/** The Bot's line for the one answer since `from` lines: its correlation id. */
function answerLine(h: Harness, from: number): LogLine {
  const answers = h.lines.entries.slice(from).filter((line) => line.msg === 'answer' || line.msg === 'answer failed');
  expect(answers).toHaveLength(1);
  return answers[0]!;
}

/** A /timeline meta goes through as if nothing had happened. */
async function expectServing(h: Harness): Promise<void> {
  const { body } = await h.fake.callback(h.fake.chatInput('timeline', { entity: 'meta' }));
  expect(body.type).toBe(4);
  expect(body.data.embeds[0].title).toBe('Timeline: Meta');
  expect(h.adapter.state()).toBe('connected');
}

failOnStrayErrors();

describe('Discord REST failures on a reply', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterEach(() => h.fake.clearFailures());
  afterAll(async () => {
    await h?.close();
  });

  it('a 429 on the interaction callback: discord.js waits, sends the same reply again, and it lands; the limit is logged', async () => {
    h.fake.failNext('POST', ANY_CALLBACK, rateLimited(0.05));
    const sent = h.fake.chatInput('timeline', { entity: 'meta' });
    const accepted = await h.fake.callback(sent);
    const attempts = h.fake.attempts('POST', callbackRoute(sent));
    expect(attempts.map((attempt) => attempt.status)).toEqual([429, 204]);
    expect(attempts[1]!.body).toEqual(attempts[0]!.body);
    expect(accepted.body.type).toBe(4);
    expect(accepted.body.data.embeds[0].title).toBe('Timeline: Meta');
    expect((await h.fake.originalMessage(sent)).embeds[0].title).toBe('Timeline: Meta');
    const limited = await h.lines.waitFor((line) => line.msg === 'discord REST: rate limited; discord.js waits and retries');
    expect(limited).toMatchObject({ level: 40, platform: 'discord', method: 'POST', route: '/interactions/:id/:token/callback', status: 429, retryAfter: 0.05, global: false, scope: 'user' });
    // The route is logged without the interaction's token.
    expect(JSON.stringify(limited)).not.toContain(sent.token);
    await expectServing(h);
  });

  it('a 429 on the reply whose retry-after outlasts Discord’s window: the adapter defers at once, edits the answer in, and logs it with the correlation id', async () => {
    // Waited out, this would outlast the test's own timeout.
    h.fake.failNext('POST', ANY_CALLBACK, rateLimited(60));
    const from = h.lines.entries.length;
    const sent = h.fake.chatInput('timeline', { entity: 'meta' });
    const edit = await h.fake.webhook('PATCH', sent, '/messages/@original');
    expect(edit.body.embeds[0].title).toBe('Timeline: Meta');
    const attempts = h.fake.attempts('POST', callbackRoute(sent));
    expect(attempts.map((attempt) => [attempt.status, attempt.body.type])).toEqual([
      [429, 4],
      [204, 5],
    ]);
    const deferred = await h.lines.waitFor((line) => line.msg === 'discord REST: the reply is rate limited for too long; deferring it and editing the answer in');
    expect(deferred).toMatchObject({ level: 40, platform: 'discord', correlationId: answerLine(h, from).correlationId, retryAfter: expect.closeTo(60, 0), scope: 'user' });
    // Said once, by the adapter, not also as a limit discord.js would wait out.
    expect(h.lines.entries.slice(from).filter((line) => String(line.msg).startsWith('discord REST: rate limited'))).toEqual([]);
    expect((await h.fake.originalMessage(sent)).flags & 128).toBe(0);
    await expectServing(h);
  });

  it('persistent 500s on the callback: four attempts, a logged failure with the correlation id, an apology tried, and the next interaction is answered', async () => {
    h.fake.failNext('POST', ANY_CALLBACK, serverError(500, Infinity));
    const from = h.lines.entries.length;
    const sent = h.fake.chatInput('timeline', { entity: 'meta' });
    const failed = await h.lines.waitFor((line) => line.msg === 'could not answer an interaction' && line.interaction === sent.id);
    // Apologizing goes through the same callback, which fails the same way.
    await h.lines.waitFor((line) => line.msg === 'could not send the apology either' && line.interaction === sent.id);

    // The answer was made (a hit); only its delivery failed, and the failure names it.
    const answer = answerLine(h, from);
    expect(answer).toMatchObject({ msg: 'answer', command: 'timeline', outcome: 'hit' });
    expect(failed).toMatchObject({ level: 50, platform: 'discord', correlationId: answer.correlationId, err: expect.objectContaining({ status: 500 }) });
    expect(JSON.stringify(failed)).not.toContain(sent.token);

    const attempts = h.fake.attempts('POST', callbackRoute(sent));
    expect(attempts).toHaveLength(2 * REST_ATTEMPTS);
    expect(attempts.every((attempt) => attempt.status === 500)).toBe(true);
    for (const attempt of attempts.slice(0, REST_ATTEMPTS)) expect(attempt.body.data.embeds[0].title).toBe('Timeline: Meta');
    for (const attempt of attempts.slice(REST_ATTEMPTS)) {
      expect(attempt.body.data).toMatchObject({ content: `⚠️ Sorry, something went wrong on our side. Reference: ${answer.correlationId}.`, flags: MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds });
    }
    // Each 5xx is logged as it happens, the route without its token: attempts 1 to 4, twice.
    const serverErrors = h.lines.entries.slice(from).filter((line) => line.msg === 'discord REST: server error');
    expect(serverErrors.map((line) => [line.route, line.status, line.attempt])).toEqual([1, 2, 3, 4, 1, 2, 3, 4].map((attempt) => ['/interactions/:id/:token/callback', 500, attempt]));

    h.fake.clearFailures();
    await expectServing(h);
  });

  it('a 502 once on the callback is retried by discord.js and the reply lands', async () => {
    h.fake.failNext('POST', ANY_CALLBACK, serverError(502));
    const sent = h.fake.chatInput('about');
    const accepted = await h.fake.callback(sent);
    expect(h.fake.attempts('POST', callbackRoute(sent)).map((attempt) => attempt.status)).toEqual([502, 204]);
    expect(accepted.body.data.embeds[0].title).toBe('About landscape');
  });
});

describe('Discord REST failures on a deferred answer', () => {
  let h: Harness;
  let gate: Gate | undefined;

  beforeAll(async () => {
    h = await startHarness({
      // Anything not answered at once is deferred; a closed gate holds the Bot's answer.
      adapter: { deferAfterMs: 0 },
      wrap: (bot) => holdingAnswers(bot, () => gate),
    });
  });
  afterEach(() => {
    gate?.open();
    h.fake.clearFailures();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Sends /timeline meta held at the gate; resolves once it is deferred, the gate open. */
  async function deferredTimeline(): Promise<SentInteraction> {
    gate = closedGate();
    const sent = h.fake.chatInput('timeline', { entity: 'meta' });
    expect((await h.fake.callback(sent)).body).toEqual({ type: 5, data: { flags: 0 } });
    gate.open();
    return sent;
  }

  it('persistent 500s on the edit of "thinking…": four attempts, logged with the correlation id, an apology as a follow-up, and the bot keeps serving', async () => {
    h.fake.failNext('PATCH', ANY_ORIGINAL_EDIT, serverError(500, Infinity));
    const from = h.lines.entries.length;
    const sent = await deferredTimeline();
    const failed = await h.lines.waitFor((line) => line.msg === 'could not answer an interaction' && line.interaction === sent.id);
    const answer = answerLine(h, from);
    expect(failed).toMatchObject({
      level: 50,
      correlationId: answer.correlationId,
      err: expect.objectContaining({ status: 500, method: 'PATCH', path: expect.stringMatching(/\/:token\/messages\/%40original$/) }),
    });
    // Neither the interaction's token nor the answer's body (user text uncut) is logged.
    expect(JSON.stringify(failed)).not.toContain(sent.token);
    expect(failed.err.requestBody).toBeUndefined();

    const edits = h.fake.attempts('PATCH', webhookRoute(sent, '/messages/@original'));
    expect(edits).toHaveLength(REST_ATTEMPTS);
    expect(edits.every((edit) => edit.status === 500 && edit.body.embeds[0].title === 'Timeline: Meta')).toBe(true);
    // The user learns what happened, with the id an operator can find in the logs.
    const apology = await h.fake.webhook('POST', sent);
    expect(apology.body).toMatchObject({ content: `⚠️ Sorry, something went wrong on our side. Reference: ${answer.correlationId}.`, flags: MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds });

    h.fake.clearFailures();
    const next = await deferredTimeline();
    const edit = await h.fake.webhook('PATCH', next, '/messages/@original');
    expect(edit.body.embeds[0].title).toBe('Timeline: Meta');
    expect(h.adapter.state()).toBe('connected');
  });

  it('a 502 and then a 429 on the edit: discord.js retries both and the answer replaces "thinking…"', async () => {
    h.fake.failNext('PATCH', ANY_ORIGINAL_EDIT, serverError(502));
    h.fake.failNext('PATCH', ANY_ORIGINAL_EDIT, rateLimited(0.05));
    const sent = await deferredTimeline();
    await h.fake.webhook('PATCH', sent, '/messages/@original');
    expect(h.fake.attempts('PATCH', webhookRoute(sent, '/messages/@original')).map((edit) => edit.status)).toEqual([502, 429, 200]);
    const message = await h.fake.originalMessage(sent);
    expect(message.embeds[0].title).toBe('Timeline: Meta');
    expect(message.flags & 128).toBe(0);
  });
});

describe('a Discord REST request that hangs', () => {
  let h: Harness;
  let gate: Gate | undefined;
  beforeAll(async () => {
    h = await startHarness({
      // A short timeout keeps the test short; every other request is answered at once.
      adapter: { deferAfterMs: 0, restTimeoutMs: 1500 },
      wrap: (bot) => holdingAnswers(bot, () => gate),
    });
  });
  afterAll(async () => {
    gate?.open();
    await h?.close();
  });

  it('is given up on after the timeout (each of discord.js’s attempts), logged once with the correlation id, and the user gets the apology', async () => {
    h.fake.failNext('PATCH', ANY_ORIGINAL_EDIT, hanging(REST_ATTEMPTS));
    const from = h.lines.entries.length;
    gate = closedGate();
    const sent = h.fake.chatInput('timeline', { entity: 'meta' });
    expect((await h.fake.callback(sent)).body.type).toBe(5);
    gate.open();
    const failed = await h.lines.waitFor((line) => line.msg === 'could not answer an interaction' && line.interaction === sent.id);
    expect(failed).toMatchObject({ level: 50, platform: 'discord', correlationId: answerLine(h, from).correlationId, err: expect.objectContaining({ name: 'AbortError' }) });
    expect(h.fake.attempts('PATCH', webhookRoute(sent, '/messages/@original')).map((edit) => edit.status)).toEqual(Array(REST_ATTEMPTS).fill(0));
    const apology = await h.fake.webhook('POST', sent);
    expect(apology.body.content).toBe(`⚠️ Sorry, something went wrong on our side. Reference: ${failed.correlationId}.`);
    expect(h.lines.entries.slice(from).filter((line) => line.msg === 'could not answer an interaction')).toHaveLength(1);
  }, 60_000);
});

describe('a command that throws', () => {
  let h: Harness;
  beforeAll(async () => {
    // /reload calls the reload capability the Bot was given: here, one that fails.
    h = await startHarness({
      bot: {
        reload: () => {
          throw new Error('cannot read the knowledge directory');
        },
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('gets a short ephemeral apology whose reference is the logged failure’s correlation id; the next command is answered', async () => {
    const from = h.lines.entries.length;
    const { body } = await h.fake.callback(h.fake.chatInput('reload', {}, { permissions: MANAGE_GUILD }));
    const failure = answerLine(h, from);
    expect(failure).toMatchObject({ level: 50, msg: 'answer failed', platform: 'discord', command: 'reload', outcome: 'error', correlationId: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(failure.err.message).toBe('cannot read the knowledge directory');
    expect(body.type).toBe(4);
    expect(body.data).toMatchObject({
      content: `⚠️ Sorry, something went wrong on our side. Reference: ${failure.correlationId}.`,
      flags: MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds,
      allowed_mentions: { parse: [] },
    });
    await expectServing(h);
  });

  it('in French for a French client', async () => {
    const from = h.lines.entries.length;
    const { body } = await h.fake.callback(h.fake.chatInput('reload', {}, { permissions: MANAGE_GUILD, locale: 'fr' }));
    expect(body.data.content).toBe(`⚠️ Désolé, une erreur est survenue de notre côté. Référence\u00a0: ${answerLine(h, from).correlationId}.`);
  });
});
