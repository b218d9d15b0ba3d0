// The Discord renderer is pure: views of answers from the fixture base, with a pinned clock
// and knowledge version, give byte-identical payloads, so snapshots show what users see.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer.ts';
import {
  DISCORD_LIMITS,
  MessageFlag,
  chartFileName,
  escapeMarkdown,
  renderDiscordChoices,
  renderDiscordNote,
  renderDiscordSources,
  renderDiscordView,
  type DiscordButtons,
  type DiscordMessage,
} from '../../src/answer/render-discord.ts';
import { PROFILES, viewOf, type AnswerView } from '../../src/answer/view.ts';
import { Bot } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { answerArbitrary } from '../support/arbitrary-answers.ts';

const NOW = new Date('2026-01-15T12:00:00Z');
const VERSION = '2026-01-01 (abc1234)';
const ALL_BUTTONS: DiscordButtons = { more: 'm', details: 'd', sources: 's', post: 'x' };

let bot: Bot;
beforeAll(async () => {
  const store = await KnowledgeStore.open('test/fixtures/mini');
  bot = new Bot({ store, now: () => NOW });
});

async function viewFor(command: string, args: Record<string, string>, options: { locale?: 'en' | 'fr'; page?: number; detailed?: boolean } = {}): Promise<AnswerView> {
  const { answer } = await bot.handle({ platform: 'discord', userId: '1', command, args, locale: options.locale ?? 'en' });
  return viewOf(answer, { profile: PROFILES.discord, page: options.page ?? 1, detailed: options.detailed ?? false });
}

/** Every limit Discord enforces on a message, checked on any payload. */
function expectWithinLimits(message: DiscordMessage): void {
  expect(message.allowed_mentions).toEqual({ parse: [] });
  if (message.content !== undefined) expect(message.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  let total = 0;
  for (const embed of message.embeds ?? []) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
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
  // A content-only message would unfurl its links; an embed's links never do.
  if (message.embeds === undefined) expect((message.flags ?? 0) & MessageFlag.SuppressEmbeds).toBe(MessageFlag.SuppressEmbeds);
}

describe('renderDiscordView on the fixture base', () => {
  it('/ask leads with the answer, keeps the dispute in one line, and offers Details and Sources', async () => {
    const view = await viewFor('ask', { question: 'When was DeepSeek R1 released?' });
    const message = renderDiscordView(view, { version: VERSION, buttons: { details: 'd', sources: 's' } });
    expectWithinLimits(message);
    const [embed] = message.embeds!;
    expect(embed!.title).toBe('DeepSeek-R1 — release date');
    expect(embed!.description).toMatch(/^\*\*DeepSeek-R1 was released on 20 January 2025\.\*\* \[\[1\]\]\(https:\/\/github\.com\/deepseek-ai\/DeepSeek-R1\)/);
    expect(embed!.description).toContain('⚠️ disputed — the source article says “R1 was launched on 27 January 2025.”');
    expect(message.components![0]!.components.map((button) => button.label)).toEqual(['Details', 'Sources']);
    expect(message).toMatchSnapshot();
  });

  it('/share is a compact list, one line per figure, with More, Details and Sources', async () => {
    const view = await viewFor('share', { segment: 'chinese-open' });
    const message = renderDiscordView(view, { version: VERSION, buttons: ALL_BUTTONS, image: chartFileName(view)! });
    expectWithinLimits(message);
    expect(message.embeds![0]!.image).toEqual({ url: 'attachment://share.png' });
    expect(message.embeds![0]!.description).toContain('• `2025-11` 17% — share of downloads of new open models on Hugging Face, past year to Nov 2025. [[1]](');
    expect(message).toMatchSnapshot();
  });

  it('Details shows whole statements with every note, in French', async () => {
    const view = await viewFor('share', { segment: 'chinese-open' }, { locale: 'fr', detailed: true });
    const message = renderDiscordView(view, { version: VERSION, ephemeral: true, buttons: { sources: 's' } });
    expectWithinLimits(message);
    expect(message.flags).toBe(MessageFlag.Ephemeral);
    expect(message.embeds![0]!.title).toBe('Détails · Part\u00a0: Chinese open-weight models');
    expect(message.embeds![0]!.description).toContain('> · Confiance\u00a0: moyenne.');
    expect(message).toMatchSnapshot();
  });

  it('pages after the first have Previous and Next, the page in the footer', async () => {
    const view = await viewFor('timeline', { entity: 'meta' }, { page: 1 });
    expect(view.pager).toMatchObject({ page: 1, pageCount: 1 });
    const paged = viewOf((await bot.handle({ platform: 'discord', userId: '1', command: 'timeline', args: { entity: 'meta' } })).answer, {
      profile: { ...PROFILES.discord, firstList: 1, pageSize: 1 },
      page: 2,
    });
    const message = renderDiscordView(paged, { version: VERSION, buttons: { previous: { id: 'p1', disabled: false }, next: { id: 'p3', disabled: true }, sources: 's' } });
    expect(message.components![0]!.components.map((button) => [button.label, button.disabled ?? false])).toEqual([
      ['◀ Previous', false],
      ['Next ▶', true],
      ['Sources', false],
    ]);
    expect(message.embeds![0]!.footer!.text).toBe(`Knowledge ${VERSION} · Page 2/2`);
  });

  it('a misspelt segment is a private "did you mean", a button per suggestion', async () => {
    const view = await viewFor('share', { segment: 'chinse' });
    const message = renderDiscordView(view, { version: VERSION, buttons: { suggestions: [{ id: 'q1', label: 'Chinese open-weight models (chinese-open)' }] } });
    expectWithinLimits(message);
    expect(message.flags).toBe(MessageFlag.Ephemeral);
    expect(message.embeds![0]!.description).toContain('**Did you mean**\n`/share chinese-open`');
    expect(message.components).toEqual([{ type: 1, components: [{ type: 2, style: 1, label: 'Chinese open-weight models (chinese-open)', custom_id: 'q1' }] }]);
  });

  it('a post in the channel says who shared it, with a mention that pings no one', async () => {
    const view = await viewFor('share', { segment: 'chinese-open' });
    const message = renderDiscordView(view, { version: VERSION, sharedBy: { userId: '123456789012345678', command: '/share segment:chinese-open' } });
    expect(message.embeds![0]!.description).toMatch(/^\*Shared by <@123456789012345678> · \/share segment:chinese-open\*/);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    // Text a user typed is never a mention.
    expect(renderDiscordView(view, { version: VERSION, sharedBy: { userId: '@everyone', command: 'x' } }).embeds![0]!.description).not.toContain('Shared by');
  });

  it('/help is one list of plain lines, without buttons', async () => {
    const message = renderDiscordView(await viewFor('help', {}), { version: VERSION });
    expectWithinLimits(message);
    expect(message.components).toBeUndefined();
    expect(message.embeds![0]!.description).toContain('\n• /compare \\<first\\> \\<second\\>');
  });

  it('errors and rate-limit notes are short ephemeral content with link previews suppressed', () => {
    const note: Answer = {
      status: 'limited',
      locale: 'en',
      command: { name: 'share', args: {} },
      title: 'You are asking faster than I can keep up with; please try again in 3 s.',
      items: [],
      citations: [],
      notices: [],
      suggestions: [],
    };
    const message = renderDiscordView(viewOf(note, { profile: PROFILES.discord }), { version: VERSION });
    expect(message).toEqual({ content: `⚠️ ${note.title}`, flags: MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds, allowed_mentions: { parse: [] } });
  });

  it('escapes user text in titles as in descriptions', () => {
    const answer: Answer = {
      status: 'not-found',
      locale: 'en',
      command: { name: 'model', args: { name: 'x' } },
      title: 'No model called “@everyone <@&123> [x](https://evil.example) <t:0:R>”.',
      items: [],
      citations: [],
      notices: [],
      suggestions: [],
    };
    const title = renderDiscordView(viewOf(answer, { profile: PROFILES.discord }), { version: VERSION }).embeds![0]!.title!;
    expect(title).toBe('No model called “@\u200beveryone \\<@&123\\> \\[x\\](https://evil.example) \\<t:0:R\\>”.');
  });
});

describe('renderDiscordSources', () => {
  it('lists the page’s citations in full, with their quotes, ephemerally', async () => {
    const view = await viewFor('ask', { question: 'When was DeepSeek R1 released?' }, { detailed: true });
    const message = renderDiscordSources(view, { version: VERSION });
    expectWithinLimits(message);
    expect(message.flags).toBe(MessageFlag.Ephemeral);
    expect(message.embeds![0]!.title).toBe('Sources · DeepSeek-R1 — release date');
    expect(message.embeds![0]!.description).toContain('**[1]** [deepseek-ai/DeepSeek-R1');
    expect(message.embeds![0]!.description).toContain('> “Release DeepSeek-R1”');
  });
});

describe('notes and choices', () => {
  it('the notes a click can get are ephemeral, in the asker’s language', () => {
    expect(renderDiscordNote('not-owner', 'fr', '/share segment:chinese-open').content).toBe(
      'Seule la personne qui a posé la question peut utiliser ces boutons. Lancez `/share segment:chinese-open` pour avoir la vôtre.',
    );
    expect(renderDiscordNote('expired', 'en', '/a`b').content).toContain('`/aˋb`');
    expect(renderDiscordNote('unknown-button', 'en').flags).toBe(MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds);
  });

  it('choices: at most 25, names cut to 100, values over 100 dropped', () => {
    const choices = renderDiscordChoices([...Array.from({ length: 30 }, (_, index) => ({ name: `n${index}`.repeat(40), value: `v${index}` })), { name: 'long', value: 'x'.repeat(101) }]);
    expect(choices).toHaveLength(25);
    for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
    expect(choices.some((choice) => choice.value.length > 100)).toBe(false);
  });
});

describe('limits', () => {
  it('any answer fits Discord on every page, compact or in detail, and no statement is ever cut', () => {
    fc.assert(
      fc.property(answerArbitrary, fc.integer({ min: 1, max: 8 }), fc.boolean(), (answer, page, detailed) => {
        const view = viewOf(answer, { profile: PROFILES.discord, page, detailed });
        const message = renderDiscordView(view, {
          version: VERSION,
          buttons: { ...ALL_BUTTONS, suggestions: view.suggestions.map((suggestion, index) => ({ id: `q${index}`, label: suggestion.label })) },
        });
        expectWithinLimits(message);
        expectWithinLimits(renderDiscordSources(view, { version: VERSION }));
        const description = message.embeds?.[0]?.description ?? '';
        // A statement is shown whole, or left for the next page: never cut in the middle.
        for (const statement of view.statements) {
          const shown = escapeMarkdown(statement.text);
          if (!description.includes(shown)) expect(description.endsWith('…') || shown.length > DISCORD_LIMITS.description).toBe(true);
        }
      }),
      { numRuns: 150 },
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
    const { title } = renderDiscordView(viewOf(answer, { profile: PROFILES.discord }), { version: VERSION }).embeds![0]!;
    expect(title!.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(title).toMatch(/^(\\\*)+…$/);
  });
});
