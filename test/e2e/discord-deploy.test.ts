// `landscape deploy-commands` against the fake Discord: one bulk-overwrite PUT whose body
// is what commands/ defines, globally or to one guild.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { main } from '../../src/cli.ts';
import { discordCommands } from '../../src/platforms/discord/commands.ts';
import { captureIo } from '../support/io.ts';
import { APPLICATION_ID, FakeDiscord, GUILD_ID } from './fakes/discord.ts';

const TOKEN = 'test-token';

describe('landscape deploy-commands', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('--guild: one PUT to the guild route whose body is commands/ as Discord registrations', async () => {
    const io = captureIo({ env: { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: APPLICATION_ID } });
    expect(await main(['deploy-commands', '--guild', GUILD_ID], io)).toBe(0);
    expect(io.out()).toContain(`Registered ${commands.length} commands in guild ${GUILD_ID}`);
    expect(io.out()).toContain(', and "Check with landscape" in messages\' Apps menu');

    const puts = fake.requests.filter((request) => request.method === 'PUT');
    expect(puts.map((request) => request.route)).toEqual([`/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`]);
    const [put] = puts;
    expect(put!.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(put!.body).toEqual(discordCommands(commands));

    // Read against commands/ directly, not through the builder: every command, then the message command.
    expect(put!.body.map((registration: any) => registration.name)).toEqual([...commands.map((command) => command.name), 'Check with landscape']);
    expect(put!.body.at(-1)).toEqual({
      type: 3,
      name: 'Check with landscape',
      name_localizations: { fr: 'Vérifier avec landscape' },
      contexts: [0, 1, 2],
      integration_types: [0, 1],
      default_member_permissions: null,
      nsfw: false,
    });
    for (const command of commands) {
      const registration = put!.body.find((each: any) => each.name === command.name);
      // A channel's settings (subscriptions) are for servers, and their managers.
      expect(registration).toMatchObject({
        type: 1,
        contexts: command.channelSettings ? [0] : [0, 1, 2],
        integration_types: command.channelSettings ? [0] : [0, 1],
        default_member_permissions: command.adminOnly || command.channelSettings ? '0' : null,
      });
      expect(command.description.startsWith(registration.description.replace(/…$/, ''))).toBe(true);
      expect(command.description_fr.startsWith(registration.description_localizations.fr.replace(/…$/, ''))).toBe(true);
      expect(registration.description.length).toBeLessThanOrEqual(100);
      expect(registration.description_localizations.fr.length).toBeLessThanOrEqual(100);
      const options = registration.options as any[];
      expect(options.map((option) => option.name).sort()).toEqual([...command.options.map((option) => option.name), 'hide'].sort());
      // Required options come first, as Discord requires.
      const firstOptional = options.findIndex((option) => !option.required);
      expect(options.slice(firstOptional).every((option) => !option.required)).toBe(true);
      for (const option of command.options) {
        const registered = options.find((each) => each.name === option.name);
        expect(registered).toMatchObject({ type: 3, required: option.required, description_localizations: { fr: expect.any(String) } });
        expect(Boolean(registered.autocomplete)).toBe(Boolean(option.complete));
      }
      expect(options.find((option) => option.name === 'hide')).toMatchObject({ type: 5, required: false, description_localizations: { fr: expect.any(String) } });
    }
    expect(commands.some((command) => command.adminOnly) ? put!.body.some((each: any) => each.default_member_permissions === '0') : true).toBe(true);
  });

  it('without --guild and without DISCORD_APPLICATION_ID: asks Discord for the application, then PUTs globally', async () => {
    fake.requests.length = 0;
    const io = captureIo({ env: { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl } });
    expect(await main(['deploy-commands'], io)).toBe(0);
    expect(fake.requests.map((request) => `${request.method} ${request.route}`)).toEqual(['GET /applications/@me', `PUT /applications/${APPLICATION_ID}/commands`]);
    expect(fake.requests[1]!.body).toEqual(discordCommands(commands));
    expect(io.out()).toContain('globally');
  });

  it('DISCORD_GUILD_ID is the default guild; --global overrides it', async () => {
    fake.requests.length = 0;
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_GUILD_ID: GUILD_ID };
    expect(await main(['deploy-commands'], captureIo({ env }))).toBe(0);
    expect(await main(['deploy-commands', '--global'], captureIo({ env }))).toBe(0);
    expect(fake.requests.map((request) => `${request.method} ${request.route}`)).toEqual([
      `PUT /applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`,
      `PUT /applications/${APPLICATION_ID}/commands`,
    ]);
  });

  it('says what is missing instead of calling Discord', async () => {
    fake.requests.length = 0;
    const noToken = captureIo({ env: { DISCORD_API_URL: fake.apiUrl } });
    expect(await main(['deploy-commands'], noToken)).toBe(2);
    expect(noToken.err()).toContain('DISCORD_TOKEN');
    const badGuild = captureIo({ env: { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl } });
    expect(await main(['deploy-commands', '--guild', 'my-server'], badGuild)).toBe(2);
    expect(badGuild.err()).toContain('--guild must be a server id');
    const both = captureIo({ env: { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl } });
    expect(await main(['deploy-commands', '--guild', GUILD_ID, '--global'], both)).toBe(2);
    expect(fake.requests).toEqual([]);
  });
});
