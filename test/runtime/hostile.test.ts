// Hostile input through Bot.handle, the choke point every platform calls: a fixed list
// (test/support/hostile-inputs.ts, shared with the Discord and Slack paths) and fast-check.
// Always a bounded answer of the right shape, never an exception, nothing invisible or
// unpaired passed on, and the log line bounded too.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer.ts';
import { renderText } from '../../src/answer/render-text.ts';
import { PROFILES, viewOf } from '../../src/answer/view.ts';
import { Bot, type BotReply, type BotRequest } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { Metrics } from '../../src/runtime/metrics.ts';
import { RateLimiter } from '../../src/runtime/rate-limit.ts';
import { captureLog } from '../support/capture-log.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';
import { HOSTILE_INPUTS, hostileText } from '../support/hostile-inputs.ts';

const STATUSES = ['ok', 'partial', 'not-found', 'usage', 'info', 'limited', 'error'];
const OUTCOMES = ['hit', 'miss', 'usage', 'info', 'limited', 'error'];
/** Characters the Bot must never pass on from user input. */
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

let store: KnowledgeStore;
let bot: Bot;
let log: ReturnType<typeof captureLog>;
beforeAll(async () => {
  store = await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW });
  log = captureLog();
  // Limits on, as in production, so limited answers get checked too.
  const limiter = new RateLimiter({ user: { burst: 50, windowSeconds: 1 }, channel: { burst: 200, windowSeconds: 1 }, clock: () => performance.now() / 1000 });
  bot = new Bot({ store, now: () => FIXED_NOW, logger: log.logger, metrics: new Metrics({ defaultMetrics: false }), limiter });
});

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) strings(item, out);
  return out;
}

function expectSafe(reply: BotReply): void {
  const answer: Answer = reply.answer;
  expect(STATUSES).toContain(answer.status);
  expect(OUTCOMES).toContain(reply.outcome);
  expect(reply.correlationId).toMatch(/^[0-9a-f]{8}$/);
  expect(['en', 'fr']).toContain(answer.locale);
  expect(typeof answer.title).toBe('string');
  expect(Array.isArray(answer.items) && Array.isArray(answer.citations) && Array.isArray(answer.notices) && Array.isArray(answer.suggestions)).toBe(true);
  // Bounded: the whole answer, the title, and every argument echoed back.
  expect(JSON.stringify(answer).length).toBeLessThan(40_000);
  expect(answer.title.length).toBeLessThanOrEqual(600);
  for (const value of Object.values(answer.command.args)) expect(value.length).toBeLessThanOrEqual(500);
  expect(answer.items.length).toBeLessThanOrEqual(50);
  expect(answer.suggestions.length).toBeLessThanOrEqual(25);
  for (const text of strings(answer)) {
    expect(text).not.toMatch(INVISIBLE);
    expect(text).not.toMatch(LONE_SURROGATE);
  }
  expect(renderText(viewOf(answer, { profile: PROFILES.text, detailed: true }), { width: 80, color: false }).length).toBeLessThan(40_000);
}

const asText = (text: string, platform: BotRequest['platform'] = 'slack'): BotRequest => ({ platform, userId: 'U1', channelId: 'C1', text });

describe('hostile input through Bot.handle', () => {
  it.each(HOSTILE_INPUTS.map((input) => [input.name, input.text] as const))('%s (as a message)', async (_name, text) => {
    expectSafe(await bot.handle(asText(text)));
  });

  it.each(HOSTILE_INPUTS.map((input) => [input.name, input.text] as const))('%s (as every command option)', async (_name, text) => {
    for (const command of bot.engine.commands) {
      const args = Object.fromEntries(command.options.map((option) => [option.name, text]));
      expectSafe(await bot.handle({ platform: 'discord', userId: 'u1', channelId: 'c1', command: command.name, args }));
    }
  });

  it('notes when input was cut, and cuts emoji without splitting them', async () => {
    const reply = await bot.handle(asText(`${'x'.repeat(499)}🤖🤖 tail`));
    expectSafe(reply);
    expect(reply.answer.notices[0]).toEqual({ kind: 'warning', text: 'Your input was cut to 500 characters.' });
  });

  it('survives platform ids and locales that are not what they claim', async () => {
    const weird = { platform: 'irc', userId: 'x'.repeat(100_000), channelId: '\u0000', text: '/about', locale: 'xx', command: 42, args: { a: 7 } } as unknown as BotRequest;
    expectSafe(await bot.handle(weird));
    expect(bot.complete('segment', `${'🤖'.repeat(1_000)}\u202E`)).toEqual(expect.any(Array));
  });

  it('keeps every log line bounded and free of raw control characters', () => {
    for (const line of log.lines) {
      expect(line.length).toBeLessThan(2_000);
      expect(line).not.toMatch(/[\u0000-\u001F]/);
    }
  });

  it('property: any text, as a message or an option, gives a safe answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileText,
        fc.constantFrom(...bot.engine.commands.map((command) => command.name)),
        fc.constantFrom<BotRequest['platform']>('discord', 'slack', 'console'),
        async (text, command, platform) => {
          expectSafe(await bot.handle(asText(text, platform)));
          const definition = bot.engine.command(command)!;
          const args = Object.fromEntries(definition.options.map((option) => [option.name, text]));
          expectSafe(await bot.handle({ platform, userId: 'U2', channelId: 'C2', command, args }));
        },
      ),
      { numRuns: 300 },
    );
  });
});
