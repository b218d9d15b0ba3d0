// The Slack app manifest, generated from commands/ so that Slack offers exactly the commands
// the bot has: each with its description and usage hint, plus the umbrella /landscape for
// workspaces where a short name is taken. With a public URL, Slack sends every request to
// <url>/slack/events; without one, the app uses Socket Mode.
import { cut } from '../../answer/text.ts';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { messages } from '../../answer/messages.ts';
import { usageLine, type CommandDefinition } from '../../command.ts';

export const UMBRELLA_COMMAND = 'landscape';
export const EVENTS_PATH = '/slack/events';
/**
 * `chat:write.public` posts digests in public channels without an invitation;
 * `channels:history` and `groups:history`, with their events, bring replies in a thread the
 * bot answered in (follow-ups); `users:read` (a member's language, and whether they are an
 * admin), `channels:read` and `groups:read` tell who may change a channel's subscriptions.
 */
export const BOT_SCOPES = [
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
] as const;
export const BOT_EVENTS = ['app_mention', 'message.im', 'message.channels', 'message.groups', 'app_home_opened'] as const;
/** The message shortcut "Check with landscape" (a message's ⋮ menu): /check on its text. */
export const CHECK_SHORTCUT = 'check_with_landscape';

export interface ManifestOptions {
  commands: readonly CommandDefinition[];
  /** Public https base URL; absent means Socket Mode. */
  url?: string;
  name?: string;
}

interface ManifestSlashCommand {
  command: string;
  description: string;
  usage_hint?: string;
  should_escape: boolean;
  url?: string;
}

/** `<segment>` for `/share <segment>`: what Slack shows after the command name. */
export function usageHint(command: CommandDefinition): string | undefined {
  const hint = usageLine(command)
    .slice(command.name.length + 1)
    .trim();
  return hint || undefined;
}

/** Validates and normalises `--url`: https only (Slack requires it), no trailing slash. */
export function requestBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--url must be an https URL, got "${value}"`);
  }
  if (url.protocol !== 'https:') throw new Error(`--url must be an https URL (Slack sends requests only over https), got "${value}"`);
  if (url.search || url.hash) throw new Error(`--url must have no query or fragment, got "${value}"`);
  return url.toString().replace(/\/+$/, '');
}

/**
 * The commands Slack offers. Admin-only commands are left out: Slack has no per-command
 * permissions, so every member would see them, and the Bot grants them no capability there.
 */
export function slackCommands(commands: readonly CommandDefinition[]): CommandDefinition[] {
  return commands.filter((command) => !command.adminOnly);
}

export function slackManifest(options: ManifestOptions) {
  const commands = slackCommands(options.commands);
  const base = options.url ? requestBaseUrl(options.url) : undefined;
  const requestUrl = base ? `${base}${EVENTS_PATH}` : undefined;
  const withUrl = <T extends object>(value: T) => (requestUrl ? { ...value, url: requestUrl } : value);

  const slashCommands: ManifestSlashCommand[] = commands.map((command) =>
    withUrl({
      command: `/${command.name}`,
      description: cut(command.description, 2000),
      ...(usageHint(command) ? { usage_hint: cut(usageHint(command)!, 1000) } : {}),
      should_escape: false,
    }),
  );
  const example = commands[0]?.examples[0]?.replace(/^\//, '') ?? 'help';
  slashCommands.push(
    withUrl({
      command: `/${UMBRELLA_COMMAND}`,
      description: `Any command or question: ${commands.map((command) => command.name).join(', ')}`,
      usage_hint: `<command> [arguments], e.g. ${example}`,
      should_escape: false,
    }),
  );

  return {
    display_information: {
      name: options.name ?? 'landscape',
      description: 'Cited facts about the open-source AI landscape: shares, timelines, vendors, models.',
      background_color: '#1f3b57',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: 'landscape', always_online: true },
      slash_commands: slashCommands,
      // Only when /check is offered; Slack shows shortcut names as written (no translations).
      ...(commands.some((command) => command.name === 'check')
        ? { shortcuts: [{ name: messages('en').checkWithLandscape, type: 'message', callback_id: CHECK_SHORTCUT, description: messages('en').checkWithLandscapeHelp }] }
        : {}),
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...(requestUrl ? { request_url: requestUrl } : {}), bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(requestUrl ? { request_url: requestUrl } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !requestUrl,
      token_rotation_enabled: false,
    },
  };
}

export function slackManifestYaml(options: ManifestOptions): string {
  return stringify(slackManifest(options), { lineWidth: 0 });
}

/** `landscape slack-manifest [--url https://host]`: the manifest on stdout, exit status. */
export function slackManifestCommand(args: string[], commands: readonly CommandDefinition[], out: (text: string) => void, err: (text: string) => void): number {
  let url: string | undefined;
  try {
    const { values } = parseArgs({ args, options: { url: { type: 'string' } }, allowPositionals: false, strict: true });
    url = values.url === undefined ? undefined : requestBaseUrl(values.url);
  } catch (error) {
    err(`landscape slack-manifest: ${(error as Error).message}\nUsage: landscape slack-manifest [--url https://your.host]`);
    return 2;
  }
  out(slackManifestYaml({ commands, url }).trimEnd());
  return 0;
}
