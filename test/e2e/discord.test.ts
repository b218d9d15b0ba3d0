// A real discord.js Client, running the project's Discord adapter, against a fake Discord
// on loopback (REST + gateway). Every assertion is on what reached "Discord": the callback
// bodies, webhook edits and follow-ups, and the gateway payloads.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { Answer } from '../../src/answer/answer.ts';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageFlag, chartFileName, renderDiscordView } from '../../src/answer/render-discord.ts';
import { PROFILES, viewOf, type ViewProfile } from '../../src/answer/view.ts';
import { decodeButtonId, decodeSuggestionId, encodeButtonId } from '../../src/platforms/discord/button-ids.ts';
import { Bot, type BotRequest } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { RateLimiter } from '../../src/runtime/rate-limit.ts';
import { messages } from '../../src/answer/messages.ts';
import { DiscordAdapter, type DiscordAdapterOptions } from '../../src/platforms/discord/adapter.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { captureLog } from '../support/capture-log.ts';
import { FIXED_NOW, FIXTURE_DIR, fixtureBot } from '../support/fixture.ts';
import { ALICE, BOB, FakeDiscord, buttonsOf, type RecordedRequest, type SentInteraction } from './fakes/discord.ts';
import { closedGate, holdingAnswers, type Gate } from '../support/gate.ts';

const TOKEN = 'test-token';
const GUILDS_INTENT = 1;
const MANAGE_GUILD = String(1 << 5);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The one PNG a request carried, checked to be what the embed points at. */
function expectChart(request: RecordedRequest, name = 'share.png', data = request.body.data ?? request.body): void {
  expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  expect(request.files).toHaveLength(1);
  const [file] = request.files;
  expect(file!.filename).toBe(name);
  expect(file!.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(data.attachments).toEqual([expect.objectContaining({ id: '0' })]);
  expect(data.embeds[0].image).toEqual({ url: `attachment://${name}` });
}

/** A message or request body without a chart. */
function expectNoChart(request: RecordedRequest, data = request.body.data ?? request.body): void {
  expect(request.files).toEqual([]);
  expect(data.embeds?.[0]?.image).toBeUndefined();
}

interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  adapter: DiscordAdapter;
  /** The adapter's clock, in ms; tests move it. */
  clock: { now: number };
  /** Where the adapter keeps long commands for its buttons. */
  refsFile: string;
  close(): Promise<void>;
}

async function startHarness(options: Partial<DiscordAdapterOptions> & { wrap?: (bot: Bot) => DiscordAdapterOptions['bot'] } = {}): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const bot = await fixtureBot();
  const clock = { now: FIXED_NOW.getTime() };
  const { wrap, ...rest } = options;
  const refsFile = path.join(await mkdtemp(path.join(tmpdir(), 'landscape-refs-')), 'refs.jsonl');
  const adapter = new DiscordAdapter({ bot: wrap ? wrap(bot) : bot, logger: silentLogger, token: TOKEN, apiUrl: fake.apiUrl, now: () => clock.now, refsFile, ...rest });
  await adapter.start();
  // The adapter loads the chart code once ready; wait for it (the same module), so that the
  // first /share draws without loading vega and answers at once, as the tests expect.
  if (!rest.drawChart) await import('../../src/answer/render-chart.ts');
  return {
    fake,
    bot,
    adapter,
    clock,
    refsFile,
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

/** The embeds the adapter must send for a page: exactly what the renderer makes of its view. */
function expectedEmbeds(harness: Harness, answer: Answer, options: { page?: number; profile?: ViewProfile; image?: string } = {}) {
  const { version } = harness.bot.knowledge.kb;
  const view = viewOf(answer, { page: options.page ?? 1, profile: options.profile ?? PROFILES.discord });
  return renderDiscordView(view, { version: `${version.date} (${version.commit ?? `rev ${version.revision.slice(0, 8)}`})`, ...(options.image ? { image: options.image } : {}) }).embeds;
}

/** One statement a page, so the two Meta facts of the fixture make two pages. */
const ONE_A_PAGE: ViewProfile = { supporting: 1, firstList: 1, pageSize: 1, detailPageSize: 1 };

/** Arguments that make each command answer from the fixture base. */
const EXAMPLE_ARGS: Record<string, Record<string, string>> = {
  share: { segment: 'chinese-open' },
  timeline: { entity: 'meta' },
  ask: { question: 'When was DeepSeek R1 released?' },
  vendor: { name: 'deepseek' },
  model: { name: 'deepseek-r1' },
  source: { name: 'r1-repo' },
  help: {},
  about: {},
};

describe('Discord adapter against a fake Discord', () => {
  let h: Harness;
  let handle: ReturnType<typeof vi.spyOn>;

  beforeAll(async () => {
    h = await startHarness();
    handle = vi.spyOn(h.bot, 'handle');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('logs in with the Guilds intent only, through DISCORD_API_URL', () => {
    expect(h.fake.identifies).toEqual([{ token: TOKEN, intents: GUILDS_INTENT, shard: [0, 1] }]);
    expect(h.fake.requests.map((request) => `${request.method} ${request.route}`)).toContain('GET /gateway/bot');
    expect(h.adapter.state()).toBe('connected');
  });

  for (const command of commands) {
    it(`/${command.name}: the reply body is the rendered view (embeds, buttons, flags, allowed_mentions)`, async () => {
      const args = EXAMPLE_ARGS[command.name] ?? {};
      const sent = h.fake.chatInput(command.name, args);
      const { body } = await h.fake.callback(sent);
      expect(body.type).toBe(4);
      const { answer } = await h.bot.handle({ platform: 'discord', userId: ALICE.id, channelId: 'x', command: command.name, args });
      const image = chartFileName(viewOf(answer, { profile: PROFILES.discord }));
      expect(body.data).toMatchObject({ embeds: expectedEmbeds(h, answer, image ? { image } : {}), allowed_mentions: { parse: [] } });
      if (image) expectChart(await h.fake.callback(sent), image);
      else expectNoChart(await h.fake.callback(sent));
      expect(body.data.content).toBeUndefined();
      if (answer.status === 'ok' || answer.status === 'info') expect(body.data.flags).toBeUndefined();
      for (const button of buttonsOf(body.data).values()) expect(button.custom_id.length).toBeLessThanOrEqual(100);
      if (answer.citations.length > 0) {
        expect(body.data.embeds[0].description).toMatch(/\[\[1\]\]\(https:\/\//);
        expect(buttonsOf(body.data).has('Sources')).toBe(true);
      }
    });
  }

  it.each([
    ['@everyone <@&123456789012345678>', '@\u200beveryone \\<@&123456789012345678\\>'],
    ['[x](https://evil.example)', '\\[x\\](https://evil.example)'],
    ['<t:0:R>', '\\<t:0:R\\>'],
  ])('shows %s typed by a user as text in the embed title, as in descriptions', async (hostile, shown) => {
    const { body } = await h.fake.callback(h.fake.chatInput('vendor', { name: hostile }));
    expect(body.data.embeds[0].title).toBe(`No vendor called “${shown}”.`);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('/share chinese-open is a public embed with cited statements and a Sources button', async () => {
    const { body } = await h.fake.callback(h.fake.chatInput('share', { segment: 'chinese-open' }));
    expect(body.data.flags).toBeUndefined();
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    const [embed] = body.data.embeds;
    expect(embed.title).toBe('Share: Chinese open-weight models');
    expect(embed.description).toContain('[[1]](https://www.chinastrategy.org/2025/11/25/china-leapfrogs-us-in-global-market-for-open-ai-models)');
    expect(embed.description).toContain('• `2025-11` 17% — share of downloads of new open models on Hugging Face');
    expect(embed.footer.text).toMatch(/^Knowledge \d{4}-\d{2}-\d{2} \(/);
    expect(decodeButtonId(buttonsOf(body.data).get('Sources')!.custom_id)).toMatchObject({ action: 'sources', owner: ALICE.id, target: 'share|segment=chinese-open' });
  });

  it('/share chinese-open attaches its chart as share.png, a PNG the embed shows', async () => {
    const sent = h.fake.chatInput('share', { segment: 'chinese-open' });
    const callback = await h.fake.callback(sent);
    expect(callback.body.type).toBe(4);
    expectChart(callback);
    // Alt text for screen readers: the chart in words.
    expect(callback.body.data.attachments[0].description).toBe('Chinese open-weight models: download-share (percent): 1. past year to Nov 2025 17%; usage-share (percent): 2. 2025 average 13%');
    const message = await h.fake.originalMessage(sent);
    expect(message.attachments).toEqual([expect.objectContaining({ filename: 'share.png', content_type: 'image/png' })]);
    expect(message.embeds[0].image).toEqual({ url: 'attachment://share.png' });
  });

  it('hide: true keeps the chart (an ephemeral answer can carry a file)', async () => {
    const callback = await h.fake.callback(h.fake.chatInput('share', { segment: 'chinese-open', hide: true }));
    expect(callback.body.data.flags).toBe(MessageFlag.Ephemeral);
    expectChart(callback);
  });

  it('passes the user, channel, locale and Manage Server to Bot.handle', async () => {
    handle.mockClear();
    await h.fake.callback(h.fake.chatInput('timeline', { entity: 'meta' }, { locale: 'fr', permissions: MANAGE_GUILD }));
    expect(handle).toHaveBeenCalledWith(
      expect.objectContaining({ platform: 'discord', userId: ALICE.id, channelId: expect.any(String), command: 'timeline', args: { entity: 'meta' }, locale: 'fr', admin: true }),
    );
    handle.mockClear();
    await h.fake.callback(h.fake.chatInput('about', {}, { where: 'dm', locale: 'en-GB' }));
    const request = handle.mock.calls[0]![0] as BotRequest;
    expect(request.admin).toBe(false);
    expect(request.locale).toBeUndefined();
  });

  it('French users get French buttons and footer', async () => {
    const { body } = await h.fake.callback(h.fake.chatInput('share', { segment: 'chinese-open' }, { locale: 'fr' }));
    expect(body.data.embeds[0].title).toBe('Part\u00a0: Chinese open-weight models');
    expect(body.data.embeds[0].description).toMatch(/^Modèles à poids ouverts de développeurs basés en Chine\./);
    expect(body.data.embeds[0].footer.text).toMatch(/^Base /);
  });

  it('a misspelt segment gets an ephemeral "did you mean", without a chart, with a button per suggestion', async () => {
    const callback = await h.fake.callback(h.fake.chatInput('share', { segment: 'chinse' }));
    const { body } = callback;
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(MessageFlag.Ephemeral);
    expect(body.data.embeds[0].title).toBe('No segment called “chinse”.');
    expect(body.data.embeds[0].description).toContain('**Did you mean**\n`/share chinese-open`');
    expectNoChart(callback);
    const button = buttonsOf(body.data).get('Chinese open-weight models (chinese-open)')!;
    expect(button.custom_id.length).toBeLessThanOrEqual(100);
    expect(decodeSuggestionId(button.custom_id)).toEqual({ command: '/share chinese-open', hidden: false, locale: 'en' });
  });

  it('clicking a "did you mean" button answers the suggested command for the clicker, publicly, chart included', async () => {
    const note = await h.fake.originalMessage(h.fake.chatInput('share', { segment: 'chinse' }));
    expect(note.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    handle.mockClear();
    const click = h.fake.click(structuredClone(note), buttonsOf(note).get('Chinese open-weight models (chinese-open)')!.custom_id);
    const callback = await h.fake.callback(click);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBeUndefined();
    expect(callback.body.data.embeds[0].title).toBe('Share: Chinese open-weight models');
    expectChart(callback);
    expect(handle).toHaveBeenCalledWith(expect.objectContaining({ platform: 'discord', userId: ALICE.id, text: '/share chinese-open', locale: 'en' }));
    // The answer is the clicker's own: its buttons are theirs and name the suggested command.
    expect(decodeButtonId(buttonsOf(callback.body.data).get('Sources')!.custom_id)).toMatchObject({ owner: ALICE.id, target: 'share|segment=chinese-open' });
    // The note stays as it was: private, with its buttons.
    const after = h.fake.messages.get(note.id);
    expect(after.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    expect(after.embeds[0].title).toBe('No segment called “chinse”.');
  });

  it('after hide: true, the suggested answer is private too, and in the language of the note', async () => {
    const note = await h.fake.originalMessage(h.fake.chatInput('share', { segment: 'chinse', hide: true }, { locale: 'fr' }));
    const id = [...buttonsOf(note).values()][0]!.custom_id;
    expect(decodeSuggestionId(id)).toEqual({ command: '/share chinese-open', hidden: true, locale: 'fr' });
    const { body } = await h.fake.callback(h.fake.click(structuredClone(note), id));
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(MessageFlag.Ephemeral);
    expect(body.data.embeds[0].title).toBe('Part\u00a0: Chinese open-weight models');
  });

  it('hide: true makes the answer ephemeral', async () => {
    const { body } = await h.fake.callback(h.fake.chatInput('share', { segment: 'chinese-open', hide: true }));
    expect(body.data.flags).toBe(MessageFlag.Ephemeral);
    expect(body.data.embeds[0].title).toBe('Share: Chinese open-weight models');
  });

  it('autocomplete: "chin" offers chinese-open first; an empty input offers the most useful', async () => {
    const { body } = await h.fake.callback(h.fake.autocomplete('share', 'segment', 'chin'));
    expect(body.type).toBe(8);
    expect(body.data.choices[0]).toEqual({ name: expect.any(String), value: 'chinese-open' });
    expect(body.data.choices.length).toBeLessThanOrEqual(25);

    const empty = await h.fake.callback(h.fake.autocomplete('timeline', 'entity', ''));
    expect(empty.body.data.choices.length).toBeGreaterThan(0);
    expect(empty.body.data.choices.length).toBeLessThanOrEqual(25);

    const dates = await h.fake.callback(h.fake.autocomplete('timeline', 'from', '20', { entity: 'meta' }));
    expect(dates.body.data.choices).toEqual([]);
  });

  it('the Sources button lists the full citations, ephemerally', async () => {
    const sent = h.fake.chatInput('share', { segment: 'chinese-open' });
    const message = await h.fake.originalMessage(sent);
    const click = h.fake.click(message, buttonsOf(message).get('Sources')!.custom_id);
    const { body } = await h.fake.callback(click);
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(MessageFlag.Ephemeral);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    const [embed] = body.data.embeds;
    expect(embed.title).toBe('Sources · Share: Chinese open-weight models');
    expect(embed.description).toContain(
      "**[1]** [China leapfrogs US in global market for 'open' AI models](https://www.chinastrategy.org/2025/11/25/china-leapfrogs-us-in-global-market-for-open-ai-models) — Financial Times, 2025-11-25",
    );
    expect(embed.description).toContain('**[2]** [China');
  });

  it('anyone reading a public answer may open its Details or Sources, as a private copy; the message stays', async () => {
    const sent = h.fake.chatInput('ask', { question: 'When was DeepSeek R1 released?' });
    const message = await h.fake.originalMessage(sent);
    const before = JSON.stringify(message);
    const details = await h.fake.callback(h.fake.click(message, buttonsOf(message).get('Details')!.custom_id, { user: BOB }));
    expect(details.body.type).toBe(4);
    expect(details.body.data.flags).toBe(MessageFlag.Ephemeral);
    expect(details.body.data.embeds[0].title).toBe('Details · DeepSeek-R1 — release date');
    // Details shows the whole statement the lead states, and the dispute in full.
    expect(details.body.data.embeds[0].description).toContain('DeepSeek released DeepSeek-R1 (open weights) on 20 January 2025.');
    expect(details.body.data.embeds[0].description).toContain('⚠️ Disputed: the source article says: “R1 was launched on 27 January 2025.”');
    const sources = await h.fake.callback(h.fake.click(message, buttonsOf(message).get('Sources')!.custom_id, { user: BOB }));
    expect(sources.body.data.flags).toBe(MessageFlag.Ephemeral);
    expect(sources.body.data.embeds[0].description).toContain('> “Release DeepSeek-R1”');
    expect(JSON.stringify(h.fake.messages.get(message.id))).toBe(before);
  });

  it('hide: true offers Post publicly, which posts the answer for everyone, saying who shared it, pinging no one', async () => {
    const sent = h.fake.chatInput('share', { segment: 'chinese-open', hide: true });
    const message = await h.fake.originalMessage(sent);
    expect(message.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    const click = h.fake.click(message, buttonsOf(message).get('Post publicly')!.custom_id);
    const { body } = await h.fake.callback(click);
    expect(body.type).toBe(4);
    expect(body.data.flags).toBeUndefined();
    expect(body.data.embeds[0].description).toMatch(new RegExp(`^\\*Shared by <@${ALICE.id}> · /share segment:chinese-open\\*`));
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
    expectChart(await h.fake.callback(click));
    // A public answer is not posted again.
    expect(buttonsOf(body.data).has('Post publicly')).toBe(false);
    expect(buttonsOf((await h.fake.callback(h.fake.chatInput('share', { segment: 'chinese-open' }))).body.data).has('Post publicly')).toBe(false);
  });

  it('a click on an expired page, or one built on another knowledge revision, gets an ephemeral note', async () => {
    const sent = h.fake.chatInput('share', { segment: 'chinese-open' });
    const message = await h.fake.originalMessage(sent);
    const sources = buttonsOf(message).get('Sources')!.custom_id;

    h.clock.now += 25 * 60 * 60 * 1000;
    try {
      const { body } = await h.fake.callback(h.fake.click(message, sources));
      expect(body.data.content).toBe('This answer has expired (it is too old, or the fact base has changed since). Run `/share segment:chinese-open` again.');
      expect(body.data.flags).toBe(MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds);
    } finally {
      h.clock.now -= 25 * 60 * 60 * 1000;
    }

    const state = decodeButtonId(sources)!;
    const { body } = await h.fake.callback(h.fake.click(message, encodeButtonId({ ...state, revision: '0ld0ld' })));
    expect(body.data.content).toMatch(/^This answer has expired/);
  });

  it('a button this version does not know gets an ephemeral note', async () => {
    const message = await h.fake.originalMessage(h.fake.chatInput('about'));
    const { body } = await h.fake.callback(h.fake.click(message, 'v0-something-old'));
    expect(body.data.flags).toBe(MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds);
    expect(body.data.content).toMatch(/older version/);
  });

  it('a rate-limited user gets a friendly ephemeral note (the Bot decides; the adapter renders it)', async () => {
    // A Bot that lets each user one request a minute: the second is refused by its limiter.
    const store = await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW });
    const limiter = new RateLimiter({ user: { burst: 1, windowSeconds: 60 }, clock: () => 0 });
    const limited = await startHarness({ wrap: () => new Bot({ store, now: () => FIXED_NOW, limiter }) });
    try {
      const first = await limited.fake.callback(limited.fake.chatInput('share', { segment: 'chinese-open' }));
      expect(first.body.data.embeds[0].title).toMatch(/Chinese/);
      const { body } = await limited.fake.callback(limited.fake.chatInput('share', { segment: 'chinese-open' }));
      expect(body.data).toMatchObject({
        content: `⚠️ ${messages('en').rateLimited(60)}`,
        flags: MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds,
        allowed_mentions: { parse: [] },
      });
    } finally {
      await limited.close();
    }
  });
});

describe('paging', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ profile: ONE_A_PAGE });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('More updates the message to page 2, which has Previous and Next; Previous goes back', async () => {
    const sent = h.fake.chatInput('timeline', { entity: 'meta' });
    const first = structuredClone(await h.fake.originalMessage(sent));
    expect(first.embeds[0].footer.text).toMatch(/ · Page 1\/2$/);
    expect(first.embeds[0].description).toContain('• `2023-02-24` LLaMA released');
    expect(buttonsOf(first).has('◀ Previous')).toBe(false);

    const more = h.fake.click(first, buttonsOf(first).get('More (1)')!.custom_id);
    const { body } = await h.fake.callback(more);
    expect(body.type).toBe(7);
    const { answer } = await h.bot.handle({ platform: 'discord', userId: ALICE.id, command: 'timeline', args: { entity: 'meta' } });
    expect(body.data).toMatchObject({ embeds: expectedEmbeds(h, answer, { page: 2, profile: ONE_A_PAGE }), allowed_mentions: { parse: [] } });
    expect(body.data.embeds[0].description).toContain('• `2023-07-18` Llama 2 released');
    expect(body.data.embeds[0].footer.text).toMatch(/ · Page 2\/2$/);
    const second = h.fake.messages.get(first.id);
    expect(buttonsOf(second).get('Next ▶')!.disabled).toBe(true);
    expect(buttonsOf(second).get('◀ Previous')!.disabled).toBeUndefined();

    const back = await h.fake.callback(h.fake.click(structuredClone(second), buttonsOf(second).get('◀ Previous')!.custom_id));
    expect(back.body.type).toBe(7);
    expect(back.body.data.embeds[0].footer.text).toMatch(/ · Page 1\/2$/);
  });

  it('only the asker turns the pages: another reader gets a private note, and the message stays', async () => {
    const message = await h.fake.originalMessage(h.fake.chatInput('timeline', { entity: 'meta' }));
    const before = JSON.stringify(message);
    const { body } = await h.fake.callback(h.fake.click(message, buttonsOf(message).get('More (1)')!.custom_id, { user: BOB }));
    expect(body).toEqual({
      type: 4,
      data: expect.objectContaining({
        content: 'Only the person who asked can use these buttons. Run `/timeline entity:meta` to get your own copy.',
        flags: MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds,
        allowed_mentions: { parse: [] },
      }),
    });
    expect(JSON.stringify(h.fake.messages.get(message.id))).toBe(before);
  });

  it('the chart goes with page 1 only: Next drops the file (attachments: []), Previous attaches it again', async () => {
    const sent = h.fake.chatInput('share', { segment: 'chinese-open' });
    expectChart(await h.fake.callback(sent));
    const first = structuredClone(await h.fake.originalMessage(sent));
    expect(first.embeds[0].footer.text).toMatch(/ · Page 1\/2$/);
    expect(first.attachments.map((attachment: { filename: string }) => attachment.filename)).toEqual(['share.png']);

    const next = await h.fake.callback(h.fake.click(first, buttonsOf(first).get('More (1)')!.custom_id));
    expect(next.body.type).toBe(7);
    expect(next.body.data.attachments).toEqual([]);
    expectNoChart(next);
    const second = structuredClone(h.fake.messages.get(first.id));
    expect(second.attachments).toEqual([]);
    expect(second.embeds[0].image).toBeUndefined();

    const back = await h.fake.callback(h.fake.click(second, buttonsOf(second).get('◀ Previous')!.custom_id));
    expect(back.body.type).toBe(7);
    expectChart(back);
    const again = h.fake.messages.get(first.id);
    expect(again.attachments.map((attachment: { filename: string }) => attachment.filename)).toEqual(['share.png']);
    expect(again.embeds[0].image).toEqual({ url: 'attachment://share.png' });
  });

  it('the Sources button on page 2 lists that page’s source as [1]', async () => {
    const sent = h.fake.chatInput('timeline', { entity: 'meta' });
    const first = structuredClone(await h.fake.originalMessage(sent));
    await h.fake.callback(h.fake.click(first, buttonsOf(first).get('More (1)')!.custom_id));
    const second = structuredClone(h.fake.messages.get(first.id));
    const { body } = await h.fake.callback(h.fake.click(second, buttonsOf(second).get('Sources')!.custom_id));
    expect(body.data.flags).toBe(MessageFlag.Ephemeral);
    expect(body.data.embeds[0].description).toMatch(/^\*\*\[1\]\*\* \[meta-llama\/llama-models/);
  });

  it('a question too long for a button id keeps working buttons, even after a restart', async () => {
    const question = 'Which Llama models did Meta release in 2023, and in which sizes were LLaMA and Llama 2 published?';
    const sent = h.fake.chatInput('ask', { question });
    const message = structuredClone(await h.fake.originalMessage(sent));
    const sources = buttonsOf(message).get('Sources')!;
    expect(sources.custom_id.length).toBeLessThanOrEqual(100);
    expect(decodeButtonId(sources.custom_id)!.target).toMatch(/^@/);
    const { body } = await h.fake.callback(h.fake.click(message, sources.custom_id));
    expect(body.data.flags).toBe(MessageFlag.Ephemeral);
    expect(body.data.embeds[0].title).toBe('Sources · LLaMA — size');

    // A new process (a restart, or another shard) reading the same file answers the click.
    await h.adapter.stop();
    const restarted = new DiscordAdapter({ bot: h.bot, logger: silentLogger, token: TOKEN, apiUrl: h.fake.apiUrl, now: () => h.clock.now, profile: ONE_A_PAGE, refsFile: h.refsFile });
    await restarted.start();
    try {
      const again = await h.fake.callback(h.fake.click(message, buttonsOf(message).get('Details')!.custom_id));
      expect(again.body.data.flags).toBe(MessageFlag.Ephemeral);
      expect(again.body.data.embeds[0].title).toBe('Details · LLaMA — size');
    } finally {
      await restarted.stop();
    }
  });
});

describe('slow answers', () => {
  let h: Harness;
  let gate: Gate | undefined;
  let chartGate: Gate | undefined;

  beforeAll(async () => {
    h = await startHarness({
      // Anything not answered at once is deferred; a closed gate holds the Bot's answer.
      deferAfterMs: 0,
      profile: ONE_A_PAGE,
      // A closed chart gate holds the drawing, the Bot's answer being ready.
      drawChart: async (chart) => {
        await chartGate?.wait;
        const { renderChartPng } = await import('../../src/answer/render-chart.ts');
        return renderChartPng(chart);
      },
      wrap: (bot) => holdingAnswers(bot, () => gate),
    });
  });
  afterAll(async () => {
    gate?.open();
    chartGate?.open();
    await h?.close();
  });

  async function deferred(sent: SentInteraction) {
    const { body } = await h.fake.callback(sent);
    return body;
  }

  it('a slow answer is deferred, then edited in', async () => {
    gate = closedGate();
    const sent = h.fake.chatInput('share', { segment: 'chinese-open' });
    expect(await deferred(sent)).toEqual({ type: 5, data: { flags: 0 } });
    gate.open();
    const edit = await h.fake.webhook('PATCH', sent, '/messages/@original');
    expect(edit.body.embeds[0].title).toBe('Share: Chinese open-weight models');
    expect(edit.body.embeds[0].description).toContain('[[1]](https://');
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(edit.body.flags).toBeUndefined();
  });

  it('a slow chart counts as slow work: the reply is deferred, then edited in with the PNG', async () => {
    gate = undefined;
    chartGate = closedGate();
    const sent = h.fake.chatInput('share', { segment: 'chinese-open' });
    expect(await deferred(sent)).toEqual({ type: 5, data: { flags: 0 } });
    chartGate.open();
    const edit = await h.fake.webhook('PATCH', sent, '/messages/@original');
    expectChart(edit);
    expect(edit.body.embeds[0].title).toBe('Share: Chinese open-weight models');
    const message = await h.fake.originalMessage(sent);
    expect(message.attachments.map((attachment: { filename: string }) => attachment.filename)).toEqual(['share.png']);
    expect(message.flags & 128).toBe(0);
  });

  it('hide: the deferral itself is ephemeral', async () => {
    gate = closedGate();
    const sent = h.fake.chatInput('share', { segment: 'chinese-open', hide: true });
    expect(await deferred(sent)).toEqual({ type: 5, data: { flags: MessageFlag.Ephemeral } });
    gate.open();
    const edit = await h.fake.webhook('PATCH', sent, '/messages/@original');
    expect(edit.body.embeds[0].title).toBe('Share: Chinese open-weight models');
  });

  it('a slow "did you mean" replaces the public placeholder with an ephemeral follow-up', async () => {
    gate = closedGate();
    const sent = h.fake.chatInput('share', { segment: 'chinse' });
    expect((await deferred(sent)).type).toBe(5);
    gate.open();
    await h.fake.webhook('DELETE', sent, '/messages/@original');
    const followUp = await h.fake.webhook('POST', sent);
    expect(followUp.body.flags).toBe(MessageFlag.Ephemeral);
    expect(followUp.body.embeds[0].title).toBe('No segment called “chinse”.');
  });

  it('a slow page turn is a deferred update, then an edit of the same message', async () => {
    gate = undefined;
    const sent = h.fake.chatInput('timeline', { entity: 'meta' });
    const message = structuredClone(await h.fake.originalMessage(sent));
    gate = closedGate();
    const click = h.fake.click(message, buttonsOf(message).get('More (1)')!.custom_id);
    expect(await deferred(click)).toEqual({ type: 6 });
    gate.open();
    const edit = await h.fake.webhook('PATCH', click, '/messages/@original');
    expect(edit.body.embeds[0].footer.text).toMatch(/ · Page 2\/2$/);
    expect(h.fake.messages.get(message.id).embeds[0].footer.text).toMatch(/ · Page 2\/2$/);
  });
});

describe('charts that cannot be drawn', () => {
  let h: Harness;
  const log = captureLog('warn');
  let draw: () => Promise<Buffer> = () => Promise.reject(new Error('no fonts'));
  beforeAll(async () => {
    h = await startHarness({ logger: log.logger, drawChart: () => draw(), chartTimeoutMs: 50 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a failed drawing is logged and the answer goes without the image', async () => {
    const callback = await h.fake.callback(h.fake.chatInput('share', { segment: 'chinese-open' }));
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.embeds[0].title).toBe('Share: Chinese open-weight models');
    expectNoChart(callback);
    const record = await h.fake.until(() => log.records().find((line) => line.msg === 'could not draw the chart; answering without it'));
    expect(record).toMatchObject({ level: 40, platform: 'discord', correlationId: expect.any(String), err: expect.objectContaining({ message: 'no fonts' }) });
  });

  it('a drawing that never finishes is given up: the answer goes without the image', async () => {
    draw = () => new Promise<Buffer>(() => undefined);
    const callback = await h.fake.callback(h.fake.chatInput('share', { segment: 'chinese-open' }));
    expect(callback.body.data.embeds[0].title).toBe('Share: Chinese open-weight models');
    expectNoChart(callback);
    expect(log.records().some((line) => line.msg === 'chart took too long; answering without it')).toBe(true);
  });
});

describe('gateway resilience', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('after a resumable close (4000) the client resumes its session and answers the next interaction', async () => {
    await h.fake.dropConnection(0, 4000, 'fake: unknown error');
    const [resume] = await h.fake.until(() => (h.fake.resumes.length > 0 ? h.fake.resumes : undefined));
    expect(resume!.seq).toBeGreaterThanOrEqual(1);
    await h.fake.readySessions(1);
    const { body } = await h.fake.callback(h.fake.chatInput('share', { segment: 'chinese-open' }));
    expect(body.type).toBe(4);
    expect(body.data.embeds[0].description).toContain('[[1]](https://');
    // Resumed, not identified again.
    expect(h.fake.identifies).toHaveLength(1);
  });
});

describe('a close the gateway will not recover from', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('after close code 4004 (authentication failed) the adapter is failed, says why, and does not identify again', async () => {
    expect(h.adapter.state()).toBe('connected');
    await h.fake.dropConnection(0, 4004, 'Authentication failed.');
    await vi.waitFor(() => expect(h.adapter.state()).toBe('failed'), { timeout: 10_000, interval: 20 });
    expect(h.adapter.failure()).toBe('authentication failed; check DISCORD_TOKEN (gateway close code 4004)');
    expect(h.fake.identifies).toHaveLength(1);
    expect(h.fake.resumes).toHaveLength(0);
  });
});

describe('two shards in one process', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ shards: [0, 1], shardCount: 2 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('identify as [0, 2] and [1, 2], and each answers its own interactions', async () => {
    expect(h.fake.identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const { body } = await h.fake.callback(h.fake.chatInput('share', { segment: 'chinese-open' }, { shard: 1 }));
    expect(body.data.embeds[0].title).toBe('Share: Chinese open-weight models');
  });

  it('SHARDS and SHARD_COUNT in the environment pick the shards, as on one of several machines', async () => {
    const saved = { SHARDS: process.env.SHARDS, SHARD_COUNT: process.env.SHARD_COUNT };
    process.env.SHARDS = '[2]';
    process.env.SHARD_COUNT = '3';
    let other: Harness | undefined;
    try {
      other = await startHarness();
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    try {
      expect(other.fake.identifies.map((identify) => identify.shard)).toEqual([[2, 3]]);
      const { body } = await other.fake.callback(other.fake.chatInput('timeline', { entity: 'meta' }, { shard: 2 }));
      expect(body.data.embeds[0].title).toBe('Timeline: Meta');
    } finally {
      await other.close();
    }
  });
});
