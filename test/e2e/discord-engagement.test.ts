// Issue 12 on a real discord.js Client against the fake Discord: votes and the report form on
// an answer, "Check with landscape" on a message, follow-ups (a reply to an answer), and a
// subscribed channel's digest after a live edit of the fact base. Every assertion is on what
// reached "Discord" and on what was stored.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Events } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.ts';
import { MessageFlag } from '../../src/answer/render-discord.ts';
import { decodeAnswerRef, encodeAnswerRef } from '../../src/answer/ref.ts';
import { Bot, type BotReply } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { discordCommands } from '../../src/platforms/discord/commands.ts';
import { DiscordAdapter } from '../../src/platforms/discord/adapter.ts';
import { reportButtonId, reportModalId, voteButtonId } from '../../src/platforms/discord/feedback-ids.ts';
import { effectiveVotes, FeedbackRecorder, userHash } from '../../src/runtime/feedback.ts';
import { Metrics } from '../../src/runtime/metrics.ts';
import { Digests } from '../../src/runtime/digest.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { Reloader } from '../../src/runtime/reload.ts';
import { Subscriptions } from '../../src/runtime/subscriptions.ts';
import { FIXED_NOW, FIXTURE_DIR, R1_PAPER_EVENT, withFixtureFact } from '../support/fixture.ts';
import { ALICE, BOB, CHANNEL_ID, FakeDiscord, GUILD_ID } from './fakes/discord.ts';

const MANAGE_GUILD = String(1 << 5);

const GUILDS = 1;
const GUILD_MESSAGES = 1 << 9;
const DIRECT_MESSAGES = 1 << 12;
const MESSAGE_CONTENT = 1 << 15;

let fake: FakeDiscord;
let bot: Bot;
let adapter: DiscordAdapter;
let stateDir: string;
let feedback: FeedbackRecorder;
let metrics: Metrics;
let refsFile: string;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  stateDir = await mkdtemp(path.join(tmpdir(), 'landscape-discord-feedback-'));
  feedback = new FeedbackRecorder({ file: path.join(stateDir, 'feedback.jsonl') });
  metrics = new Metrics({ defaultMetrics: false });
  bot = new Bot({ store: await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW }), now: () => FIXED_NOW, feedback, metrics });
  refsFile = path.join(stateDir, 'button-refs.jsonl');
  adapter = new DiscordAdapter({ bot, logger: silentLogger, token: 'test-token', apiUrl: fake.apiUrl, now: () => FIXED_NOW.getTime(), refsFile });
  await adapter.start();
});
afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await rm(stateDir, { recursive: true, force: true });
});

/** Every text a reader sees in a message body: content, embed titles, descriptions and fields. */
function textOf(data: any): string {
  return [
    data.content ?? '',
    ...(data.embeds ?? []).flatMap((embed: any) => [embed.title ?? '', embed.description ?? '', ...(embed.fields ?? []).flatMap((field: any) => [field.name, field.value])]),
  ].join('\n');
}

describe('feedback on an answer: votes and the report form', () => {
  /**
   * An answer to Alice as Discord shows it, the reference its feedback buttons carry (read from
   * the buttons themselves), and the reply the Bot gave.
   */
  async function answered(question: string): Promise<{ message: any; ref: string; reply: BotReply }> {
    const handle = vi.spyOn(bot, 'handle');
    const message = await fake.originalMessage(fake.chatInput('ask', { question }));
    const reply = (await handle.mock.results.at(-1)!.value) as BotReply;
    handle.mockRestore();
    const up = feedbackRow(message)?.components[0]?.custom_id as string;
    return { message, ref: up.slice(voteButtonId('up', '').length), reply };
  }
  /** The row of 👍, 👎 and Report a problem, when the message has one. */
  const feedbackRow = (message: any) => (message.components ?? []).find((row: any) => row.components.some((each: any) => each.label === '👍'));
  const MANY = 'When was DeepSeek R1 released? '.repeat(5).trim();

  it('records a 👎 with the answer’s facts and correlation id, counts it, and thanks the clicker privately', async () => {
    const { message, ref, reply } = await answered('When was DeepSeek R1 released?');
    expect(voteButtonId('down', ref).length).toBeLessThanOrEqual(100);
    const { body } = await fake.callback(fake.click(message, voteButtonId('down', ref)));
    expect(body.data.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    expect(textOf(body.data)).toContain('Thanks: your 👎 is recorded. Voting again changes it.');
    const [entry] = await feedback.read();
    expect(entry).toMatchObject({
      kind: 'vote',
      vote: 'down',
      correlationId: reply.correlationId,
      command: 'ask',
      facts: ['seed-r1-release-date', 'ds-r1-license'],
      platform: 'discord',
      user: userHash('discord', ALICE.id),
    });
    expect(await metrics.text()).toMatch(/landscape_votes_total\{vote="down",platform="discord"\} 1/);
  });

  it('one vote per user per answer; another member’s click is their own vote, and loses nothing', async () => {
    const { message, ref, reply } = await answered('Is Llama 2 open source?');
    await fake.callback(fake.click(message, voteButtonId('down', ref)));
    await fake.callback(fake.click(message, voteButtonId('up', ref)));
    const { body } = await fake.callback(fake.click(message, voteButtonId('down', ref), { user: BOB, locale: 'fr' }));
    // French typography: a no-break space before the colon.
    expect(textOf(body.data)).toContain('Merci\u00a0: votre 👎 est enregistré.');
    const votes = effectiveVotes(await feedback.read()).filter((vote) => vote.correlationId === reply.correlationId);
    expect(votes.map((vote) => [vote.user, vote.vote])).toEqual([
      [userHash('discord', ALICE.id), 'up'],
      [userHash('discord', BOB.id), 'down'],
    ]);
  });

  it('shows 👍, 👎 and Report a problem under an answer, and not under a note that has nothing to judge', async () => {
    const { message, ref, reply } = await answered('When was DeepSeek R1 released?');
    expect(feedbackRow(message).components.map((each: any) => [each.label, each.custom_id])).toEqual([
      ['👍', voteButtonId('up', ref)],
      ['👎', voteButtonId('down', ref)],
      ['Report a problem', reportButtonId(ref)],
    ]);
    expect(decodeAnswerRef(ref)).toMatchObject({ id: reply.ref.id, revision: reply.ref.revision });
    const help = await fake.originalMessage(fake.chatInput('help', {}));
    expect(feedbackRow(help)).toBeUndefined();
  });

  it('a long question’s command is kept under a key, found again from the refs file after a restart', async () => {
    const { message, ref } = await answered(MANY);
    const key = /\|@([\w-]+)\|$/.exec(ref)?.[1];
    expect(key).toBeDefined();
    for (const row of message.components) for (const each of row.components) expect(each.custom_id.length).toBeLessThanOrEqual(100);
    // The key lives in the refs file: another process on it (a restart, a second replica) finds it.
    // It is appended in the background while the answer goes out, so wait for the line first:
    // a restart flushes it, and no click comes the millisecond the answer arrives.
    await vi.waitFor(async () => expect(await readFile(refsFile, 'utf8')).toContain(`"k":"${key}"`), { timeout: 10_000, interval: 20 });
    const other = await FakeDiscord.start();
    const restarted = new DiscordAdapter({ bot, logger: silentLogger, token: 'test-token', apiUrl: other.apiUrl, now: () => FIXED_NOW.getTime(), refsFile });
    try {
      await restarted.start();
      const { body } = await other.callback(other.click(message, voteButtonId('up', ref)));
      expect(textOf(body.data)).toContain('Thanks: your 👍 is recorded.');
    } finally {
      await restarted.stop();
      await other.close();
    }
  });

  it('Report a problem opens the form, in the clicker’s language; what it sends is recorded', async () => {
    const { message, ref, reply } = await answered('When was DeepSeek R1 released?');
    const { body } = await fake.callback(fake.click(message, reportButtonId(ref), { user: BOB, locale: 'fr' }));
    expect(body.type).toBe(9);
    expect(body.data.custom_id).toBe(reportModalId(ref));
    expect(body.data.title).toBe('Signaler un problème');
    const [reason, text] = body.data.components;
    expect(reason).toMatchObject({ type: 18, label: 'Qu’est-ce qui ne va pas\u202f?', component: { type: 3, custom_id: 'reason' } });
    expect(reason.component.options.map((option: any) => option.value)).toEqual(['wrong-fact', 'outdated', 'missing-source', 'not-asked']);
    expect(reason.component.options[1].label).toBe('obsolète');
    expect(text).toMatchObject({ type: 18, component: { type: 4, custom_id: 'text', style: 2, required: false, max_length: 1_000 } });
    const sent = await fake.callback(fake.modalSubmit(body.data.custom_id, { reason: ['outdated'], text: 'Une version plus récente existe.' }, { user: BOB, locale: 'fr' }));
    expect(textOf(sent.body.data)).toContain('Merci\u00a0: votre signalement (obsolète) est enregistré');
    expect((await feedback.read()).at(-1)).toMatchObject({
      kind: 'report',
      reason: 'outdated',
      correlationId: reply.correlationId,
      user: userHash('discord', BOB.id),
      text: 'Une version plus récente existe.',
    });
  });

  it('records the report form, its text cleaned and bounded to 1,000 characters, and says so', async () => {
    const { ref, reply } = await answered('When was DeepSeek R1 released?');
    const { body } = await fake.callback(fake.modalSubmit(reportModalId(ref), { reason: ['wrong-fact'], text: `It came out on the 20th\u0000 ${'x'.repeat(10 * 1024)}` }));
    expect(body.data.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    expect(textOf(body.data)).toContain('Thanks: your report (wrong fact) is recorded');
    expect(textOf(body.data)).toContain('Your text was cut to 1,000 characters.');
    const entry = (await feedback.read()).at(-1)!;
    expect(entry).toMatchObject({ kind: 'report', reason: 'wrong-fact', correlationId: reply.correlationId });
    expect(entry.text).toHaveLength(1_000);
    expect(entry.text!.startsWith('It came out on the 20th x')).toBe(true);
  });

  it('an empty form, a damaged button and an unknown answer get a clear private note and store nothing', async () => {
    const { message, ref } = await answered('When was DeepSeek R1 released?');
    const before = (await feedback.read()).length;
    const empty = await fake.callback(fake.modalSubmit(reportModalId(ref), { reason: [], text: '   ' }));
    expect(textOf(empty.body.data)).toContain('A report needs a reason: wrong fact, outdated, missing source, not what I asked. Nothing was recorded.');
    const damaged = await fake.callback(fake.click(message, voteButtonId('up', `${ref.slice(0, 12)}|x`)));
    expect(textOf(damaged.body.data)).toContain('I cannot find that answer any more');
    const forgotten = await fake.callback(fake.click(message, voteButtonId('up', encodeAnswerRef({ id: 'deadbeef', revision: 'abcdef0123', locale: 'en', command: { name: 'nope', args: {} } }))));
    expect(forgotten.body.data.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    expect(textOf(forgotten.body.data)).toContain('I cannot find that answer any more');
    expect(await feedback.read()).toHaveLength(before);
  });
});

describe('Check with landscape (message context menu)', () => {
  it('answers privately with the fact a message’s claim repeats, its scope and its source', async () => {
    const sent = fake.messageCommand('Check with landscape', { content: 'Chinese models are 13% of all AI usage' });
    const { body } = await fake.callback(sent);
    expect(body.type).toBe(4);
    expect(body.data.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    const text = textOf(body.data);
    expect(text).toContain('Checking: “Chinese models are 13% of all AI usage”');
    expect(text).toContain('share of OpenRouter weekly token volume');
    expect(text).toContain('OpenRouter is one API aggregator, not all AI usage.');
    expect(text).toMatch(/\]\(https:\/\/media365\.in\//);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers in French for a French client, and privately even for a claim the base knows nothing of', async () => {
    const { body } = await fake.callback(fake.messageCommand('Check with landscape', { content: 'il fait beau aujourd’hui' }, { locale: 'fr' }));
    expect(body.data.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    expect(textOf(body.data)).toContain('La base n’a rien sur cette affirmation');
  });

  it('a message with no text gets the usage of /check, privately', async () => {
    const { body } = await fake.callback(fake.messageCommand('Check with landscape', { content: '', author: ALICE }));
    expect(body.data.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    expect(textOf(body.data)).toContain('Usage: /check \\<claim\\>');
  });
});

describe('follow-ups: a reply to an answer (DISCORD_FOLLOW_UPS=on)', () => {
  let fake2: FakeDiscord;
  let followUps: DiscordAdapter;
  const posted = () => fake2.attempts('POST', `/channels/${CHANNEL_ID}/messages`).filter((request) => request.status === 200);
  const nthPost = (n: number) => fake2.until(() => posted()[n - 1]);

  beforeAll(async () => {
    fake2 = await FakeDiscord.start();
    followUps = new DiscordAdapter({ bot, logger: silentLogger, token: 'test-token', apiUrl: fake2.apiUrl, now: () => FIXED_NOW.getTime(), refsFile: false, followUps: true });
    await followUps.start();
    const available = new Promise((resolve) => followUps.discordClient!.once(Events.GuildCreate, resolve));
    fake2.guildCreate();
    await available;
  });
  afterAll(async () => {
    await followUps?.stop();
    await fake2?.close();
  });

  it('asks for the message intents only when on; slash commands need nothing more', () => {
    expect(fake.identifies.map((identify) => identify.intents)).toEqual([GUILDS]);
    expect(fake2.identifies.map((identify) => identify.intents)).toEqual([GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT]);
  });

  it('answers a reply to a slash-command answer about the same subject, as a reply that pings no one', async () => {
    const answer = await fake2.originalMessage(fake2.chatInput('ask', { question: 'When was DeepSeek R1 released?' }));
    const reply = fake2.userMessage('and its licence?', { replyTo: answer });
    const { body } = await nthPost(1);
    expect(body.embeds[0].title).toBe('DeepSeek-R1 — licence');
    expect(textOf(body)).toContain('MIT');
    expect(body.message_reference).toMatchObject({ message_id: reply.id });
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body.flags ?? 0).toBe(body.flags & MessageFlag.SuppressEmbeds);

    // A reply to that reply goes on about the same subject, in the reply's language.
    const botReply = fake2.channelMessages(CHANNEL_ID).at(-1);
    fake2.userMessage('et sa date de sortie ?', { replyTo: botReply, user: BOB, ping: false });
    expect((await nthPost(2)).body.embeds[0].title).toBe('DeepSeek-R1 — date de sortie');
  });

  it('ignores every other message: not a reply, a reply to someone else, a bot’s reply', async () => {
    const before = posted().length;
    const someone = fake2.userMessage('Chinese models are 13% of all AI usage', { user: BOB });
    fake2.userMessage('and its licence?', { replyTo: someone });
    fake2.userMessage('and its licence?');
    const answer = await fake2.originalMessage(fake2.chatInput('share', { segment: 'chinese-open' }));
    fake2.userMessage('and its licence?', { replyTo: answer, user: { ...BOB, bot: true } as typeof BOB });
    // The next answered reply comes after all of these were handled.
    fake2.userMessage('and in the US?', { replyTo: answer });
    const { body } = await nthPost(before + 1);
    expect(body.embeds[0].title).toMatch(/US open-weight models/);
    expect(posted()).toHaveLength(before + 1);
  });
});

describe('subscriptions, and the digest of a live edit', () => {
  let dir: string;
  let fake3: FakeDiscord;
  let adapter3: DiscordAdapter;
  let reloader: Reloader;
  let subscriptions: Subscriptions;
  const digestsPosted = () => fake3.attempts('POST', `/channels/${CHANNEL_ID}/messages`).filter((request) => request.status === 200);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'landscape-discord-digest-'));
    await cp(FIXTURE_DIR, path.join(dir, 'knowledge'), { recursive: true });
    const store = await KnowledgeStore.open(path.join(dir, 'knowledge'), { now: FIXED_NOW });
    subscriptions = new Subscriptions({ file: path.join(dir, 'subscriptions.jsonl') });
    fake3 = await FakeDiscord.start();
    adapter3 = new DiscordAdapter({
      bot: new Bot({ store, now: () => FIXED_NOW, subscriptions }),
      logger: silentLogger,
      token: 'test-token',
      apiUrl: fake3.apiUrl,
      now: () => FIXED_NOW.getTime(),
      refsFile: false,
    });
    await adapter3.start();
    // What main.ts does: a digest for each subscribed channel after each reload.
    reloader = new Reloader({ store, logger: silentLogger, debounceMs: 50 });
    const digests = new Digests({ subscriptions, adapters: () => [adapter3], logger: silentLogger, now: () => FIXED_NOW });
    reloader.onSwap((before, after) => void digests.publish(before, after)).watch();
  });
  afterAll(async () => {
    await reloader?.close();
    await adapter3?.stop();
    await fake3?.close();
    await subscriptions?.flush();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers /subscribe and /unsubscribe for servers only, hidden from members without Manage Server', () => {
    for (const name of ['subscribe', 'unsubscribe']) {
      expect(discordCommands(commands).find((registration) => registration.name === name)).toMatchObject({ contexts: [0], integration_types: [0], default_member_permissions: '0' });
    }
  });

  it('refuses a member without Manage Server, changing nothing', async () => {
    const { body } = await fake3.callback(fake3.chatInput('subscribe', { subject: 'deepseek' }, { user: BOB }));
    expect(textOf(body.data)).toContain('Only the channel’s managers can change its subscriptions');
    expect(subscriptions.list()).toEqual([]);
  });

  it('subscribes a channel for a member with Manage Server, then posts a cited digest there when a fact is added', async () => {
    const { body } = await fake3.callback(fake3.chatInput('subscribe', { subject: 'deepseek' }, { permissions: MANAGE_GUILD }));
    expect(textOf(body.data)).toContain('Subscribed: this channel will get a digest when facts about DeepSeek are added or changed.');
    expect(subscriptions.list()).toEqual([expect.objectContaining({ platform: 'discord', channel: CHANNEL_ID, guild: GUILD_ID, subject: 'deepseek' })]);

    const file = path.join(dir, 'knowledge', 'base.yaml');
    await writeFile(file, withFixtureFact(await readFile(file, 'utf8'), R1_PAPER_EVENT));

    const { body: digest } = await fake3.until(() => digestsPosted()[0]);
    expect(digest.embeds[0].title).toBe('What’s new: DeepSeek');
    const text = textOf(digest);
    expect(text).toContain('1 new fact in the fact base');
    expect(text).toContain('DeepSeek published the paper on how DeepSeek-R1 learned to reason.');
    expect(text).toContain('](https://github.com/deepseek-ai/DeepSeek-R1)');
    expect(digest.allowed_mentions).toEqual({ parse: [] });
    expect(digest.components ?? []).toEqual([]);
  });
});
