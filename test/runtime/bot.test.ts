// What Bot.handle adds for production: one log line per answer, metrics, gap records,
// rate limits, the shutdown refusal, and an apology (never an exception) on failure.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Bot, type BotOptions } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { GapRecorder } from '../../src/runtime/gaps.ts';
import { Metrics } from '../../src/runtime/metrics.ts';
import { DEFAULT_CHANNEL_RULE, DEFAULT_USER_RULE, RateLimiter } from '../../src/runtime/rate-limit.ts';
import { captureLog } from '../support/capture-log.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';

let store: KnowledgeStore;
let dir: string;
beforeAll(async () => {
  store = await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW });
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'landscape-bot-'));
});
// Misses are written after the answer (GapRecorder queues them): removing the folder before
// they land raced with the write and failed the test now and then under load.
const recorders: GapRecorder[] = [];
afterEach(async () => {
  await Promise.all(recorders.splice(0).map((recorder) => recorder.flush()));
  await rm(dir, { recursive: true, force: true });
});

function make(options: Partial<BotOptions> = {}) {
  const log = captureLog();
  const metrics = new Metrics({ defaultMetrics: false });
  const gaps = new GapRecorder({ file: path.join(dir, 'gaps.jsonl') });
  recorders.push(gaps);
  const bot = new Bot({ store, now: () => FIXED_NOW, logger: log.logger, metrics, gaps, ...options });
  return { bot, log, metrics, gaps };
}

describe('one log line per answer', () => {
  it('names the command, platform, outcome, latency and correlation id', async () => {
    const { bot, log } = make();
    const reply = await bot.handle({ platform: 'slack', userId: 'U123', channelId: 'C456', command: 'share', args: { segment: 'chinese-open' } });
    const [line, ...rest] = log.records();
    expect(rest).toEqual([]);
    expect(line).toMatchObject({
      level: 30,
      msg: 'answer',
      app: 'landscape',
      command: 'share',
      platform: 'slack',
      outcome: 'hit',
      correlationId: reply.correlationId,
      locale: 'en',
      text: 'chinese-open',
    });
    expect(typeof line!.latencyMs).toBe('number');
    // Who asked is not logged.
    expect(JSON.stringify(line)).not.toMatch(/U123|C456/);
  });

  it('cuts user text to 200 characters, without control characters', async () => {
    const { bot, log } = make();
    await bot.handle({ platform: 'discord', userId: 'u', channelId: 'c', text: `\u001B[2J${'why '.repeat(300)}` });
    const [line] = log.records();
    expect(String(line!.text).length).toBeLessThanOrEqual(201);
    expect(line!.text).not.toMatch(/\u001B/);
    expect(line).toMatchObject({ cut: true, command: 'ask' });
  });

  it('never writes a token a user pasted, nor the configured secrets', async () => {
    const { bot, log } = make();
    const secrets = [
      'xoxb-2222222222-3333333333-abcdefABCDEF1234',
      'xapp-1-A0000000000-1111111111-abcdef0123456789',
      'MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB',
      '0123456789abcdef0123456789abcdef',
    ];
    for (const secret of secrets) await bot.handle({ platform: 'slack', userId: 'U', channelId: 'C', text: `is this ok ${secret} ?` });
    log.logger.info({ config: { DISCORD_TOKEN: secrets[2], SLACK_BOT_TOKEN: secrets[0], SLACK_SIGNING_SECRET: secrets[3], SLACK_APP_TOKEN: secrets[1] } }, 'config');
    log.logger.error({ err: Object.assign(new Error('an API call failed'), { config: { headers: { Authorization: `Bearer ${secrets[0]}` } } }) }, 'slack api');
    const all = log.lines.join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
    expect(all).toContain('[redacted]');
  });

  it('logs a failing command at error level with its stack, and answers with an apology carrying the same id', async () => {
    const { bot, log, metrics } = make();
    vi.spyOn(bot.engine, 'run').mockImplementationOnce(() => {
      throw new Error('boom inside a command');
    });
    const reply = await bot.handle({ platform: 'discord', userId: 'u', channelId: 'c', command: 'timeline', args: { entity: 'meta' }, locale: 'fr' });
    expect(reply.outcome).toBe('error');
    expect(reply.answer.status).toBe('error');
    expect(reply.answer.title).toBe(`Désolé, une erreur est survenue de notre côté. Référence : ${reply.correlationId}.`);
    const [line] = log.records();
    expect(line).toMatchObject({ level: 50, msg: 'answer failed', correlationId: reply.correlationId, command: 'timeline', outcome: 'error' });
    expect((line!.err as { stack: string }).stack).toContain('boom inside a command');
    expect(await metrics.text()).toContain('landscape_answers_total{command="timeline",platform="discord",outcome="error"} 1');
    // And the bot keeps serving.
    expect((await bot.handle({ platform: 'discord', userId: 'u', channelId: 'c', command: 'about' })).outcome).toBe('info');
  });
});

describe('unanswered questions', () => {
  it('records misses from chat platforms in the gaps file, not from the console or unknown commands', async () => {
    const { bot, gaps, metrics } = make();
    await bot.handle({ platform: 'slack', userId: 'U', channelId: 'C', text: 'Who won the 1998 World Cup?' });
    await bot.handle({ platform: 'discord', userId: 'u', channelId: 'c', command: 'vendor', args: { name: 'Mistral AI' } });
    await bot.handle({ platform: 'console', userId: 'console', text: 'Who won the 2002 World Cup?' });
    await bot.handle({ platform: 'slack', userId: 'U', channelId: 'C', text: '/frobnicate' });
    await bot.handle({ platform: 'slack', userId: 'U', channelId: 'C', command: 'share', args: { segment: 'chinese-open' } });
    await gaps.flush();
    const lines = (await readFile(path.join(dir, 'gaps.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map(({ command, text, platform }) => ({ command, text, platform }))).toEqual([
      { command: 'ask', text: 'Who won the 1998 World Cup?', platform: 'slack' },
      { command: 'vendor', text: 'Mistral AI', platform: 'discord' },
    ]);
    const text = await metrics.text();
    expect(text).toContain('landscape_misses_total{command="ask"} 2');
    expect(text).toContain('landscape_misses_total{command="vendor"} 1');
  });
});

describe('rate limits', () => {
  // A user may take a quarter of a channel: two of its eight requests.
  const limiter = () => new RateLimiter({ user: { burst: 2, windowSeconds: 60 }, channel: { burst: 8, windowSeconds: 60 }, clock: () => 0 });

  it('refuses a user over the limit with a friendly note in their language, and counts it', async () => {
    const { bot, metrics, log } = make({ limiter: limiter() });
    const ask = (locale?: 'fr') => bot.handle({ platform: 'slack', userId: 'U1', channelId: 'C1', command: 'about', ...(locale ? { locale } : {}) });
    expect((await ask()).outcome).toBe('info');
    expect((await ask()).outcome).toBe('info');
    const refused = await ask();
    expect(refused.outcome).toBe('limited');
    expect(refused.answer).toMatchObject({ status: 'limited', locale: 'en', items: [], citations: [] });
    expect(refused.answer.title).toBe('You are asking faster than I can keep up with; please try again in 30 s.');
    expect((await ask('fr')).answer.title).toBe('Vous posez vos questions plus vite que je ne peux suivre ; réessayez dans 30 s.');
    expect(await metrics.text()).toContain('landscape_rate_limited_total{scope="user"} 2');
    expect(log.records().at(-1)).toMatchObject({ outcome: 'limited', limit: 'user' });
  });

  it('limits a busy channel across users, separately per platform', async () => {
    const { bot } = make({ limiter: limiter() });
    const outcomes = [];
    for (const user of ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd', 'e']) outcomes.push((await bot.handle({ platform: 'discord', userId: user, channelId: 'busy', command: 'about' })).outcome);
    expect(outcomes).toEqual([...Array(8).fill('info'), 'limited']);
    expect((await bot.handle({ platform: 'slack', userId: 'e', channelId: 'busy', command: 'about' })).outcome).toBe('info');
  });

  it('with the default limits, three users at their own limit leave a channel open to a fourth', async () => {
    const { bot, log } = make({ limiter: new RateLimiter({ user: DEFAULT_USER_RULE, channel: DEFAULT_CHANNEL_RULE, clock: () => 0 }) });
    for (const heavy of ['h1', 'h2', 'h3']) {
      for (let i = 0; i < DEFAULT_USER_RULE.burst; i++) await bot.handle({ platform: 'slack', userId: heavy, channelId: 'C-busy', command: 'about' });
    }
    expect(log.records().filter((record) => record.limit === 'user')).toHaveLength(3 * (DEFAULT_USER_RULE.burst - DEFAULT_CHANNEL_RULE.burst / 4));
    expect((await bot.handle({ platform: 'slack', userId: 'fourth', channelId: 'C-busy', command: 'about' })).outcome).toBe('info');
  });

  it('never limits the console: it is the operator', async () => {
    const { bot } = make({ limiter: limiter() });
    for (let i = 0; i < 10; i++) expect((await bot.handle({ platform: 'console', userId: 'console', text: '/about' })).outcome).toBe('info');
  });
});

describe('draining', () => {
  it('refuses new requests politely once draining, and reports when work in flight is done', async () => {
    const { bot, metrics } = make();
    let release!: () => void;
    const posting = bot.inFlightWhile(new Promise<void>((resolve) => (release = resolve)));
    expect(bot.pending).toBe(1);
    bot.drain();
    const refused = await bot.handle({ platform: 'discord', userId: 'u', channelId: 'c', command: 'about', locale: 'fr' });
    expect(refused.answer).toMatchObject({ status: 'limited', title: 'Je redémarre en ce moment ; reposez votre question dans un instant.' });
    let idle = false;
    const waiting = bot.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    release();
    await posting;
    await waiting;
    expect(idle).toBe(true);
    expect(bot.pending).toBe(0);
    expect(await metrics.text()).toContain('landscape_rate_limited_total{scope="draining"} 1');
  });
});

describe('a Bot with no options but the store', () => {
  it('still works as the adapters construct it in their tests', async () => {
    const bot = new Bot({ store });
    for (let i = 0; i < 50; i++) expect((await bot.handle({ platform: 'slack', userId: 'U', channelId: 'C', command: 'about' })).outcome).toBe('info');
    expect(bot.complete('segment', 'chin').map((choice) => choice.value)).toContain('chinese-open');
  });
});
