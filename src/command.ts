// What a command is: typed data (name, descriptions in English and French, options) and a
// pure handler from its arguments and the live knowledge to an Answer. Platform adapters
// build their slash-command registrations from these definitions; nothing else is needed
// to add a command than one file in commands/ and one line in commands/index.ts.
import type { Answer, Locale } from './answer/answer.ts';
import type { FactHistory } from './knowledge/history.ts';
import type { KnowledgeBase, KnowledgeVersion } from './knowledge/load.ts';
import type { KnowledgeIndex } from './search/index.ts';
import type { SubscribeResult } from './runtime/subscriptions.ts';

/** What an option's value names, so platforms can offer autocomplete on it. */
export type CompletionKind = 'segment' | 'entity' | 'vendor' | 'model' | 'source' | 'command' | 'timeline-entity' | 'comparable' | 'publisher';

export interface CommandOption {
  name: string;
  description: string;
  description_fr: string;
  /** `date` values are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  type: 'string' | 'date';
  required: boolean;
  /** Present when the value names something the base knows. */
  complete?: CompletionKind;
  maxLength?: number;
}

export interface CommandInput {
  args: Readonly<Record<string, string>>;
  locale: Locale;
}

/** What a reload request reports at once: reloading is asynchronous, commands are not. */
export interface ReloadTicket {
  /** The base answering right now, before the requested reload lands. */
  live: KnowledgeVersion & { facts: number };
  /** The last reload that finished, if any: when, and whether it was swapped in. */
  last?: { ok: boolean; at: string; errors: number };
}

/**
 * What the running process lets a command do beyond reading the base. Each is granted per
 * request by the Bot (for example only to admins) and absent otherwise, so a command can
 * say why it cannot act instead of failing.
 */
export interface CommandCapabilities {
  /** Starts a reload of the fact base from disk; the result is logged and /about shows it. */
  reload?: () => ReloadTicket;
  /** When each fact was added and last changed (for /new), once it has been read. */
  history?: FactHistory;
  /** The subscriptions of the channel asked from: only on Discord and Slack, in a channel. */
  subscriptions?: ChannelSubscriptions;
}

/** A channel's digest subscriptions, as /subscribe and /unsubscribe see them. */
export interface ChannelSubscriptions {
  /** Subjects subscribed to: entity ids, or `*` for every new or changed fact. */
  subjects(): string[];
  /** Present only when the asker may change them (Discord: Manage Server; Slack: a channel manager). */
  manage?: {
    add(subject: string): SubscribeResult;
    /** One subject, or all of them; how many went. */
    remove(subject?: string): number;
  };
}

export interface CommandContext extends CommandCapabilities {
  kb: KnowledgeBase;
  index: KnowledgeIndex;
  /** Every command, for /help. */
  commands: readonly CommandDefinition[];
  /** "Today", for "as of" notes; tests pin it. */
  now: Date;
}

export interface CommandDefinition {
  name: string;
  description: string;
  description_fr: string;
  options: readonly CommandOption[];
  /** Examples shown by /help and in the Slack manifest's usage hint. */
  examples: readonly string[];
  /** Hidden from members without Manage Server on Discord (`default_member_permissions: "0"`). */
  adminOnly?: boolean;
  /**
   * Changes the settings of the channel it is run in: on Discord it exists in servers only and
   * is hidden from members without Manage Server; on Slack the adapter asks Slack whether the
   * member manages the channel. It is listed in /help and the Slack manifest.
   */
  channelSettings?: boolean;
  /**
   * Splits free text after the command name into option values. Without it, the whole text
   * goes to the first option.
   */
  parseText?(text: string): Record<string, string>;
  /**
   * The answer depends only on the arguments, the language, the base and the day (not on
   * who asks, nor on capabilities): the engine then keeps it for the base's lifetime.
   */
  keyed?: boolean;
  run(input: CommandInput, context: CommandContext): Answer;
}

/** `/share <segment>`, `/timeline <entity> [from] [to]`. */
export function usageLine(command: CommandDefinition): string {
  const options = command.options.map((option) => (option.required ? `<${option.name}>` : `[${option.name}]`));
  return [`/${command.name}`, ...options].join(' ');
}

const NAME = /^[a-z][a-z0-9-]{0,31}$/;
const DESCRIPTION_LIMIT = 100;

/**
 * What every platform requires of a definition (Discord is the strictest: names of 1–32
 * lowercase characters, descriptions of 1–100, at most 25 options). Problems are returned,
 * not thrown, so a test can list them all.
 */
export function validateCommands(definitions: readonly CommandDefinition[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const checkDescriptions = (where: string, en: string, fr: string) => {
    for (const [language, text] of [
      ['description', en],
      ['description_fr', fr],
    ] as const) {
      if (text.length === 0 || text.length > DESCRIPTION_LIMIT) problems.push(`${where}: ${language} is ${text.length} characters (1 to ${DESCRIPTION_LIMIT})`);
    }
  };
  for (const command of definitions) {
    if (!NAME.test(command.name)) problems.push(`/${command.name}: name must be 1-32 lowercase letters, digits or dashes`);
    if (names.has(command.name)) problems.push(`/${command.name}: defined twice`);
    names.add(command.name);
    checkDescriptions(`/${command.name}`, command.description, command.description_fr);
    if (command.options.length > 25) problems.push(`/${command.name}: ${command.options.length} options (at most 25)`);
    const optionNames = new Set<string>();
    for (const option of command.options) {
      const where = `/${command.name} ${option.name}`;
      if (!NAME.test(option.name)) problems.push(`${where}: option name must be 1-32 lowercase letters, digits or dashes`);
      if (optionNames.has(option.name)) problems.push(`${where}: option defined twice`);
      optionNames.add(option.name);
      checkDescriptions(where, option.description, option.description_fr);
    }
    for (const example of command.examples) {
      if (example !== `/${command.name}` && !example.startsWith(`/${command.name} `)) problems.push(`/${command.name}: example "${example}" does not use the command`);
    }
  }
  return problems;
}
