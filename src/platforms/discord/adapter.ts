// The Discord adapter: a discord.js Client (Guilds intent only, no privileged intent) that
// answers slash commands, autocomplete, the page and Sources buttons, "Check with landscape"
// on a message, and votes and problem reports on answers. With follow-ups on
// (DISCORD_FOLLOW_UPS) it also reads messages (the privileged Message Content intent), to
// answer a reply to one of its answers as a follow-up about the same subject. Thin by design:
// every answer comes from Bot.handle, every message from the Discord renderer. What lives
// here is Discord's interaction protocol: reply within 3 s or defer and edit, ephemeral or
// not, update the message a button is on, and who may click what. It also draws an
// answer's chart (lazily: the chart code is loaded only after discord.js, see load.ts) and
// attaches it to the first page, and runs a "did you mean" button's command for the clicker.
import { createRequire } from 'node:module';
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  HTTPError,
  MessageFlags,
  PermissionFlagsBits,
  Partials,
  RateLimitError,
  RESTEvents,
  Routes,
  ShardClientUtil,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type InteractionUpdateOptions,
  type JSONEncodable,
  type Message,
  type MessageContextMenuCommandInteraction,
  type MessageCreateOptions,
  type ModalSubmitInteraction,
  type RESTOptions,
} from 'discord.js';
import { commands as allCommands } from '../../../commands/index.ts';
import type { Answer, ChartSpec, Locale } from '../../answer/answer.ts';
import { chartAltText } from '../../answer/i18n.ts';
import { messages } from '../../answer/messages.ts';
import { decodeAnswerRef, encodeAnswerRef, encodeKeptAnswerRef, type AnswerRef } from '../../answer/ref.ts';
import { reportForm } from '../../answer/report-form.ts';
import { cut } from '../../answer/text.ts';
import {
  MessageFlag,
  chartFileName,
  isAlwaysEphemeral,
  renderDiscordChoices,
  renderDiscordNote,
  renderDiscordSources,
  renderDiscordView,
  type DiscordButtons,
  type DiscordMessage,
} from '../../answer/render-discord.ts';
import { PROFILES, viewOf, type AnswerView, type ViewProfile } from '../../answer/view.ts';
import type { Bot, BotReply, BotRequest } from '../../bot.ts';
import type { CommandDefinition } from '../../command.ts';
import { CommandRefs, DEFAULT_REFS_FILE } from '../../runtime/command-refs.ts';
import { InFlight, settleWithin } from '../../runtime/async.ts';
import { Conversations, type ConversationStore } from '../../runtime/conversations.ts';
import type { SharedState } from '../../runtime/shared/types.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { ConnectionState, PlatformAdapter } from '../adapter.ts';
import {
  buttonIdsFit,
  commandLine,
  decodeButtonId,
  decodeCommandTarget,
  decodeSuggestionId,
  encodeButtonId,
  encodeCommandTarget,
  encodeSuggestionId,
  type ButtonAction,
  type ButtonState,
} from './button-ids.ts';
import { HIDE_OPTION } from './commands.ts';
import { FEEDBACK_REF_ROOM, REPORT_FIELDS, decodeFeedbackId, reportButtonId, reportModalId, voteButtonId } from './feedback-ids.ts';

/** What the adapter needs from the Bot; tests wrap it (for example to make it slow). */
export type DiscordBot = Pick<Bot, 'handle' | 'check' | 'feedback' | 'complete' | 'knowledge'> & Partial<Pick<Bot, 'inFlightWhile' | 'collectsFeedback'>>;

export interface DiscordAdapterOptions {
  bot: DiscordBot;
  logger: Logger;
  token: string;
  /** REST base, default https://discord.com/api (a REST proxy, or a fake in tests). */
  apiUrl?: string;
  /**
   * Shards this process runs, and how many there are in all. Unset, discord.js takes them
   * from SHARDS / SHARD_COUNT in the environment (set by a ShardingManager, or by hand to
   * spread shards over machines), else runs one shard.
   */
  shards?: number[] | 'auto';
  shardCount?: number;
  /** How much a page shows (default: PROFILES.discord). */
  profile?: ViewProfile;
  /**
   * Where commands too long for a button id are kept, so their buttons survive a restart;
   * default `.landscape/button-refs.jsonl`, `false` to keep them in memory only.
   */
  refsFile?: string | false;
  /** Work slower than this is deferred ("thinking…") and edited in when ready. */
  deferAfterMs?: number;
  /** How long page and Sources buttons keep working. */
  pageTtlSeconds?: number;
  /** Milliseconds since the epoch; tests pin it. */
  now?: () => number;
  commands?: readonly CommandDefinition[];
  /**
   * Draws a chart as PNG. Default: `drawChartOnce` (a repeat of a kept answer reuses its
   * PNG), imported on first use (and warmed up once the client is ready, so the first /share
   * does not pay for loading it).
   */
  drawChart?: (chart: ChartSpec) => Promise<Buffer>;
  /** A chart not drawn within this is left out of the answer (logged). */
  chartTimeoutMs?: number;
  /** A REST request that gets no answer within this is abandoned (and retried by discord.js). */
  restTimeoutMs?: number;
  /**
   * Answer a reply to one of the bot's answers as a follow-up about the same subject. Needs
   * the GuildMessages and DirectMessages intents and the privileged Message Content intent,
   * enabled on the Bot page of the Developer Portal (else Discord refuses to connect).
   */
  followUps?: boolean;
  /** What each answer is about, for follow-ups; in memory (and Redis with `shared`) by default. */
  conversations?: ConversationStore;
  /**
   * Replicas' shared state: with Redis, the commands of long buttons and the subjects of
   * answers are kept there too, so that a click or a reply reaching another process finds them.
   */
  shared?: SharedState;
}

/** The answers a reader can judge: facts found, partly found, or not found. */
const JUDGED: readonly AnswerView['status'][] = ['ok', 'partial', 'not-found'];

/** Discord allows 3 s before the first response; defer well before. */
export const DEFAULT_DEFER_AFTER_MS = 2000;
export const DEFAULT_PAGE_TTL_SECONDS = 24 * 60 * 60;
export const DEFAULT_CHART_TIMEOUT_MS = 10_000;
/** discord.js makes up to four attempts: a hung request is given up on within 20 s. */
export const DEFAULT_REST_TIMEOUT_MS = 5000;

/**
 * An HTTP agent from the undici that discord.js's REST was built with. Without one, REST
 * takes the process's global dispatcher, which Bolt's newer undici claims when Slack runs in
 * the same process and loads first; that one cannot send the older undici's multipart bodies,
 * so every reply carrying a file (a chart) failed with "action is not a function".
 */
export function restAgent(): NonNullable<RESTOptions['agent']> {
  const fromRest = createRequire(createRequire(import.meta.url).resolve('@discordjs/rest'));
  const { Agent } = fromRest('undici') as { Agent: new () => NonNullable<RESTOptions['agent']> };
  return new Agent();
}
/**
 * A reply rate-limited for longer than this is not waited out: the 3-second window for the
 * first response would pass. The adapter defers instead and edits the answer in.
 */
export const LONGEST_REPLY_WAIT_MS = 1000;
const INTERACTION_CALLBACK = '/interactions/:id/:token/callback';

type Repliable = ChatInputCommandInteraction | ButtonInteraction | MessageContextMenuCommandInteraction | ModalSubmitInteraction;

/** A file sent with a message, as discord.js takes it. */
interface DiscordFile {
  attachment: Buffer;
  name: string;
  /** Alt text, read by screen readers. */
  description: string;
}

/**
 * What to send: a new message (reply) or the message the button is on, changed (update),
 * with its files (the chart of a first page).
 */
interface Delivery {
  via: 'reply' | 'update';
  message: DiscordMessage;
  files?: DiscordFile[];
}

/** One page as shown: whose it is, when it was first given, and how. */
type RenderedPage = { owner: string; issuedAt: number; page: number; ephemeral: boolean; detailed?: boolean; sharedBy?: string; ref?: AnswerRef };

export class DiscordAdapter implements PlatformAdapter {
  readonly platform = 'discord' as const;
  private client?: Client;
  private status: ConnectionState = 'disconnected';
  private readonly shardsDown = new Set<number>();
  /** Shards the gateway closed for good (a refused token…), with why. */
  private readonly shardsFailed = new Map<number, string>();
  private stopping = false;
  private readonly inFlight = new InFlight();
  private readonly refs: CommandRefs;
  /** The Bot's correlation id of each interaction answered, for its failure's log line and apology. */
  private readonly correlations = new WeakMap<Interaction, string>();
  private readonly bot: DiscordBot;
  private readonly log: Logger;
  private readonly profile: ViewProfile;
  private readonly deferAfterMs: number;
  private readonly pageTtlSeconds: number;
  private readonly now: () => number;
  private readonly commands: readonly CommandDefinition[];
  private readonly chartTimeoutMs: number;
  private readonly conversations: ConversationStore;
  private chartModule?: Promise<(chart: ChartSpec) => Promise<Buffer>>;

  constructor(private readonly options: DiscordAdapterOptions) {
    this.bot = options.bot;
    this.log = options.logger.child({ platform: 'discord' });
    this.profile = options.profile ?? PROFILES.discord;
    this.deferAfterMs = options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
    this.pageTtlSeconds = options.pageTtlSeconds ?? DEFAULT_PAGE_TTL_SECONDS;
    this.now = options.now ?? Date.now;
    this.commands = options.commands ?? allCommands;
    this.chartTimeoutMs = options.chartTimeoutMs ?? DEFAULT_CHART_TIMEOUT_MS;
    const refsFile = options.refsFile ?? DEFAULT_REFS_FILE;
    this.refs = new CommandRefs({ ...(refsFile ? { file: refsFile } : {}), ttlSeconds: this.pageTtlSeconds, now: this.now, logger: this.log, shared: options.shared });
    this.conversations = options.conversations ?? new Conversations({ shared: options.shared });
  }

  state(): ConnectionState {
    if (this.status === 'connected' && this.shardsFailed.size > 0) return 'failed';
    if (this.status === 'connected' && this.shardsDown.size > 0) return 'reconnecting';
    return this.status;
  }

  failure(): string | undefined {
    return this.shardsFailed.values().next().value;
  }

  /** The running client, for tests and for operators' tooling. */
  get discordClient(): Client | undefined {
    return this.client;
  }

  async start(): Promise<void> {
    this.status = 'starting';
    const client = new Client({
      intents: this.options.followUps ? [GatewayIntentBits.Guilds, ...FOLLOW_UP_INTENTS] : [GatewayIntentBits.Guilds],
      // DM channels are never cached in advance: a reply in a DM arrives on a partial channel.
      ...(this.options.followUps ? { partials: [Partials.Channel] } : {}),
      rest: {
        api: this.options.apiUrl ?? 'https://discord.com/api',
        timeout: this.options.restTimeoutMs ?? DEFAULT_REST_TIMEOUT_MS,
        agent: restAgent(),
        // Thrown as a RateLimitError instead of waited out; deliver() defers and edits.
        rejectOnRateLimit: (limit) => tooLongForAReply(limit.route, limit.retryAfter),
      },
      allowedMentions: { parse: [] },
      ...(this.options.shards !== undefined ? { shards: this.options.shards } : {}),
      ...(this.options.shardCount !== undefined ? { shardCount: this.options.shardCount } : {}),
    });
    this.client = client;

    client.on(Events.InteractionCreate, (interaction) => {
      this.track(this.onInteraction(interaction));
    });
    if (this.options.followUps) {
      client.on(Events.MessageCreate, (message) => {
        this.track(this.onReply(message).catch((error: unknown) => this.log.warn({ err: loggable(error), message: message.id }, 'could not answer a follow-up')));
      });
    }
    client.on(Events.ShardReconnecting, (shardId) => {
      // destroy() closes the connections too; that is no loss.
      if (this.stopping) return;
      this.shardsDown.add(shardId);
      this.log.warn({ shard: shardId }, 'gateway connection lost; reconnecting');
    });
    client.on(Events.ShardResume, (shardId, replayed) => {
      this.shardsDown.delete(shardId);
      this.shardsFailed.delete(shardId);
      this.log.info({ shard: shardId, replayed }, 'gateway session resumed');
    });
    client.on(Events.ShardReady, (shardId) => {
      this.shardsDown.delete(shardId);
      this.shardsFailed.delete(shardId);
      this.log.info({ shard: shardId }, 'shard ready');
    });
    // discord.js gives up on a shard only for close codes that no retry can fix.
    client.on(Events.ShardDisconnect, (event, shardId) => {
      const why = unrecoverableClose(event.code);
      this.shardsFailed.set(shardId, why);
      this.log.error({ shard: shardId, code: event.code }, `gateway closed the connection for good: ${why}`);
    });
    client.on(Events.ShardError, (error, shardId) => this.log.warn({ shard: shardId, err: error }, 'gateway connection error'));
    client.on(Events.Error, (error) => this.log.error({ err: error }, 'discord client error'));
    client.on(Events.Warn, (message) => this.log.warn({ message }, 'discord client warning'));
    // discord.js retries a 429 (after its retry-after) and a 5xx (up to `retries` times)
    // without a word; operators should see each one. The route has no token in it.
    client.rest.on(RESTEvents.Response, (request, response) => {
      if (response.status === 429) {
        const retryAfter = Number(response.headers.get('retry-after'));
        // deliver() logs that one, with the answer's correlation id.
        if (tooLongForAReply(request.route, retryAfter * 1000)) return;
        const scope = response.headers.get('x-ratelimit-scope') ?? 'user';
        this.log.warn(
          { method: request.method, route: request.route, status: 429, retryAfter, global: response.headers.has('x-ratelimit-global'), scope },
          'discord REST: rate limited; discord.js waits and retries',
        );
      } else if (response.status >= 500) {
        this.log.warn({ method: request.method, route: request.route, status: response.status, attempt: request.retries + 1 }, 'discord REST: server error');
      }
    });

    // clientReady can fire before login() resolves: listen first.
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    try {
      await client.login(this.options.token);
      await ready;
    } catch (error) {
      this.status = 'disconnected';
      await client.destroy().catch(() => undefined);
      throw error;
    }
    this.status = 'connected';
    this.log.info({ user: client.user?.tag, shards: client.options.shards, shardCount: client.options.shardCount }, 'connected to Discord');
    // discord.js is loaded by now, so vega-lite's Set.prototype patch can no longer hurt it.
    if (!this.options.drawChart) this.chartRenderer().catch((error: unknown) => this.log.warn({ err: error }, 'could not load the chart renderer; answers go without charts'));
  }

  /** Finishes the answers in flight, then closes the gateway connections. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.inFlight.drained();
    await this.refs.flush();
    await this.client?.destroy();
    this.status = 'stopped';
  }

  private track(work: Promise<unknown>): void {
    void this.inFlight.track(this.bot.inFlightWhile ? this.bot.inFlightWhile(work) : work).catch(() => undefined);
  }

  private async onInteraction(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) await this.onAutocomplete(interaction);
      else if (interaction.isChatInputCommand()) await this.onCommand(interaction);
      else if (interaction.isButton() && decodeFeedbackId(interaction.customId)?.kind === 'vote') await this.onFeedback(interaction);
      else if (interaction.isButton() && decodeFeedbackId(interaction.customId)?.kind === 'open-report') await this.onOpenReport(interaction);
      else if (interaction.isButton()) await this.onButton(interaction);
      else if (interaction.isMessageContextMenuCommand()) await this.onCheckMessage(interaction);
      else if (interaction.isModalSubmit()) await this.onFeedback(interaction);
    } catch (error) {
      // The Bot's id when it answered (the answer was made, its delivery failed), so the
      // apology, this line and the answer's line share one reference; else the interaction's.
      const correlationId = this.correlations.get(interaction) ?? interaction.id.slice(-8);
      this.log.error({ err: loggable(error), interaction: interaction.id, kind: interaction.type, correlationId }, 'could not answer an interaction');
      if (interaction.isChatInputCommand() || interaction.isButton() || interaction.isMessageContextMenuCommand() || interaction.isModalSubmit()) await this.apologize(interaction, correlationId);
    }
  }

  // ---- slash commands ---------------------------------------------------------------------------

  private async onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const hide = interaction.options.getBoolean(HIDE_OPTION) ?? false;
    const args: Record<string, string> = {};
    for (const option of interaction.options.data) {
      if (option.name !== HIDE_OPTION && option.value !== undefined && option.value !== null) args[option.name] = String(option.value);
    }
    const command = { name: interaction.commandName, args };
    const issuedAt = Math.floor(this.now() / 1000);
    await this.deliver(interaction, 'reply', hide, async () => {
      const { answer, correlationId, ref } = await this.ask(interaction, this.request(interaction, command));
      return this.answerDelivery('reply', answer, correlationId, { owner: interaction.user.id, issuedAt, page: 1, ephemeral: hide, ref });
    });
  }

  // ---- feedback: votes and the report form ------------------------------------------------------

  /**
   * A 👍 / 👎 click, or the report form sent (see feedback-ids.ts): stored by the Bot as the
   * clicker's (whoever clicks votes for themselves, never for the asker), acknowledged
   * privately in their language; bad input gets a clear note and stores nothing.
   */
  private async onFeedback(interaction: ButtonInteraction | ModalSubmitInteraction): Promise<void> {
    const id = decodeFeedbackId(interaction.customId);
    const locale = localeOf(interaction);
    if (!id) {
      await interaction.reply(replyOptions(renderDiscordNote('unknown-button', locale ?? 'en')));
      return;
    }
    const field = (name: string) => {
      if (!interaction.isModalSubmit()) return undefined;
      const data = interaction.fields.fields.get(name) as { value?: string; values?: readonly string[] } | undefined;
      return data?.values?.[0] ?? data?.value;
    };
    await this.deliver(interaction, 'reply', true, async () => {
      // A long command rides as the key it is kept under, as on page buttons.
      const ref = decodeAnswerRef(id.ref);
      const command = ref && 'commandKey' in ref ? await this.refs.get(ref.commandKey) : undefined;
      const reply = await this.bot.feedback({
        platform: 'discord',
        userId: interaction.user.id,
        ...(interaction.channelId ? { channelId: interaction.channelId } : {}),
        ...(locale ? { locale } : {}),
        answerRef: ref && 'commandKey' in ref && command ? { id: ref.id, revision: ref.revision, locale: ref.locale, command } : id.ref,
        ...(id.kind === 'vote' ? { vote: id.vote } : { report: { reason: field(REPORT_FIELDS.reason), text: field(REPORT_FIELDS.text) } }),
      });
      this.correlations.set(interaction, reply.correlationId);
      return { via: 'reply', message: this.plain(reply.answer, true) };
    });
  }

  // ---- "Check with landscape" on a message --------------------------------------------------------

  /**
   * The message context-menu command (see `checkMessageCommand`): /check on the message's
   * text, answered privately: whoever checks a claim in a channel should not be seen to
   * challenge its author. Discord hands the message's content to the command whatever the
   * intents, so this needs no privileged one.
   */
  private async onCheckMessage(interaction: MessageContextMenuCommandInteraction): Promise<void> {
    const issuedAt = Math.floor(this.now() / 1000);
    await this.deliver(interaction, 'reply', true, async () => {
      const reply = await this.bot.check({ ...this.request(interaction, undefined), text: interaction.targetMessage.content });
      this.correlations.set(interaction, reply.correlationId);
      return this.answerDelivery('reply', reply.answer, reply.correlationId, { owner: interaction.user.id, issuedAt, page: 1, ephemeral: true, ref: reply.ref });
    });
  }

  // ---- digests ------------------------------------------------------------------------------------

  /** Whether this process runs the shard of that server (any server with every shard). */
  serves(guildId?: string): boolean {
    if (!this.client) return false;
    const { shards, shardCount } = this.client.options;
    return !guildId || !Array.isArray(shards) || shards.includes(ShardClientUtil.shardIdForGuildId(guildId, shardCount ?? 1));
  }

  /**
   * A digest in a subscribed channel, as a message of the bot (it needs View Channel, Send
   * Messages and Embed Links there). Only the process running the shard of the channel's
   * server posts it, so that sharded processes sharing the subscriptions post it once.
   */
  async postDigest(channelId: string, answer: Answer, guildId?: string): Promise<boolean> {
    const client = this.client;
    if (!client || !this.serves(guildId)) return false;
    const message = this.plain(answer, false);
    const body = {
      ...(message.content !== undefined ? { content: message.content } : {}),
      ...(message.embeds ? { embeds: message.embeds } : {}),
      flags: (message.flags ?? 0) & MessageFlag.SuppressEmbeds,
      allowed_mentions: { parse: [] },
    };
    const posting = client.rest.post(Routes.channelMessages(channelId), { body });
    await (this.bot.inFlightWhile ? this.bot.inFlightWhile(posting) : posting);
    return true;
  }

  // ---- follow-ups: a reply to an answer ----------------------------------------------------------

  /**
   * A reply (message reference) to one of the bot's answers whose subject is known: the
   * reply's text is a question about that subject ("and its licence?"), answered as a reply.
   * Every other message is ignored without a trace. A slash-command answer is known by its
   * interaction, a follow-up's answer by its message id.
   */
  private async onReply(message: Message): Promise<void> {
    const botId = this.client?.user?.id;
    if (message.author.bot || !botId || !message.reference?.messageId) return;
    const answered = message.channel.messages.cache.get(message.reference.messageId);
    if (!answered || answered.author.id !== botId) return;
    const subject = await this.conversations.get(answered.interactionMetadata ? interactionKey(answered.interactionMetadata.id) : messageKey(answered.id));
    if (!subject) return;
    const text = message.content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').trim();
    if (!text) return;
    const reply = await this.bot.handle({ platform: 'discord', userId: message.author.id, channelId: message.channelId, text, subject });
    const sent = await message.reply(messageOptions(this.plain(reply.answer, false)));
    await this.conversations.set(messageKey(sent.id), reply.answer.subjects ?? subject);
  }

  // ---- autocomplete -------------------------------------------------------------------------------

  private async onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const definition = this.commands.find((command) => command.name === interaction.commandName);
    const kind = definition?.options.find((option) => option.name === focused.name)?.complete;
    const choices = kind ? this.bot.complete(kind, String(focused.value ?? ''), 25) : [];
    await interaction.respond(renderDiscordChoices(choices));
  }

  // ---- buttons ------------------------------------------------------------------------------------

  private async onButton(interaction: ButtonInteraction): Promise<void> {
    const suggestion = decodeSuggestionId(interaction.customId);
    if (suggestion) {
      await this.onSuggestion(interaction, suggestion);
      return;
    }
    const state = decodeButtonId(interaction.customId);
    const locale = localeOf(interaction) ?? 'en';
    if (!state) {
      await interaction.reply(replyOptions(renderDiscordNote('unknown-button', locale)));
      return;
    }
    const command = state.target.startsWith('@') ? await this.refs.get(state.target.slice(1)) : decodeCommandTarget(state.target);
    const line = command ? commandLine(command) : '/help';
    // Turning pages changes the asker's message: theirs alone. Details and sources come as
    // a private copy to whoever clicks, so anyone reading a public answer may open them.
    if ((state.action === 'page' || state.action === 'post') && state.owner !== interaction.user.id) {
      await interaction.reply(replyOptions(renderDiscordNote('not-owner', locale, line)));
      return;
    }
    const age = this.now() / 1000 - state.issuedAt;
    if (!command || state.revision !== this.revision() || age > this.pageTtlSeconds) {
      await interaction.reply(replyOptions(renderDiscordNote('expired', locale, line)));
      return;
    }
    const initial = state.action === 'page' ? 'update' : 'reply';
    await this.deliver(interaction, initial, state.action !== 'post', async (): Promise<Delivery> => {
      const { answer, correlationId, ref } = await this.ask(interaction, this.request(interaction, command));
      // Rate-limited, or the answer changed its nature: a note for the clicker only.
      if (isAlwaysEphemeral(answer.status)) return { via: 'reply', message: renderDiscordView(viewOf(answer, { profile: this.profile }), { version: this.versionLabel(), ephemeral: true }) };
      const shown = { owner: state.owner, issuedAt: state.issuedAt, page: state.page };
      switch (state.action) {
        case 'sources':
          return { via: 'reply', message: renderDiscordSources(viewOf(answer, { page: state.page, detailed: true, profile: this.profile }), { version: this.versionLabel() }) };
        case 'details':
          return { via: 'reply', message: await this.render(answer, { ...shown, ephemeral: true, detailed: true }) };
        case 'post':
          // The private answer, posted for everyone by its asker, with its chart.
          return this.answerDelivery('reply', answer, correlationId, { ...shown, owner: interaction.user.id, page: 1, ephemeral: false, sharedBy: interaction.user.id, ref });
        case 'page':
          // Page 1 brings its chart back; other pages go without (the edit drops the file).
          return this.answerDelivery('update', answer, correlationId, { ...shown, ephemeral: false, ref });
      }
    });
  }

  /**
   * A "did you mean" button: runs the suggested command for the clicker, as if they had
   * typed it, in a new message. Public unless the asker had chosen `hide`: the note was
   * private because a misspelling concerns only its author, not because the question
   * was; the answer is the one they asked for. Only the asker sees the note (it is
   * ephemeral), so anyone clicking is its owner; the command is plain text run through
   * Bot.handle, so there is nothing to expire. The answer speaks the note's language (the
   * asker's client, or the language of what they typed).
   */
  private async onSuggestion(interaction: ButtonInteraction, suggestion: { command: string; hidden: boolean; locale: Locale }): Promise<void> {
    const issuedAt = Math.floor(this.now() / 1000);
    await this.deliver(interaction, 'reply', suggestion.hidden, async () => {
      const { answer, correlationId, ref } = await this.ask(interaction, { ...this.request(interaction, undefined), text: suggestion.command, locale: suggestion.locale });
      return this.answerDelivery('reply', answer, correlationId, { owner: interaction.user.id, issuedAt, page: 1, ephemeral: suggestion.hidden, ref });
    });
  }

  // ---- delivery -------------------------------------------------------------------------------------

  /**
   * Sends what `produce` makes: at once if it is ready within `deferAfterMs`, otherwise
   * defers first (Discord shows "thinking…" or keeps the clicked message) and edits later.
   * `ephemeralHint` is whether a deferred reply should be private; an answer that must be
   * private after a public defer replaces the placeholder with a private follow-up.
   */
  private async deliver(interaction: Repliable, initial: 'reply' | 'update', ephemeralHint: boolean, produce: () => Promise<Delivery>): Promise<void> {
    const work = produce();
    const quick = await settleWithin(work, this.deferAfterMs);
    if (quick) {
      try {
        if (quick.via === 'update' && interaction.isButton()) await interaction.update(updateOptions(quick.message, quick.files));
        else await interaction.reply(replyOptions(quick.message, quick.files));
        return;
      } catch (error) {
        if (!(error instanceof RateLimitError)) throw error;
        // Waiting would miss Discord's window: acknowledge now, send the answer as an edit.
        this.log.warn(
          { correlationId: this.correlations.get(interaction), retryAfter: error.retryAfter / 1000, scope: error.scope },
          'discord REST: the reply is rate limited for too long; deferring it and editing the answer in',
        );
      }
    }

    if (initial === 'update' && interaction.isButton()) await interaction.deferUpdate();
    else await interaction.deferReply(ephemeralHint ? { flags: MessageFlags.Ephemeral } : {});
    const late = await work;
    if (initial === 'update') {
      if (late.via === 'update') await interaction.editReply(editOptions(late.message, late.files));
      else await interaction.followUp(replyOptions(late.message, late.files));
      return;
    }
    const mustBePrivate = Boolean((late.message.flags ?? 0) & MessageFlag.Ephemeral);
    if (mustBePrivate && !ephemeralHint) {
      await interaction.deleteReply();
      await interaction.followUp(replyOptions(late.message, late.files));
    } else {
      await interaction.editReply(editOptions(late.message, late.files));
    }
  }

  private async apologize(interaction: Repliable, correlationId: string): Promise<void> {
    const locale = localeOf(interaction) ?? 'en';
    const answer: Answer = {
      status: 'error',
      locale,
      command: { name: interaction.isChatInputCommand() ? interaction.commandName : 'button', args: {} },
      title: messages(locale).internalError(correlationId),
      items: [],
      citations: [],
      notices: [],
      suggestions: [],
    };
    const message = replyOptions(renderDiscordView(viewOf(answer, { profile: this.profile }), { version: this.versionLabel() }));
    try {
      if (interaction.deferred || interaction.replied) await interaction.followUp(message);
      else await interaction.reply(message);
    } catch (error) {
      // The user saw nothing at all ("The application did not respond").
      this.log.warn({ err: loggable(error), interaction: interaction.id, correlationId }, 'could not send the apology either');
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  /** The Bot's answer, its correlation id kept for the interaction in case delivering fails. */
  private async ask(interaction: Repliable, request: BotRequest): Promise<BotReply> {
    const reply = await this.bot.handle(request);
    this.correlations.set(interaction, reply.correlationId);
    // The answer's message names this interaction; a reply to it is a follow-up.
    if (this.options.followUps && reply.answer.subjects) await this.conversations.set(interactionKey(interaction.id), reply.answer.subjects);
    return reply;
  }

  /** Who asks, from where, with which rights; the command, unless the caller gives text. */
  private request(interaction: Repliable, command: Answer['command'] | undefined): BotRequest {
    // Manage Server in this channel: what `default_member_permissions: "0"` hides commands
    // behind; it also lets a member change the channel's subscriptions.
    const admin = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
    return {
      platform: 'discord',
      userId: interaction.user.id,
      ...(interaction.channelId ? { channelId: interaction.channelId } : {}),
      ...(command ? { command: command.name, args: command.args } : {}),
      ...(localeOf(interaction) ? { locale: localeOf(interaction) } : {}),
      ...(interaction.guildId ? { guildId: interaction.guildId } : {}),
      admin,
      manager: admin,
    };
  }

  /**
   * One page of an answer, with its chart when that page has one (see `chartFileName`).
   * Drawing happens inside `deliver`'s work, so a slow chart defers the reply like a slow
   * answer does; a chart that fails or takes too long is logged and left out.
   */
  private async answerDelivery(via: Delivery['via'], answer: Answer, correlationId: string, page: RenderedPage): Promise<Delivery> {
    const view = viewOf(answer, { page: page.page, profile: this.profile });
    const name = chartFileName(view);
    const png = name && view.chart ? await this.drawChart(view.chart, correlationId) : undefined;
    return {
      via,
      message: await this.render(answer, page, png ? name : undefined),
      ...(png && name && view.chart ? { files: [{ attachment: png, name, description: chartAltText(view.chart, answer.locale) }] } : {}),
    };
  }

  private async drawChart(chart: ChartSpec, correlationId: string): Promise<Buffer | undefined> {
    const drawing = (this.options.drawChart ? this.options.drawChart(chart) : this.chartRenderer().then((draw) => draw(chart))).then(
      (png) => ({ png }),
      (error: unknown) => ({ error }),
    );
    const result = await settleWithin(drawing, this.chartTimeoutMs);
    if (!result) {
      this.log.warn({ correlationId, timeoutMs: this.chartTimeoutMs }, 'chart took too long; answering without it');
      return undefined;
    }
    if ('error' in result) {
      this.log.warn({ err: result.error, correlationId }, 'could not draw the chart; answering without it');
      return undefined;
    }
    return result.png;
  }

  /** The chart code, imported once and only after discord.js (vega-lite patches Set.prototype). */
  private chartRenderer(): Promise<(chart: ChartSpec) => Promise<Buffer>> {
    if (!this.chartModule) {
      const loading = import('../../answer/render-chart.ts').then((module) => module.drawChartOnce);
      // A failed import may be a passing problem: the next chart tries again.
      loading.catch(() => {
        if (this.chartModule === loading) this.chartModule = undefined;
      });
      this.chartModule = loading;
    }
    return this.chartModule;
  }

  /** A page of an answer, with the buttons that lead to the rest of it. */
  private async render(answer: Answer, page: RenderedPage, image?: string): Promise<DiscordMessage> {
    const view = viewOf(answer, { page: page.page, detailed: page.detailed ?? false, profile: this.profile });
    const base: Omit<ButtonState, 'action' | 'page'> = { owner: page.owner, issuedAt: page.issuedAt, revision: this.revision(), target: encodeCommandTarget(answer.command) };
    // Arguments too long for a 100-character custom id are stored and referred to.
    if (!buttonIdsFit(base, view.pager.pageCount)) base.target = `@${this.refs.put(answer.command)}`;
    return renderDiscordView(view, {
      version: this.versionLabel(),
      ephemeral: page.ephemeral,
      buttons: this.buttonsFor(view, base, page),
      ...(image ? { image } : {}),
      ...(page.sharedBy ? { sharedBy: { userId: page.sharedBy, command: commandLine(answer.command) } } : {}),
    });
  }

  private buttonsFor(view: AnswerView, base: Omit<ButtonState, 'action' | 'page'>, page: RenderedPage): DiscordButtons {
    const id = (action: ButtonAction, target: number) => encodeButtonId({ ...base, action, page: target });
    const { page: current, pageCount, more } = view.pager;
    if (view.detailed) return view.sources.length > 0 ? { sources: id('sources', current) } : {};
    const hidden = page.ephemeral;
    const suggestions =
      view.status === 'not-found' || view.status === 'partial'
        ? view.suggestions.flatMap((each) => {
            const suggestionId = encodeSuggestionId({ command: each.command, hidden, locale: view.locale });
            return suggestionId ? [{ id: suggestionId, label: each.label || each.command }] : [];
          })
        : [];
    const cited = view.sources.length > 0;
    const feedback = this.feedbackIds(view, page);
    return {
      ...(current === 1 && more > 0 ? { more: id('page', 2) } : {}),
      ...(current > 1 ? { previous: { id: id('page', current - 1), disabled: false }, next: { id: id('page', Math.min(pageCount, current + 1)), disabled: current >= pageCount } } : {}),
      ...(view.hasDetails ? { details: id('details', current) } : {}),
      ...(cited ? { sources: id('sources', current) } : {}),
      // A private answer its asker may want to show the channel.
      ...(hidden && current === 1 && view.status === 'ok' ? { post: id('post', 1) } : {}),
      ...(suggestions.length > 0 ? { suggestions } : {}),
      ...(feedback ? { feedback } : {}),
    };
  }

  /**
   * 👍, 👎 and Report a problem on an answer a reader can judge: each id carries the answer's
   * reference (a long command as the key it is kept under), so a click works anywhere.
   */
  private feedbackIds(view: AnswerView, page: RenderedPage): DiscordButtons['feedback'] {
    if (!page.ref || !this.bot.collectsFeedback || !JUDGED.includes(view.status)) return undefined;
    let ref = encodeAnswerRef(page.ref);
    if (ref.length > FEEDBACK_REF_ROOM) ref = encodeKeptAnswerRef({ ...page.ref, commandKey: this.refs.put(page.ref.command) });
    return { up: voteButtonId('up', ref), down: voteButtonId('down', ref), report: reportButtonId(ref) };
  }

  /** Report a problem: the form, whose submission onFeedback records. */
  private async onOpenReport(interaction: ButtonInteraction): Promise<void> {
    const form = reportForm(localeOf(interaction) ?? 'en');
    // Label components (type 18) hold a select in a modal; discord.js 14 has no builder for them yet.
    await interaction.showModal({
      custom_id: reportModalId(decodeFeedbackId(interaction.customId)!.ref),
      title: cut(form.title, 45),
      components: [
        { type: 18, label: form.reasonLabel, component: { type: 3, custom_id: REPORT_FIELDS.reason, options: form.reasons } },
        { type: 18, label: form.textLabel, component: { type: 4, custom_id: REPORT_FIELDS.text, style: 2, required: false, max_length: form.maxText } },
      ],
    } as never);
  }

  /** The first page of an answer with no buttons: a note, a digest, a follow-up's reply. */
  private plain(answer: Answer, ephemeral: boolean): DiscordMessage {
    return renderDiscordView(viewOf(answer, { profile: this.profile }), { version: this.versionLabel(), ...(ephemeral ? { ephemeral } : {}) });
  }

  private revision(): string {
    return this.bot.knowledge.kb.version.revision.slice(0, 8);
  }

  private versionLabel(): string {
    const { date, commit, revision } = this.bot.knowledge.kb.version;
    return `${date} (${commit ?? `rev ${revision.slice(0, 8)}`})`;
  }
}

/**
 * An error as logged. discord.js's REST errors carry the request's URL, with the
 * interaction's token in it (a credential for 15 minutes), and its whole body (the answer,
 * user text uncut): keep what an operator needs, the path with the token masked.
 */
function loggable(error: unknown): unknown {
  if (!(error instanceof DiscordAPIError || error instanceof HTTPError)) return error;
  const path = new URL(error.url).pathname.replace(/\/(webhooks|interactions)\/(\d+)\/[^/]+/, '/$1/$2/:token');
  return { type: error.name, message: error.message, stack: error.stack, status: error.status, method: error.method, path, ...(error instanceof DiscordAPIError ? { code: error.code } : {}) };
}

/** A rate limit on an interaction's first response that would outlast Discord's window. */
function tooLongForAReply(route: string, retryAfterMs: number): boolean {
  return route === INTERACTION_CALLBACK && retryAfterMs > LONGEST_REPLY_WAIT_MS;
}

/** What an unrecoverable gateway close code means, and what to do about it. */
function unrecoverableClose(code: number): string {
  const reasons: Record<number, string> = {
    4004: 'authentication failed; check DISCORD_TOKEN',
    4010: 'invalid shard; check DISCORD_SHARDS',
    4011: 'sharding required; set DISCORD_SHARDS',
    4012: 'invalid gateway API version',
    4013: 'invalid intents',
    4014: 'disallowed intents; enable them for the application in the Developer Portal',
  };
  return `${reasons[code] ?? 'closed for good'} (gateway close code ${code})`;
}

/** French for French clients; otherwise the Bot guesses from the text (a French question gets French). */
function localeOf(interaction: Interaction): Locale | undefined {
  return interaction.locale?.startsWith('fr') ? 'fr' : undefined;
}

/** Follow-ups read replies: messages in servers and DMs, with their text (privileged). */
export const FOLLOW_UP_INTENTS = [GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent] as const;

function interactionKey(id: string): string {
  return `discord:interaction:${id}`;
}

function messageKey(id: string): string {
  return `discord:message:${id}`;
}

/** A reply in a channel: never ephemeral (only interactions can be), never a ping. */
function messageOptions(message: DiscordMessage): MessageCreateOptions {
  const flags = (message.flags ?? 0) & MessageFlag.SuppressEmbeds;
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    ...(message.embeds ? { embeds: message.embeds.map(asApiJson) } : {}),
    ...(flags ? { flags: flags as MessageCreateOptions['flags'] } : {}),
    allowedMentions: { parse: [], repliedUser: false },
  };
}

// discord.js takes the API's JSON for embeds and components; mentions are never parsed.

/**
 * Our embeds and components as what they already are, the API's JSON: discord.js sends a
 * `toJSON()` as it is, where it would copy a plain object, renaming every key of every
 * button to snake_case on the way (lodash, on each reply).
 */
function asApiJson<T>(json: T): JSONEncodable<T> {
  return { toJSON: () => json };
}

function replyOptions(message: DiscordMessage, files: readonly DiscordFile[] = []): InteractionReplyOptions {
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    ...(message.embeds ? { embeds: message.embeds.map(asApiJson) } : {}),
    ...(message.components ? { components: message.components.map(asApiJson) as InteractionReplyOptions['components'] } : {}),
    ...(message.flags ? { flags: message.flags as InteractionReplyOptions['flags'] } : {}),
    ...(files.length > 0 ? { files: [...files] } : {}),
    allowedMentions: { parse: [] },
  };
}

/**
 * Edits replace the whole message, files included: `attachments: []` drops what the
 * message had (page 1's chart when turning to page 2) and discord.js adds the new files
 * to it; ephemerality cannot change after the first response.
 */
function editOptions(message: DiscordMessage, files: readonly DiscordFile[] = []): InteractionEditReplyOptions & InteractionUpdateOptions {
  const flags = (message.flags ?? 0) & MessageFlag.SuppressEmbeds;
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    embeds: (message.embeds ?? []).map(asApiJson),
    components: (message.components ?? []).map(asApiJson) as InteractionEditReplyOptions['components'],
    ...(flags ? { flags: flags as InteractionEditReplyOptions['flags'] } : {}),
    attachments: [],
    ...(files.length > 0 ? { files: [...files] } : {}),
    allowedMentions: { parse: [] },
  };
}

function updateOptions(message: DiscordMessage, files: readonly DiscordFile[] = []): InteractionUpdateOptions {
  return editOptions(message, files);
}
