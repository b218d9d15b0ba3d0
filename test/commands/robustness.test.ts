import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { fixtureBot } from '../support/fixture.ts';

let bot: Bot;
beforeAll(async () => {
  bot = await fixtureBot();
});

const STATUSES = ['ok', 'partial', 'not-found', 'usage', 'info', 'limited', 'error'];

describe('every command on arbitrary input', () => {
  it('never throws and always gives a well-formed Answer', async () => {
    const names = [...bot.engine.commands.map((command) => command.name), 'nope'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ maxLength: 30 }), async (command, value, extra) => {
        const definition = bot.engine.command(command);
        const args = Object.fromEntries((definition?.options ?? [{ name: 'text' }]).map((option, index) => [option.name, index === 0 ? value : extra]));
        const reply = await bot.handle({ platform: 'console', userId: 'prop', command, args });
        expect(reply.outcome).not.toBe('error');
        expect(STATUSES).toContain(reply.answer.status);
        expect(typeof reply.answer.title).toBe('string');
        for (const item of reply.answer.items) {
          for (const n of item.citations) expect(reply.answer.citations.some((citation) => citation.n === n)).toBe(true);
        }
        expect(reply.answer.suggestions.length).toBeLessThanOrEqual(5 + 3);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary lines of text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ maxLength: 200 }).map((text) => `/${text}`),
        ),
        async (line) => {
          const reply = await bot.handle({ platform: 'console', userId: 'prop', text: line });
          expect(reply.outcome).not.toBe('error');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cuts oversized input with a note', async () => {
    const reply = await bot.handle({ platform: 'console', userId: 'prop', text: `/ask ${'deepseek '.repeat(2000)}` });
    expect(reply.answer.notices[0]).toEqual({ kind: 'warning', text: 'Your input was cut to 500 characters.' });
    expect(reply.answer.title.length).toBeLessThanOrEqual(200);
  });
});
