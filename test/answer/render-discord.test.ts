// The Discord renderer is pure: answers from the stable fixture base, a pinned clock and a
// pinned knowledge version give byte-identical payloads, so snapshots show what users see.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AnswerItem } from '../../src/answer/answer.ts';
import {
  DISCORD_LIMITS,
  MessageFlag,
  buttonIdsFit,
  chartFileName,
  decodeButtonId,
  decodeCommandTarget,
  decodeSuggestionId,
  encodeButtonId,
  encodeCommandTarget,
  encodeSuggestionId,
  escapeMarkdown,
  renderDiscordAnswer,
  renderDiscordChoices,
  renderDiscordNote,
  renderDiscordSources,
  type DiscordMessage,
  type PagingContext,
} from '../../src/answer/render-discord.ts';
import { Bot } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';

const NOW = new Date('2026-01-15T12:00:00Z');
const VERSION = '2026-01-01 (abc1234)';
const OWNER = '123456789012345678';

let bot: Bot;

beforeAll(async () => {
  const store = await KnowledgeStore.open('test/fixtures/mini');
  bot = new Bot({ store, now: () => NOW });
});

async function answerOf(command: string, args: Record<string, string>, locale: 'en' | 'fr' = 'en'): Promise<Answer> {
  return (await bot.handle({ platform: 'discord', userId: OWNER, command, args, locale })).answer;
}

function pagingFor(answer: Answer): PagingContext {
  return { owner: OWNER, issuedAt: NOW.getTime() / 1000, revision: 'abcdef', target: encodeCommandTarget(answer.command) };
}

/** Every limit Discord enforces on a message, checked on any payload. */
function expectWithinLimits(message: DiscordMessage): void {
  expect(message.allowed_mentions).toEqual({ parse: [] });
  if (message.content !== undefined) expect(message.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  let total = 0;
  for (const embed of message.embeds ?? []) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(field.value.length).toBeGreaterThan(0);
      expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
      total += field.name.length + field.value.length;
    }
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
  }
  expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  expect(message.components?.length ?? 0).toBeLessThanOrEqual(5);
  for (const row of message.components ?? []) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const button of row.components) {
      expect(button.label.length).toBeGreaterThan(0);
      expect(button.label.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonLabel);
    }
  }
  const ids = (message.components ?? []).flatMap((row) => row.components.map((button) => button.custom_id));
  for (const id of ids) expect(id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
  expect(new Set(ids).size).toBe(ids.length);
  // A content-only message would unfurl its links; an embed's links never do.
  if (message.embeds === undefined) expect((message.flags ?? 0) & MessageFlag.SuppressEmbeds).toBe(MessageFlag.SuppressEmbeds);
}

describe('renderDiscordAnswer on the fixture base', () => {
  it('/share chinese-open: cited statements, figures as fields, confidence colour, Sources button', async () => {
    const answer = await answerOf('share', { segment: 'chinese-open' });
    const message = renderDiscordAnswer(answer, { version: VERSION, paging: pagingFor(answer) });
    expectWithinLimits(message);
    expect(message.flags).toBeUndefined();
    const [embed] = message.embeds!;
    expect(embed!.description).toContain('[[1]](https://www.chinastrategy.org/2025/11/25/china-leapfrogs-us-in-global-market-for-open-ai-models)');
    expect(embed!.fields!.map((field) => field.name)).toEqual(['1. 17% · chinese-open', '2. 13% · chinese-open']);
    expect(embed!.footer!.text).toBe(`Knowledge ${VERSION}`);
    expect(message).toMatchSnapshot();
  });

  it('/timeline meta in French, one statement a page: page 2 of 2 with Previous enabled and Next disabled', async () => {
    const answer = await answerOf('timeline', { entity: 'meta' }, 'fr');
    const message = renderDiscordAnswer(answer, { version: VERSION, page: 2, pageSize: 1, paging: pagingFor(answer) });
    expectWithinLimits(message);
    const buttons = message.components![0]!.components;
    expect(buttons.map((button) => [button.label, button.disabled ?? false])).toEqual([
      ['◀ Précédent', false],
      ['Suivant ▶', true],
      ['Sources', false],
    ]);
    expect(decodeButtonId(buttons[0]!.custom_id)).toMatchObject({ action: 'page', page: 1, owner: OWNER, target: 'timeline|entity=meta' });
    expect(message.embeds![0]!.footer!.text).toBe(`Base ${VERSION} · Page 2/2`);
    // The second statement is numbered 2 and cites its own source as [1] of this page.
    expect(message.embeds![0]!.description).toMatch(/^2 faits datés\n\n\*\*2\.\*\* `2023-07-18` .*\[\[1\]\]\(https:\/\/github\.com\/meta-llama\/llama-models\)/);
    expect(message).toMatchSnapshot();
  });

  it('/ask shows a dispute under its statement', async () => {
    const answer = await answerOf('ask', { question: 'When was DeepSeek R1 released?' });
    const message = renderDiscordAnswer(answer, { version: VERSION, paging: pagingFor(answer) });
    expectWithinLimits(message);
    expect(message.embeds![0]!.description).toContain('> ⚠️ Disputed: the source article says: “R1 was launched on 27 January 2025.”');
    expect(message).toMatchSnapshot();
  });

  it('a misspelt segment is an ephemeral "did you mean" with at most five suggestions, each a button that runs it', async () => {
    const answer = await answerOf('share', { segment: 'chinse' });
    const message = renderDiscordAnswer(answer, { version: VERSION, paging: pagingFor(answer) });
    expectWithinLimits(message);
    expect(message.flags).toBe(MessageFlag.Ephemeral);
    const field = message.embeds![0]!.fields!.find((each) => each.name === 'Did you mean')!;
    expect(field.value.split('\n').length).toBeLessThanOrEqual(5);
    expect(field.value).toContain('`/share chinese-open`');
    const [first] = message.components![0]!.components;
    expect(first).toEqual({ type: 2, style: 1, label: 'Chinese open-weight models (chinese-open)', custom_id: 'ls1|d|p|en|/share chinese-open' });
    expect(decodeSuggestionId(first!.custom_id)).toEqual({ command: '/share chinese-open', hidden: false, locale: 'en' });
    expect(message).toMatchSnapshot();
  });

  it('"did you mean" buttons remember hide and the language, so the answer they lead to keeps both', async () => {
    const answer = await answerOf('share', { segment: 'chinse' }, 'fr');
    const message = renderDiscordAnswer(answer, { version: VERSION, ephemeral: true, paging: pagingFor(answer) });
    expect(decodeSuggestionId(message.components![0]!.components[0]!.custom_id)).toEqual({ command: '/share chinese-open', hidden: true, locale: 'fr' });
  });

  it('"did you mean" buttons: at most five, labels cut to 80, one per command, none for a command too long for an id', async () => {
    const base = await answerOf('share', { segment: 'chinse' });
    const answer: Answer = {
      ...base,
      suggestions: [
        { label: 'L'.repeat(120), command: '/share a' },
        { label: 'too long', command: `/ask ${'q'.repeat(100)}` },
        { label: 'again', command: '/share a' },
        ...['b', 'c', 'd', 'e', 'f', 'g'].map((segment) => ({ label: segment, command: `/share ${segment}` })),
      ],
    };
    const message = renderDiscordAnswer(answer, { version: VERSION, paging: pagingFor(answer) });
    expectWithinLimits(message);
    const buttons = message.components![0]!.components;
    expect(buttons.map((button) => decodeSuggestionId(button.custom_id)!.command)).toEqual(['/share a', '/share b', '/share c', '/share d', '/share e']);
    expect(buttons[0]!.label).toBe(`${'L'.repeat(79)}…`);
    expect(buttons.map((button) => button.style)).toEqual([1, 2, 2, 2, 2]);
  });

  it('suggestions on an answer that found something (help’s examples) are not buttons', async () => {
    const answer = await answerOf('help', { command: 'timeline' });
    expect(answer.suggestions.length).toBeGreaterThan(0);
    expect(renderDiscordAnswer(answer, { version: VERSION, paging: pagingFor(answer) }).components).toBeUndefined();
  });

  it('French "did you mean"', async () => {
    const answer = await answerOf('share', { segment: 'chinse' }, 'fr');
    const message = renderDiscordAnswer(answer, { version: VERSION });
    expect(message.embeds![0]!.fields![0]!.name).toBe('Vouliez-vous dire');
  });

  it('/help is one page of plain lines, with no Sources button', async () => {
    const answer = await answerOf('help', {});
    const message = renderDiscordAnswer(answer, { version: VERSION, paging: pagingFor(answer) });
    expectWithinLimits(message);
    expect(message.components).toBeUndefined();
    expect(message.embeds![0]!.footer!.text).toBe(`Knowledge ${VERSION}`);
    expect(message.embeds![0]!.description).toContain('\n• /timeline \\<entity\\> \\[from\\] \\[to\\] — ');
  });

  it('a /share chart goes with the first page only, as share.png shown in the embed', async () => {
    const answer = await answerOf('share', { segment: 'chinese-open' });
    expect(chartFileName(answer)).toBe('share.png');
    expect(chartFileName(answer, 1, 1)).toBe('share.png');
    expect(chartFileName(answer, 2, 1)).toBeUndefined();
    // A page past the end is the last page.
    expect(chartFileName(answer, 9, 1)).toBeUndefined();
    expect(chartFileName(await answerOf('share', { segment: 'chinse' }))).toBeUndefined();
    expect(chartFileName(await answerOf('vendor', { name: 'meta' }))).toBeUndefined();

    const message = renderDiscordAnswer(answer, { version: VERSION, paging: pagingFor(answer), image: 'share.png' });
    expectWithinLimits(message);
    expect(message.embeds![0]!.image).toEqual({ url: 'attachment://share.png' });
    expect(renderDiscordAnswer(answer, { version: VERSION, paging: pagingFor(answer) }).embeds![0]!.image).toBeUndefined();
  });

  it('hide makes any answer ephemeral', async () => {
    const answer = await answerOf('share', { segment: 'chinese-open' });
    expect(renderDiscordAnswer(answer, { version: VERSION, ephemeral: true }).flags).toBe(MessageFlag.Ephemeral);
  });

  it('errors and rate-limit notes are short ephemeral content with link previews suppressed', () => {
    const base = { locale: 'en' as const, command: { name: 'share', args: {} }, items: [], citations: [], notices: [], suggestions: [] };
    const limited = renderDiscordAnswer({ ...base, status: 'limited', title: 'You are asking faster than I can keep up with; please try again in 3 s.' }, { version: VERSION });
    expect(limited).toEqual({
      content: '⚠️ You are asking faster than I can keep up with; please try again in 3 s.',
      flags: MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds,
      allowed_mentions: { parse: [] },
    });
    const error = renderDiscordAnswer({ ...base, status: 'error', title: 'Sorry, something went wrong on our side. Reference: 1a2b3c4d.' }, { version: VERSION, ephemeral: false });
    expect(error.flags).toBe(MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds);
    expect(error.embeds).toBeUndefined();
  });
});

describe('renderDiscordSources', () => {
  it('lists the page’s citations in full, with the same numbers, ephemerally', async () => {
    const answer = await answerOf('share', { segment: 'chinese-open' });
    const message = renderDiscordSources(answer, { version: VERSION });
    expectWithinLimits(message);
    expect(message.flags).toBe(MessageFlag.Ephemeral);
    const description = message.embeds![0]!.description!;
    expect(description).toContain("**[1]** [China leapfrogs US in global market for 'open' AI models](https://www.chinastrategy.org/2025/11/25/china-leapfrogs-us-in-global-market-for-open-ai-models) — Financial Times, 2025-11-25");
    expect(description).toContain('*read via full-text repost on chinastrategy.org*');
    expect(description).toContain('**[2]**');
    expect(message).toMatchSnapshot();
  });

  it('on page 2 of a timeline, lists only that page’s source as [1]', async () => {
    const answer = await answerOf('timeline', { entity: 'meta' });
    const description = renderDiscordSources(answer, { version: VERSION, page: 2, pageSize: 1 }).embeds![0]!.description!;
    expect(description).toMatch(/^\*\*\[1\]\*\* \[meta-llama\/llama-models/);
    expect(description).not.toContain('**[2]**');
  });
});

describe('notes and choices', () => {
  it('the notes a click can get are ephemeral, in the asker’s language', () => {
    expect(renderDiscordNote('not-owner', 'en', '/share chinese-open')).toEqual({
      content: 'Only the person who asked can turn these pages. Run `/share chinese-open` to get your own copy.',
      flags: MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds,
      allowed_mentions: { parse: [] },
    });
    expect(renderDiscordNote('expired', 'fr', '/timeline meta').content).toBe('Cette réponse a expiré (trop ancienne, ou la base a changé depuis). Relancez `/timeline meta`.');
  });

  it('choices: at most 25, names cut to 100, values over 100 dropped', () => {
    const choices = Array.from({ length: 40 }, (_, index) => ({ name: `${'n'.repeat(150)}${index}`, value: index === 0 ? 'v'.repeat(101) : `value-${index}` }));
    const rendered = renderDiscordChoices(choices);
    expect(rendered).toHaveLength(25);
    expect(rendered[0]!.value).toBe('value-1');
    expect(rendered.every((choice) => choice.name.length <= 100 && choice.name.endsWith('…'))).toBe(true);
  });
});

describe('button ids', () => {
  it('carry the command back exactly, whatever the arguments contain', () => {
    fc.assert(
      fc.property(
        fc.record({ name: fc.constantFrom('share', 'ask', 'timeline'), args: fc.dictionary(fc.constantFrom('segment', 'question', 'from', 'to'), fc.string({ minLength: 1 })) }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.integer({ min: 1, max: 999 }),
        (command, owner, page) => {
          const target = encodeCommandTarget(command);
          expect(decodeCommandTarget(target)).toEqual(command);
          const id = encodeButtonId({ action: 'page', page, owner: owner.toString(), issuedAt: 1_768_478_400, revision: '3d76ec', target });
          expect(decodeButtonId(id)).toEqual({ action: 'page', page, owner: owner.toString(), issuedAt: 1_768_478_400, revision: '3d76ec', target });
        },
      ),
    );
  });

  it('a target too long for 100 characters gets no buttons rather than invalid ones', async () => {
    const answer = await answerOf('ask', { question: 'When was DeepSeek R1 released and under which licence, and is it still the same licence today?' });
    const paging = pagingFor(answer);
    expect(buttonIdsFit(paging, 1)).toBe(false);
    expect(renderDiscordAnswer(answer, { version: VERSION, paging }).components).toBeUndefined();
    expect(renderDiscordAnswer(answer, { version: VERSION, paging: { ...paging, target: '@k3' } }).components![0]!.components.map((button) => button.label)).toEqual(['Sources']);
  });

  it('foreign ids are not ours', () => {
    expect(decodeButtonId('something-else')).toBeUndefined();
    expect(decodeButtonId('ls1|x|1|a|b|c|share')).toBeUndefined();
    expect(decodeSuggestionId('something-else')).toBeUndefined();
    expect(decodeSuggestionId('ls1|d|x|en|/share a')).toBeUndefined();
    expect(decodeSuggestionId('ls1|d|p|de|/share a')).toBeUndefined();
    expect(decodeSuggestionId('ls1|d|p|en|')).toBeUndefined();
    // Page and suggestion ids never pass for one another.
    expect(decodeButtonId('ls1|d|p|en|/share a|b|c')).toBeUndefined();
    expect(decodeSuggestionId(encodeButtonId({ action: 'page', page: 1, owner: OWNER, issuedAt: 1, revision: 'r', target: 'share' }))).toBeUndefined();
  });

  it('suggestion ids carry the command back exactly, or are refused past 100 characters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 120 }), fc.boolean(), fc.constantFrom('en' as const, 'fr' as const), (command, hidden, locale) => {
        const id = encodeSuggestionId({ command, hidden, locale });
        if (id === undefined) {
          expect(`ls1|d|p|en|${command}`.length > DISCORD_LIMITS.customId || !command.trim()).toBe(true);
          return;
        }
        expect(id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
        expect(decodeSuggestionId(id)).toEqual({ command, hidden, locale });
      }),
    );
  });
});

describe('limits', () => {
  const itemArbitrary: fc.Arbitrary<AnswerItem> = fc.record({
    text: fc.string({ maxLength: 3000 }),
    date: fc.option(fc.constantFrom('2025', '2025-01', '2025-01-20'), { nil: undefined }),
    confidence: fc.constantFrom('high' as const, 'medium' as const, 'low' as const),
    citations: fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 8 }),
    notes: fc.array(fc.record({ kind: fc.constantFrom('caveat' as const, 'dispute' as const, 'as-of' as const), text: fc.string({ maxLength: 1500 }) }), { maxLength: 4 }),
    figure: fc.option(fc.record({ metric: fc.string({ maxLength: 50 }), value: fc.double({ noNaN: true, noDefaultInfinity: true }), unit: fc.constantFrom('percent', 'downloads'), scope: fc.string({ maxLength: 2000 }), period: fc.string({ maxLength: 300 }) }), { nil: undefined }),
  });

  it('any answer fits Discord on every page', () => {
    fc.assert(
      fc.property(
        fc.array(itemArbitrary, { maxLength: 40 }),
        fc.string({ maxLength: 500 }),
        fc.string({ maxLength: 3000 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 12 }),
        (items, title, summary, pageSize, page) => {
          const answer: Answer = {
            status: 'ok',
            locale: 'en',
            command: { name: 'ask', args: { question: 'q' } },
            title: title || 't',
            summary,
            items,
            citations: Array.from({ length: 8 }, (_, index) => ({ n: index + 1, sourceId: `s${index}`, title: 'T'.repeat(400), publisher: 'P', url: `https://example.org/${'x'.repeat(500)}(${index})`, note: 'n'.repeat(600) })),
            notices: [{ kind: 'scope', text: 'x'.repeat(2000) }],
            suggestions: Array.from({ length: 12 }, (_, index) => ({ label: `label ${index}`, command: `/share ${'s'.repeat(150)}` })),
          };
          const paging: PagingContext = { owner: OWNER, issuedAt: 1_768_478_400, revision: 'abcdef', target: 'ask|question=q' };
          expectWithinLimits(renderDiscordAnswer(answer, { version: VERSION, page, pageSize, paging }));
          expectWithinLimits(renderDiscordSources(answer, { version: VERSION, page, pageSize }));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('any "did you mean" fits Discord: at most five buttons, valid labels and ids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ label: fc.string({ maxLength: 200 }), command: fc.string({ maxLength: 150 }) }), { maxLength: 12 }),
        fc.boolean(),
        (suggestions, ephemeral) => {
          const answer: Answer = { status: 'not-found', locale: 'en', command: { name: 'share', args: { segment: 'x' } }, title: 'No segment called “x”.', items: [], citations: [], notices: [], suggestions };
          const paging: PagingContext = { owner: OWNER, issuedAt: 1_768_478_400, revision: 'abcdef', target: 'share|segment=x' };
          const message = renderDiscordAnswer(answer, { version: VERSION, ephemeral, paging });
          expectWithinLimits(message);
          const fitting = new Set(suggestions.filter((suggestion) => encodeSuggestionId({ command: suggestion.command, hidden: ephemeral, locale: 'en' })).map((suggestion) => suggestion.command));
          expect(message.components?.[0]?.components.length ?? 0).toBe(Math.min(5, fitting.size));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('escapeMarkdown', () => {
  it('keeps claims literal and links intact', () => {
    expect(escapeMarkdown('a *bold* [x](https://evil.example) _claim_ @everyone')).toBe('a \\*bold\\* \\[x\\](https://evil.example) \\_claim\\_ @\u200beveryone');
    expect(escapeMarkdown('see https://github.com/deepseek-ai/DeepSeek_R1 now')).toBe('see https://github.com/deepseek-ai/DeepSeek_R1 now');
    expect(escapeMarkdown('# not a header\n> not a quote')).toBe('\\# not a header\n\\> not a quote');
  });

  it('escapes the title too, within 256 characters and never ending on a split escape', () => {
    const answer: Answer = { status: 'ok', locale: 'en', command: { name: 'ask', args: {} }, title: '*'.repeat(300), items: [], citations: [], notices: [], suggestions: [] };
    const { title } = renderDiscordAnswer(answer, { version: VERSION }).embeds![0]!;
    expect(title!.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(title).toMatch(/^(\\\*)+…$/);
  });
});
