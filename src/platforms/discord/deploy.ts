// `landscape deploy-commands [--guild ID | --global]`: registers every command of commands/
// with one bulk overwrite (PUT), in one guild (instant; for development: --guild, else
// DISCORD_GUILD_ID) or globally. Commands no longer defined are removed by the same PUT. Needs DISCORD_TOKEN; the application id comes
// from DISCORD_APPLICATION_ID or, when unset, from GET /applications/@me.
import { commands as allCommands } from '../../../commands/index.ts';
import type { CommandDefinition } from '../../command.ts';
import { type Config, ConfigError, loadConfig } from '../../config.ts';
import { discordCommands } from './commands.ts';
import { withDiscordJs } from './load.ts';

export interface DeployOptions {
  token: string;
  apiUrl?: string;
  applicationId?: string;
  guildId?: string;
  commands?: readonly CommandDefinition[];
}

export interface DeployResult {
  applicationId: string;
  guildId?: string;
  /** `type` 1 is a slash command, 3 a message command (a message's Apps menu). */
  registered: { id: string; name: string; type: number }[];
}

export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const { REST, Routes } = await withDiscordJs(() => import('discord.js'));
  const rest = new REST({ api: options.apiUrl ?? 'https://discord.com/api' }).setToken(options.token);
  const applicationId = options.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  const body = discordCommands(options.commands ?? allCommands);
  const route = options.guildId ? Routes.applicationGuildCommands(applicationId, options.guildId) : Routes.applicationCommands(applicationId);
  const registered = (await rest.put(route, { body })) as { id: string; name: string; type?: number }[];
  return { applicationId, ...(options.guildId ? { guildId: options.guildId } : {}), registered: registered.map(({ id, name, type }) => ({ id, name, type: type ?? 1 })) };
}

/** The CLI side: configuration from the environment, one line per outcome, an exit status. */
export async function deployCommandsCli(flags: { guild?: string; global?: boolean }, env: NodeJS.ProcessEnv, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(error.message);
    return 2;
  }
  if (flags.guild !== undefined && flags.global) {
    err('landscape deploy-commands: give --guild ID or --global, not both.');
    return 2;
  }
  const guildId = flags.global ? undefined : (flags.guild ?? config.DISCORD_GUILD_ID);
  if (!config.DISCORD_TOKEN) {
    err('landscape deploy-commands: set DISCORD_TOKEN (the bot token from the Developer Portal, Bot page).');
    return 2;
  }
  if (guildId !== undefined && !/^\d{17,20}$/.test(guildId)) {
    err(`landscape deploy-commands: --guild must be a server id (17 to 20 digits), not "${guildId}".`);
    return 2;
  }
  try {
    const result = await deployCommands({
      token: config.DISCORD_TOKEN,
      apiUrl: config.DISCORD_API_URL,
      ...(config.DISCORD_APPLICATION_ID ? { applicationId: config.DISCORD_APPLICATION_ID } : {}),
      ...(guildId ? { guildId } : {}),
    });
    const where = result.guildId ? `in guild ${result.guildId} (available now)` : 'globally (Discord may take a few minutes to show changes)';
    const slash = result.registered.filter((command) => command.type === 1);
    const menus = result.registered
      .filter((command) => command.type === 3)
      .map((command) => `, and "${command.name}" in messages' Apps menu`)
      .join('');
    out(`Registered ${slash.length} commands ${where} for application ${result.applicationId}: ${slash.map((command) => `/${command.name}`).join(' ')}${menus}`);
    return 0;
  } catch (error) {
    const status = (error as { status?: number }).status;
    const hint =
      status === 401
        ? ' (the token was refused: copy it again from the Bot page)'
        : status === 403 || status === 404
          ? ' (check DISCORD_APPLICATION_ID, and that the bot is in that guild with the applications.commands scope)'
          : '';
    err(`landscape deploy-commands: ${(error as Error).message}${hint}`);
    return 1;
  }
}
