// One process serving Discord and Slack at once, as both platforms' variables allow. Bolt
// brings a newer undici than discord.js's, and whichever loads first becomes the process's
// global HTTP dispatcher. Here Bolt loads first (as when Slack's adapter starts before
// Discord's): discord.js must still send its requests through its own undici, or a reply
// carrying a file (the /share chart) cannot be sent at all.
import '@slack/bolt';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../src/platforms/discord/adapter.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { fixtureBot } from '../support/fixture.ts';
import { FakeDiscord } from './fakes/discord.ts';

let fake: FakeDiscord;
let adapter: DiscordAdapter;
let dir: string;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  dir = await mkdtemp(path.join(tmpdir(), 'landscape-discord-slack-'));
  adapter = new DiscordAdapter({ bot: await fixtureBot(), logger: silentLogger, token: 'test-token', apiUrl: fake.apiUrl, refsFile: path.join(dir, 'refs.jsonl') });
  await adapter.start();
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Discord beside Slack in one process', () => {
  it('sends a reply with its chart file through discord.js’s own HTTP client', async () => {
    const message = await fake.originalMessage(fake.chatInput('share', { segment: 'chinese-open' }));
    expect(message.embeds?.[0]?.title, JSON.stringify(message)).toBe('Share: Chinese open-weight models');
    expect(message.attachments).toEqual([expect.objectContaining({ filename: 'share.png', content_type: 'image/png' })]);
  });
});
