// Slash-command registrations built from commands/: what `landscape deploy-commands` PUTs.
// Every command works in servers, in DMs with the bot and as a user-installed app; options
// that name something the base knows have autocomplete; every command gets a `hide` option;
// admin-only commands are hidden from members without Manage Server. Pure data.
import type { RESTPostAPIChatInputApplicationCommandsJSONBody, RESTPostAPIContextMenuApplicationCommandsJSONBody } from 'discord.js';
import { messages } from '../../answer/messages.ts';
import type { CommandDefinition, CommandOption } from '../../command.ts';

/** Discord's limits on a registration. */
const MAX_DESCRIPTION = 100;
const MAX_OPTIONS = 25;

/** Guild, bot DM, private channel (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-interaction-context-types). */
export const COMMAND_CONTEXTS = [0, 1, 2] as const;
/** Guild install and user install. */
export const INTEGRATION_TYPES = [0, 1] as const;
const GUILD_CONTEXT = 0;
const GUILD_INSTALL = 0;

/** The boolean option every command gets: only the asker sees the answer. */
export const HIDE_OPTION = 'hide';

const ApplicationCommandType = { ChatInput: 1, Message: 3 } as const;
const OptionType = { String: 3, Boolean: 5 } as const;

export type DiscordCommand = RESTPostAPIChatInputApplicationCommandsJSONBody;
export type DiscordMessageCommand = RESTPostAPIContextMenuApplicationCommandsJSONBody;

export function discordCommand(definition: CommandDefinition): DiscordCommand {
  // Discord wants the required options first.
  const ordered = [...definition.options.filter((option) => option.required), ...definition.options.filter((option) => !option.required)];
  const options = [
    ...ordered.map(discordOption),
    {
      type: OptionType.Boolean,
      name: HIDE_OPTION,
      name_localizations: { fr: 'masquer' },
      description: 'Only you see the answer',
      description_localizations: { fr: 'Vous seul voyez la réponse' },
      required: false,
    },
  ].slice(0, MAX_OPTIONS);
  return {
    type: ApplicationCommandType.ChatInput,
    name: definition.name,
    description: fit(definition.description),
    description_localizations: { fr: fit(definition.description_fr) },
    options,
    // A channel's settings (subscriptions) exist in servers the bot is in: it posts there.
    contexts: definition.channelSettings ? [GUILD_CONTEXT] : [...COMMAND_CONTEXTS],
    integration_types: definition.channelSettings ? [GUILD_INSTALL] : [...INTEGRATION_TYPES],
    // "0": nobody but administrators (and members granted it in Server Settings) sees it.
    default_member_permissions: definition.adminOnly || definition.channelSettings ? '0' : null,
    nsfw: false,
  } as DiscordCommand;
}

function discordOption(option: CommandOption) {
  return {
    type: OptionType.String,
    name: option.name,
    description: fit(option.description),
    description_localizations: { fr: fit(option.description_fr) },
    required: option.required,
    ...(option.complete ? { autocomplete: true } : {}),
    ...(option.type === 'date' ? { min_length: 4, max_length: 10 } : option.maxLength ? { max_length: Math.min(option.maxLength, 6000) } : {}),
  };
}

/** Discord refuses descriptions over 100 characters: cut at a word, with "…". */
function fit(text: string): string {
  if (text.length <= MAX_DESCRIPTION) return text;
  const room = text.slice(0, MAX_DESCRIPTION - 1);
  const space = room.lastIndexOf(' ');
  return `${(space > MAX_DESCRIPTION / 2 ? room.slice(0, space) : room).replace(/[\s,;:–—-]+$/, '')}…`;
}

/**
 * "Check with landscape" in a message's Apps menu: /check on that message (the adapter's
 * `onCheckMessage`). Message commands have a name and no description; the name shows as is.
 */
export function checkMessageCommand(): DiscordMessageCommand {
  return {
    type: ApplicationCommandType.Message,
    name: messages('en').checkWithLandscape,
    name_localizations: { fr: messages('fr').checkWithLandscape },
    contexts: [...COMMAND_CONTEXTS],
    integration_types: [...INTEGRATION_TYPES],
    default_member_permissions: null,
    nsfw: false,
  } as DiscordMessageCommand;
}

/** Every registration: the slash commands, then the message command when /check is among them. */
export function discordCommands(definitions: readonly CommandDefinition[]): (DiscordCommand | DiscordMessageCommand)[] {
  const check = definitions.some((definition) => definition.name === 'check');
  return [...definitions.map(discordCommand), ...(check ? [checkMessageCommand()] : [])];
}
