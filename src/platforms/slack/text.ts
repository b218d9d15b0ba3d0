// What Slack sends as text, turned into the line the Bot parses. Slack encodes `&`, `<` and
// `>` as entities and wraps mentions and links in `<…>`; we decode the entities once and
// leave the rest as typed (the renderer escapes it again, so nothing is echoed live).

/** Decodes the three entities Slack uses in message and command text. */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Removes mentions of the bot itself (`<@U123>` or `<@U123|name>`) from a message. */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text;
  const id = botUserId.replace(/[^A-Z0-9]/gi, '');
  return text
    .replace(new RegExp(`<@${id}(?:\\|[^>]*)?>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The line for the Bot from a slash command. A command the bot has (`/share`) takes its text
 * as arguments. Any other name (the umbrella `/landscape`, or a command renamed in the
 * workspace) takes `<command> <args>`, `/command <args>`, or a question; nothing is /help.
 */
export function commandLine(slashCommand: string, text: string, isCommand: (name: string) => boolean): string {
  const name = slashCommand.replace(/^\//, '').toLowerCase();
  const args = decodeSlackText(text).trim();
  if (isCommand(name)) return `/${name}${args ? ` ${args}` : ''}`;
  if (!args) return '/help';
  if (args.startsWith('/')) return args;
  const [first = ''] = args.split(/\s+/, 1);
  return isCommand(first.toLowerCase()) ? `/${args}` : args;
}

/** The line for the Bot from a mention or a direct message; nothing left is /help. */
export function messageLine(text: string, botUserId: string | undefined): string {
  const line = decodeSlackText(stripBotMention(text, botUserId)).trim();
  return line || '/help';
}

/**
 * A message's text as a reader sees it, for checking its claims: mentions and channel links
 * become their labels (or go), links their label or URL, entities are decoded.
 */
export function plainSlackText(text: string): string {
  const plain = text
    .replace(/<[@#!][^>|]*\|([^>]*)>/g, '$1')
    .replace(/<[@#!][^>]*>/g, ' ')
    .replace(/<([^>|]+)\|([^>]*)>/g, '$2')
    .replace(/<([^>]+)>/g, '$1');
  return decodeSlackText(plain).replace(/\s+/g, ' ').trim();
}
