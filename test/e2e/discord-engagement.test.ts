// Issue 12 on a real discord.js Client against the fake Discord: "Check with landscape" on a
// message. Every assertion is on what reached "Discord".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlag } from '../../src/answer/render-discord.ts';
import type { Bot } from '../../src/bot.ts';
import { DiscordAdapter } from '../../src/platforms/discord/adapter.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { FIXED_NOW, fixtureBot } from '../support/fixture.ts';
import { ALICE, FakeDiscord } from './fakes/discord.ts';

let fake: FakeDiscord;
let bot: Bot;
let adapter: DiscordAdapter;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  bot = await fixtureBot();
  adapter = new DiscordAdapter({ bot, logger: silentLogger, token: 'test-token', apiUrl: fake.apiUrl, now: () => FIXED_NOW.getTime() });
  await adapter.start();
});
afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
});

/** Every text a reader sees in a message body: content, embed titles, descriptions and fields. */
function textOf(data: any): string {
  return [data.content ?? '', ...(data.embeds ?? []).flatMap((embed: any) => [embed.title ?? '', embed.description ?? '', ...(embed.fields ?? []).flatMap((field: any) => [field.name, field.value])])].join('\n');
}

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
    expect(textOf(body.data)).toContain('Usage: /check <claim>');
  });
});
