// The app manifest is generated from commands/: Slack must offer exactly the commands the
// bot has (plus /landscape), with the scopes and events the adapter listens to.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../../commands/index.ts';
import { main } from '../../src/cli.ts';
import { BOT_EVENTS, BOT_SCOPES, CHECK_SHORTCUT, slackManifest, usageHint } from '../../src/platforms/slack/manifest.ts';
import { captureIo } from '../support/io.ts';

async function cli(...args: string[]) {
  const io = captureIo();
  const status = await main(['slack-manifest', ...args], io);
  return { status, out: io.out(), err: io.err() };
}

describe('landscape slack-manifest', () => {
  it('lists every command in commands/ and nothing else, plus /landscape', async () => {
    const { status, out } = await cli();
    expect(status).toBe(0);
    const manifest = parse(out);
    const offered = commands.filter((command) => !command.adminOnly);
    expect(manifest.features.slash_commands.map((command: { command: string }) => command.command)).toEqual([...offered.map((command) => `/${command.name}`), '/landscape']);
    for (const command of offered) {
      const entry = manifest.features.slash_commands.find((candidate: { command: string }) => candidate.command === `/${command.name}`);
      expect(entry.description).toBe(command.description);
      expect(entry.usage_hint).toBe(usageHint(command));
      expect(entry.should_escape).toBe(false);
    }
    // Slack's limits on manifest fields.
    for (const entry of manifest.features.slash_commands) {
      expect(entry.command.length).toBeLessThanOrEqual(32);
      expect(entry.description.length).toBeLessThanOrEqual(2000);
      expect((entry.usage_hint ?? '').length).toBeLessThanOrEqual(1000);
    }
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
  });

  it('leaves admin-only commands out: Slack cannot restrict a command to admins', () => {
    const adminOnly = commands.filter((command) => command.adminOnly).map((command) => `/${command.name}`);
    const offered = slackManifest({ commands }).features.slash_commands.map((command) => command.command);
    for (const name of adminOnly) expect(offered).not.toContain(name);
  });

  it('gives usage hints from each command’s options', () => {
    const hints = Object.fromEntries(slackManifest({ commands }).features.slash_commands.map((command) => [command.command, command.usage_hint]));
    expect(hints['/share']).toBe('<segment>');
    expect(hints['/timeline']).toBe('<entity> [from] [to]');
    expect(hints['/help']).toBe('[command]');
    expect(hints['/landscape']).toBe('<command> [arguments], e.g. ask When was DeepSeek R1 released?');
    expect(hints['/compare']).toBe('<first> <second>');
    expect(hints['/releases']).toBe('[period] [of]');
  });

  it('asks for the scopes and events the adapter uses, with interactivity', async () => {
    const manifest = parse((await cli()).out);
    expect(manifest.oauth_config.scopes.bot).toEqual([
      'commands',
      'chat:write',
      'chat:write.public',
      'app_mentions:read',
      'im:history',
      'channels:history',
      'groups:history',
      'files:write',
      'users:read',
      'channels:read',
      'groups:read',
    ]);
    expect([...BOT_SCOPES]).toEqual(manifest.oauth_config.scopes.bot);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_mention', 'message.im', 'message.channels', 'message.groups', 'app_home_opened']);
    expect([...BOT_EVENTS]).toEqual(manifest.settings.event_subscriptions.bot_events);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
  });

  it('offers "Check with landscape" as a message shortcut', () => {
    expect(slackManifest({ commands }).features.shortcuts).toEqual([
      { name: 'Check with landscape', type: 'message', callback_id: CHECK_SHORTCUT, description: 'What the fact base says about the claims in this message, privately' },
    ]);
    expect(slackManifest({ commands: commands.filter((command) => command.name !== 'check') }).features).not.toHaveProperty('shortcuts');
  });

  it('uses Socket Mode without --url, and no request URL anywhere', async () => {
    const { out } = await cli();
    const manifest = parse(out);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(out).not.toContain('url:');
  });

  it('points every request URL at <url>/slack/events with --url', async () => {
    const { status, out } = await cli('--url', 'https://bot.example.org/');
    expect(status).toBe(0);
    const manifest = parse(out);
    const endpoint = 'https://bot.example.org/slack/events';
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.event_subscriptions.request_url).toBe(endpoint);
    expect(manifest.settings.interactivity.request_url).toBe(endpoint);
    for (const command of manifest.features.slash_commands) expect(command.url).toBe(endpoint);
  });

  it.each([['http://bot.example.org'], ['not a url'], ['https://bot.example.org/?x=1']])('refuses --url %s with exit status 2', async (url) => {
    const { status, out, err } = await cli('--url', url);
    expect(status).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('--url');
  });
});
