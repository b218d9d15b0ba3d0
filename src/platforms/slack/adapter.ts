// The Slack adapter: a Bolt App over HTTP (`/slack/events` on PORT) or Socket Mode, thin by
// design. Slash commands are acknowledged with the answer itself (ephemeral), buttons page,
// repost in the channel or list the sources through response_url, mentions and direct
// messages are answered in a thread (and a reply in that thread is a follow-up about the
// same subject), votes and the report form are stored as feedback, "Check with landscape"
// checks a message's claim, and the App Home tab shows what the bot knows. Every answer
// comes from Bot.handle; every message from the Slack renderer.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  App,
  HTTPReceiver,
  ignoreSelf,
  SocketModeReceiver,
  type AllMiddlewareArgs,
  type AnyMiddlewareArgs,
  type BlockAction,
  type ButtonAction,
  type CustomRoute,
  type Middleware,
  type RespondArguments,
  type RespondFn,
  type SlackActionMiddlewareArgs,
  type SlackCommandMiddlewareArgs,
  type SlackEventMiddlewareArgs,
  type SlackShortcutMiddlewareArgs,
  type SlackViewMiddlewareArgs,
  type MessageShortcut,
  type ViewSubmitAction,
  type webApi,
} from '@slack/bolt';
import type { Answer, Locale } from '../../answer/answer.ts';
import { chartAltText } from '../../answer/i18n.ts';
import { messages } from '../../answer/messages.ts';
import { takePage } from '../../answer/paging.ts';
import { encodeAnswerRef, type AnswerRef } from '../../answer/ref.ts';
import { reportForm } from '../../answer/report-form.ts';
import { cut } from '../../answer/text.ts';
import { renderSlackSources, renderSlackView, renderSlackWorking, SLACK_ACTIONS, type SlackButtons, type SlackMessage } from '../../answer/render-slack.ts';
import { PROFILES, viewOf, type AnswerView, type ViewProfile } from '../../answer/view.ts';
import type { Bot, BotReply, BotRequest } from '../../bot.ts';
import { InFlight, settleWithin } from '../../runtime/async.ts';
import { Conversations, type ConversationStore } from '../../runtime/conversations.ts';
import type { Logger } from '../../runtime/logger.ts';
import { guessLocale } from '../../search/normalize.ts';
import type { ConnectionState, PlatformAdapter } from '../adapter.ts';
import { homeView } from './home.ts';
import { slackLogger } from './logger.ts';
import { FEEDBACK_ACTIONS, REPORT_BLOCKS, REPORT_VIEW } from './feedback-ids.ts';
import { BOT_EVENTS, CHECK_SHORTCUT, EVENTS_PATH } from './manifest.ts';
import { RecentIds } from './recent-ids.ts';
import { guardSlackRequests } from './request-guard.ts';
import { commandLine, messageLine, plainSlackText } from './text.ts';
import { decodeState, decodeSuggestion, encodeState, encodeSuggestion, type SlackActionState, type SlackAnswerMode } from './action-state.ts';

export interface SlackAdapterOptions {
  bot: Bot;
  logger: Logger;
  /** `xoxb-…` */
  botToken: string;
  /** HTTP mode: verifies every request's `X-Slack-Signature`. */
  signingSecret?: string;
  /** `xapp-…`: Socket Mode instead of HTTP. */
  appToken?: string;
  /** Web API base, default https://slack.com/api/. */
  apiUrl?: string;
  /** HTTP mode: the port for `/slack/events` (0: any free port). Socket Mode: for customRoutes only. */
  port?: number;
  /** HTTP mode: the address to listen on; all interfaces by default. */
  host?: string;
  /** More routes on the same server (main.ts: /healthz, /metrics). */
  customRoutes?: CustomRoute[];
  /**
   * The bot's ids, when known: Bolt then skips `auth.test` at start. Without them, start()
   * calls auth.test, which also proves the token before the first request.
   */
  botId?: string;
  botUserId?: string;
  /** How much a page shows (default: PROFILES.slack). */
  profile?: ViewProfile;
  /** How long buttons keep working, as on Discord. */
  buttonTtlSeconds?: number;
  /** Milliseconds since the epoch; tests pin it. */
  now?: () => number;
  /**
   * Slack wants the slash-command acknowledgement within 3 s. An answer slower than this is
   * acknowledged with "looking that up" and sent through response_url when ready.
   */
  ackDeadlineMs?: number;
  /** Event ids already answered, for retries. */
  recentEvents?: RecentIds;
  /** Each HTTP call to Slack (Web API, response_url) that takes longer is abandoned. */
  callTimeoutMs?: number;
  /** What each thread the bot answered in is about, for follow-ups; in memory by default. */
  conversations?: ConversationStore;
}

export const DEFAULT_BUTTON_TTL_SECONDS = 24 * 60 * 60;
/** The answers a reader can judge: facts found, partly found, or not found. */
const JUDGED: readonly AnswerView['status'][] = ['ok', 'partial', 'not-found'];
/** The types of the events the bot subscribes to (`message.im` and the like are `message` events). */
const ANSWERED_EVENTS = new Set<string>(BOT_EVENTS.map((name) => name.split('.')[0]!));
const LOCALE_TTL_MS = 60 * 60 * 1000;
const LOCALE_CACHE_SIZE = 10_000;
const LOCALE_LOOKUP_BUDGET_MS = 300;
const DEFAULT_ACK_DEADLINE_MS = 2500;
/**
 * Slack answers in well under a second. With the Web API client's two retries (after 1 s
 * and 2 s), a hung call is given up on within about 18 s, auth.test at start included.
 */
export const DEFAULT_CALL_TIMEOUT_MS = 5000;

type MentionEvent = SlackEventMiddlewareArgs<'app_mention'>['event'];

/** A mention or DM as the message to answer in its thread, without the bot's own mention. */
function threadTarget(event: { channel: string; ts: string; thread_ts?: string; text?: string }, user: string, botUserId?: string): ThreadTarget {
  return { channel: event.channel, ts: event.ts, threadTs: event.thread_ts, user, text: messageLine(event.text ?? '', botUserId) };
}

interface ThreadTarget {
  channel: string;
  /** The message answered; the reply goes in its thread. */
  ts: string;
  threadTs?: string;
  user: string;
  text: string;
}

export class SlackAdapter implements PlatformAdapter {
  readonly platform = 'slack' as const;
  readonly app: App;
  readonly mode: 'http' | 'socket';
  private readonly bot: Bot;
  private readonly logger: Logger;
  private readonly receiver: HTTPReceiver | SocketModeReceiver;
  private readonly port: number;
  private readonly host?: string;
  private readonly profile: ViewProfile;
  private readonly buttonTtlSeconds: number;
  private readonly now: () => number;
  private readonly apiUrl: string;
  private readonly ackDeadlineMs: number;
  private readonly recent: RecentIds;
  private readonly inFlight = new InFlight();
  private readonly locales = new Map<string, { locale?: Locale; at: number }>();
  private readonly conversations: ConversationStore;
  private server?: Server;
  private current: ConnectionState = 'disconnected';
  private stopping = false;

  constructor(options: SlackAdapterOptions) {
    this.bot = options.bot;
    this.logger = options.logger.child({ platform: 'slack' });
    this.port = options.port ?? 3000;
    this.host = options.host;
    this.profile = options.profile ?? PROFILES.slack;
    this.buttonTtlSeconds = options.buttonTtlSeconds ?? DEFAULT_BUTTON_TTL_SECONDS;
    this.now = options.now ?? Date.now;
    this.apiUrl = options.apiUrl ?? 'https://slack.com/api/';
    this.ackDeadlineMs = options.ackDeadlineMs ?? DEFAULT_ACK_DEADLINE_MS;
    this.recent = options.recentEvents ?? new RecentIds();
    this.conversations = options.conversations ?? new Conversations();

    const logger = slackLogger(options.logger);
    // Few retries: an answer that arrives half an hour late is worse than a logged failure.
    // Bolt's respond() posts to response_url with this fetch too.
    const clientOptions: webApi.WebClientOptions = {
      slackApiUrl: this.apiUrl,
      retryConfig: { retries: 2 },
      fetch: fetchWithin(options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS),
    };
    if (options.appToken) {
      this.mode = 'socket';
      const receiver = new SocketModeReceiver({
        appToken: options.appToken,
        logger,
        customRoutes: options.customRoutes ?? [],
        installerOptions: { clientOptions, port: this.port },
      });
      receiver.client.on('connected', () => this.setState('connected'));
      receiver.client.on('reconnecting', () => this.setState('reconnecting'));
      receiver.client.on('disconnected', () => this.setState(this.stopping ? 'stopped' : 'disconnected'));
      this.receiver = receiver;
    } else {
      if (!options.signingSecret) throw new Error('Slack over HTTP needs a signing secret (SLACK_SIGNING_SECRET), or an app token for Socket Mode');
      this.mode = 'http';
      const receiver = new HTTPReceiver({
        signingSecret: options.signingSecret,
        endpoints: EVENTS_PATH,
        port: this.port,
        customRoutes: options.customRoutes ?? [],
        logger,
        // The guard below checks every request's signature before Bolt sees it; checking it
        // again here would only compute the same HMAC twice.
        signatureVerification: false,
      });
      // The receiver's server calls this property for every request it gets.
      receiver.requestListener = guardSlackRequests(receiver.requestListener, { path: EVENTS_PATH, signingSecret: options.signingSecret, logger: this.logger });
      this.receiver = receiver;
    }

    const knownIds = Boolean(options.botId && options.botUserId);
    this.app = new App({
      token: options.botToken,
      ...(knownIds ? { botId: options.botId, botUserId: options.botUserId } : {}),
      receiver: this.receiver,
      ...(this.mode === 'socket' ? { socketMode: true, appToken: options.appToken } : {}),
      logger,
      clientOptions,
      // init() in start(): a bad token fails start() with Slack's error, not a stray rejection.
      deferInitialization: true,
      tokenVerificationEnabled: !knownIds,
      // Bolt's conversation store is unused here (follow-ups have their own, shared through
      // Redis), and its default looks every request up and fails with an Error when the
      // conversation is not found, which is nearly always.
      convoStore: false,
      // Only events can come from the bot itself: Bolt's filter runs on events alone (see
      // dispatch) rather than in front of every request.
      ignoreSelf: false,
    });

    // One global middleware that sends each kind of request to its handler, and no listener:
    // Bolt runs every listener's middleware chain for every request, whatever its kind, and a
    // bare app with five listeners (one per kind) answers 14% fewer requests than with one
    // (bench/RESULTS.md).
    this.app.use(this.dispatch);
    this.app.error(async (error) => {
      this.logger.error({ err: error.message, code: error.code }, 'slack: unhandled error in a listener');
    });
  }

  async start(): Promise<void> {
    this.setState('starting');
    try {
      await this.app.init().catch((error: Error) => {
        // The only call init() makes: a wrong token, or a Slack that cannot be reached.
        throw new Error(`cannot check the bot token with auth.test at ${this.apiUrl}: ${error.message}`, { cause: error });
      });
      if (this.receiver instanceof HTTPReceiver) {
        this.server = (await this.app.start(this.host ? { port: this.port, host: this.host } : this.port)) as Server;
        this.logger.info({ port: this.address()?.port, path: EVENTS_PATH, mode: 'http' }, 'slack: listening');
      } else {
        await this.app.start();
        this.logger.info({ mode: 'socket' }, 'slack: connected over Socket Mode');
      }
      this.setState('connected');
    } catch (error) {
      this.setState('disconnected');
      throw new Error(`Slack failed to start: ${(error as Error).message}`, { cause: error });
    }
  }

  async stop(): Promise<void> {
    if (this.current === 'stopped') return;
    this.stopping = true;
    // Replies being posted finish first; Bot.handle itself drains in main.
    await this.inFlight.drained();
    if (this.current !== 'disconnected' || this.server) {
      try {
        await this.app.stop();
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'slack: error while stopping');
      }
    }
    this.server = undefined;
    this.setState('stopped');
  }

  state(): ConnectionState {
    return this.current;
  }

  /** HTTP mode: where the server listens (port 0 picks a free port). */
  address(): AddressInfo | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address : undefined;
  }

  private setState(next: ConnectionState): void {
    if (this.stopping && next !== 'stopped') return;
    this.current = next;
  }

  // ── listeners ────────────────────────────────────────────────────────────────────────

  /**
   * Each request to its handler, as Bolt's listeners would match them: slash commands, button
   * clicks, the events the bot subscribes to (not the bot's own: Bolt's ignoreSelf), the
   * "Check with landscape" shortcut and the report form. Anything else is left unacknowledged,
   * as a request no listener matches is.
   */
  private dispatch: Middleware<AnyMiddlewareArgs> = async (args) => {
    if ('command' in args && args.command) return this.onCommand(args);
    if ('action' in args && args.action) {
      // Bolt's types do not narrow the action by the body's type.
      if (args.body.type === 'block_actions') return this.onBlockAction(args as SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs);
      return;
    }
    if ('event' in args && args.event) {
      if (!ANSWERED_EVENTS.has(args.event.type)) return;
      return ignoreSelf({ ...args, next: () => this.onEventOnce(args) });
    }
    if ('shortcut' in args && args.shortcut) {
      if (args.shortcut.type === 'message_action' && args.shortcut.callback_id === CHECK_SHORTCUT)
        return this.onCheckShortcut(args as SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs);
      return;
    }
    if ('view' in args && args.view && args.body.type === 'view_submission' && args.view.callback_id === REPORT_VIEW)
      return this.onReportForm(args as SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs);
  };

  /** Slack resends an event it got no timely 200 for (events only); each event_id is answered once. */
  private async onEventOnce(args: SlackEventMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
    const { body, context } = args;
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await this.recent.add(eventId))) {
      this.logger.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'slack: event already answered; retry ignored');
      return;
    }
    await this.onEvent(args);
  }

  private onCommand = async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & { client: webApi.WebClient }): Promise<void> => {
    // `page:N` at the end opens an answer on page N, as on the console.
    const { text: line, page } = takePage(commandLine(command.command, command.text ?? '', (name) => this.bot.engine.command(name) !== undefined));
    const locale = await this.userLocale(command.user_id);
    // Slack is asked only for commands that change the channel's settings (subscriptions).
    const settings = this.bot.engine.command(this.bot.engine.parse(line).command)?.channelSettings === true;
    const manager = settings ? this.channelManager(client, command.user_id, command.channel_id) : Promise.resolve(false);
    const pending = manager
      .then((isManager) => this.ask({ platform: 'slack', userId: command.user_id, channelId: command.channel_id, text: line, ...(locale ? { locale } : {}), manager: isManager }))
      .then((reply) => ({
        correlationId: reply.correlationId,
        message: this.render(reply.answer, { ...this.firstPage(reply.answer, 'ephemeral'), page }, { ref: reply.ref }),
      }));
    let ready: { correlationId: string; message: SlackMessage } | undefined;
    try {
      ready = await settleWithin(pending, this.ackDeadlineMs);
    } catch (error) {
      // Bot.handle never throws; a renderer bug must still not leave Slack without an ack.
      this.logger.error({ err: (error as Error).message }, 'slack: could not build an answer');
      await ack({ response_type: 'ephemeral', text: ':warning: Sorry, something went wrong on our side.' });
      return;
    }
    if (ready) {
      await ack({ response_type: 'ephemeral', ...ready.message });
      return;
    }
    await ack({ response_type: 'ephemeral', ...renderSlackWorking(guessLocale(line)) });
    const late = await pending.catch(() => undefined);
    if (late) await this.send(respond, { response_type: 'ephemeral', replace_original: true, ...late.message }, 'late answer', late.correlationId);
  };

  /** A button click: a vote, the report form, or one of the answer's own buttons. */
  private onBlockAction = async (args: SlackActionMiddlewareArgs<BlockAction> & { client: webApi.WebClient }): Promise<void> => {
    const id = args.action.action_id;
    if (id === FEEDBACK_ACTIONS.up || id === FEEDBACK_ACTIONS.down) return this.onVote(args);
    if (id === FEEDBACK_ACTIONS.report) return this.onOpenReport(args);
    if (id.startsWith('landscape_')) return this.onAction(args);
  };

  private onEvent = async (args: SlackEventMiddlewareArgs & { context: { botUserId?: string }; client: webApi.WebClient }): Promise<void> => {
    switch (args.event.type) {
      case 'app_mention':
        return this.onMention(args as SlackEventMiddlewareArgs<'app_mention'> & typeof args);
      case 'message':
        return this.onMessage(args as SlackEventMiddlewareArgs<'message'> & typeof args);
      case 'app_home_opened':
        return this.onHomeOpened(args as SlackEventMiddlewareArgs<'app_home_opened'> & typeof args);
    }
  };

  private onAction = async ({ ack, action, body, respond }: SlackActionMiddlewareArgs<BlockAction>): Promise<void> => {
    await ack();
    if (action.type !== 'button') return;
    const button = action as ButtonAction;
    const userId = body.user.id;
    const channelId = body.channel?.id;
    if (button.action_id.startsWith(SLACK_ACTIONS.suggestion)) {
      await this.onSuggestion(button, userId, channelId, respond);
      return;
    }
    const state = decodeState(button.value);
    if (!state) {
      this.logger.warn({ actionId: button.action_id }, 'slack: button with an unreadable value');
      return;
    }
    const line = [`/${state.command}`, ...Object.values(state.args)].join(' ');
    if (state.revision !== this.revision() || this.now() / 1000 - state.issuedAt > this.buttonTtlSeconds) {
      await this.send(respond, { response_type: 'ephemeral', replace_original: false, text: messages(state.locale).expired(`\`${line}\``) }, 'expired', '-');
      return;
    }
    const reply = await this.ask({ platform: 'slack', userId, channelId, command: state.command, args: state.args, locale: state.locale });
    const { answer, correlationId } = reply;
    if (reply.outcome === 'limited' || reply.outcome === 'error') {
      // Keep the message the user was reading; tell only them why nothing changed.
      await this.send(respond, { response_type: 'ephemeral', replace_original: false, ...renderSlackView(viewOf(answer, { profile: this.profile })) }, 'refusal', correlationId);
      return;
    }
    // A message others read (a thread, a post in the channel) never changes under them: the
    // clicker gets the page or the details for themselves.
    const inPlace = state.mode === 'ephemeral';
    switch (button.action_id) {
      case SLACK_ACTIONS.previous:
      case SLACK_ACTIONS.next:
      case SLACK_ACTIONS.more:
        await this.send(
          respond,
          {
            ...(inPlace ? { replace_original: true } : { response_type: 'ephemeral', replace_original: false }),
            ...this.render(answer, { ...state, mode: inPlace ? state.mode : 'ephemeral' }, { ref: reply.ref }),
          },
          'page',
          correlationId,
        );
        break;
      case SLACK_ACTIONS.details:
        await this.send(respond, { response_type: 'ephemeral', replace_original: false, ...this.render(answer, { ...state, detailed: true, mode: 'ephemeral' }) }, 'details', correlationId);
        break;
      case SLACK_ACTIONS.post: {
        const posted = await this.send(
          respond,
          { response_type: 'in_channel', replace_original: false, ...this.render(answer, { ...state, page: 1, mode: 'channel' }, { sharedBy: userId, ref: reply.ref }) },
          'post in channel',
          correlationId,
        );
        // The private copy goes once the public one is there.
        if (posted && state.mode === 'ephemeral') await this.send(respond, { delete_original: true } as RespondArguments, 'delete ephemeral', correlationId);
        break;
      }
      case SLACK_ACTIONS.sources:
        await this.send(
          respond,
          { response_type: 'ephemeral', replace_original: false, ...renderSlackSources(viewOf(answer, { page: state.page, detailed: true, profile: this.profile })) },
          'sources',
          correlationId,
        );
        break;
      default:
        this.logger.warn({ actionId: button.action_id }, 'slack: unknown action');
    }
  };

  /** A "did you mean" button: the suggested command, run for the clicker, privately. */
  private async onSuggestion(button: ButtonAction, userId: string, channelId: string | undefined, respond: RespondFn): Promise<void> {
    const suggestion = decodeSuggestion(button.value);
    if (!suggestion) {
      this.logger.warn({ actionId: button.action_id }, 'slack: suggestion with an unreadable value');
      return;
    }
    const reply = await this.ask({ platform: 'slack', userId, channelId, text: suggestion.command, locale: suggestion.locale });
    await this.send(
      respond,
      { response_type: 'ephemeral', replace_original: false, ...this.render(reply.answer, this.firstPage(reply.answer, 'ephemeral'), { ref: reply.ref }) },
      'suggestion',
      reply.correlationId,
    );
  }

  private onMention = async ({ event, context, client }: SlackEventMiddlewareArgs<'app_mention'> & { context: { botUserId?: string }; client: webApi.WebClient }): Promise<void> => {
    const mention = event as MentionEvent;
    if (!mention.user) return;
    await this.answerInThread(client, threadTarget(mention, mention.user, context.botUserId));
  };

  /**
   * Direct messages, and replies in a channel thread the bot answered in (follow-ups): not
   * the bot's own, not edits, joins or other subtypes. A reply that mentions the bot comes
   * as app_mention too and is answered there, once.
   */
  private onMessage = async ({ event, context, client }: SlackEventMiddlewareArgs<'message'> & { context: { botUserId?: string }; client: webApi.WebClient }): Promise<void> => {
    const message = event as { channel_type?: string; subtype?: string; bot_id?: string; user?: string; channel: string; ts: string; thread_ts?: string; text?: string };
    if (message.subtype !== undefined || message.bot_id || !message.user) return;
    if (context.botUserId && message.user === context.botUserId) return;
    if (message.channel_type === 'im') {
      await this.answerInThread(client, threadTarget(message, message.user, context.botUserId));
      return;
    }
    await this.onThreadReply(client, message, message.user, context.botUserId);
  };

  /**
   * A reply in a thread where the bot answered: a follow-up about the thread's subject. Any
   * other channel message (the bot reads every message of the channels it is in, with
   * channels:history) is ignored without a trace.
   */
  private async onThreadReply(client: webApi.WebClient, message: { channel: string; ts: string; thread_ts?: string; text?: string }, user: string, botUserId: string | undefined): Promise<void> {
    if (!message.thread_ts || message.thread_ts === message.ts) return;
    if (botUserId && (message.text ?? '').includes(`<@${botUserId}`)) return;
    if (!(await this.conversations.get(threadKey(message.channel, message.thread_ts)))) return;
    await this.answerInThread(client, threadTarget(message, user, botUserId));
  }

  private onHomeOpened = async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & { client: webApi.WebClient }): Promise<void> => {
    if (event.tab !== undefined && event.tab !== 'home') return;
    await this.track(
      this.userLocale(event.user)
        .then((locale) => client.views.publish({ user_id: event.user, view: homeView(this.bot, locale ?? 'en') }))
        .catch((error: Error) => {
          this.logger.warn({ err: error.message }, 'slack: views.publish failed');
        }),
    );
  };

  /**
   * A 👍 / 👎 click (see feedback-ids.ts): stored by the Bot as the clicker's (whoever clicks
   * votes for themselves, never for the asker), acknowledged privately through response_url.
   */
  private onVote = async ({ ack, action, body, respond }: SlackActionMiddlewareArgs<BlockAction>): Promise<void> => {
    await ack();
    if (action.type !== 'button') return;
    const locale = await this.userLocale(body.user.id);
    const reply = await this.bot.feedback({
      platform: 'slack',
      userId: body.user.id,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      ...(locale ? { locale } : {}),
      answerRef: action.value ?? '',
      vote: action.action_id === FEEDBACK_ACTIONS.up ? 'up' : 'down',
    });
    await this.send(respond, { response_type: 'ephemeral', replace_original: false, ...renderSlackView(viewOf(reply.answer, { profile: this.profile }), {}) }, 'feedback', reply.correlationId);
  };

  /**
   * The report form sent: stored by the Bot, then acknowledged in the form itself. A missing
   * reason is shown on its field, leaving the form open; anything else replaces the form with
   * the acknowledgement (thanks, or why nothing was stored).
   */
  private onReportForm = async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> => {
    const values = view.state.values;
    const reason = values[REPORT_BLOCKS.reason]?.[REPORT_BLOCKS.reason]?.selected_option?.value;
    const text = values[REPORT_BLOCKS.text]?.[REPORT_BLOCKS.text]?.value;
    const locale = await this.userLocale(body.user.id);
    const reply = await this.bot.feedback({
      platform: 'slack',
      userId: body.user.id,
      ...(locale ? { locale } : {}),
      answerRef: view.private_metadata,
      report: { ...(reason ? { reason } : {}), ...(text ? { text } : {}) },
    });
    if (reply.invalid === 'reason') {
      await ack({ response_action: 'errors', errors: { [REPORT_BLOCKS.reason]: reply.answer.title } });
      return;
    }
    const { blocks } = renderSlackView(viewOf(reply.answer, { profile: this.profile }), {});
    const title = messages(reply.answer.locale).reportProblem;
    await ack({ response_action: 'update', view: { type: 'modal', title: { type: 'plain_text', text: title }, close: { type: 'plain_text', text: 'OK' }, blocks } });
  };

  /**
   * "Check with landscape" on a message: /check on its text, answered privately through the
   * shortcut's response_url (whoever checks a claim should not be seen to challenge its author).
   */
  private onCheckShortcut = async ({ shortcut, ack, respond }: SlackShortcutMiddlewareArgs<MessageShortcut>): Promise<void> => {
    await ack();
    const locale = await this.userLocale(shortcut.user.id);
    const reply = await this.bot.check({
      platform: 'slack',
      userId: shortcut.user.id,
      channelId: shortcut.channel.id,
      ...(locale ? { locale } : {}),
      text: plainSlackText(shortcut.message.text ?? ''),
    });
    await this.send(
      respond,
      { response_type: 'ephemeral', replace_original: false, ...this.render(reply.answer, this.firstPage(reply.answer, 'ephemeral'), { ref: reply.ref }) },
      'check',
      reply.correlationId,
    );
  };

  /**
   * Whether a member may change a channel's settings: a workspace admin or owner, the
   * channel's creator, or anyone in their own DM with the bot. (Slack's API does not say who
   * a channel's managers are outside Enterprise Grid; users:read, channels:read, groups:read.)
   * No, when Slack cannot tell.
   */
  private async channelManager(client: webApi.WebClient, userId: string, channelId: string): Promise<boolean> {
    if (channelId.startsWith('D')) return true;
    try {
      const { user } = await client.users.info({ user: userId });
      if (user?.is_admin || user?.is_owner || user?.is_primary_owner) return true;
      const { channel } = await client.conversations.info({ channel: channelId });
      return channel?.creator === userId;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'slack: cannot tell who manages a channel; subscriptions stay unchanged');
      return false;
    }
  }

  /**
   * A digest in a subscribed channel, as a message of the bot (chat:write.public lets it post
   * in public channels it was not invited to; private channels need an invitation).
   */
  async postDigest(channelId: string, answer: Answer): Promise<boolean> {
    const message = renderSlackView(viewOf(answer, { profile: this.profile }), {});
    await this.track(this.app.client.chat.postMessage({ channel: channelId, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false }));
    return true;
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────

  private ask(request: BotRequest): Promise<BotReply> {
    return this.bot.handle(request);
  }

  /**
   * French for a member whose Slack is in French (users.info, with the users:read scope),
   * cached for an hour; otherwise the Bot hears the language of the question. The lookup
   * gets a small share of Slack's 3-second window: if it is slow, this answer goes by the
   * question and the next one by the cached locale.
   */
  private async userLocale(userId: string): Promise<Locale | undefined> {
    const known = this.locales.get(userId);
    if (known && this.now() - known.at < LOCALE_TTL_MS) return known.locale;
    const lookup = this.app.client.users
      .info({ user: userId, include_locale: true })
      .then((result) => (result.user?.locale?.toLowerCase().startsWith('fr') ? ('fr' as const) : undefined))
      .catch((error: Error) => {
        this.logger.debug({ err: error.message }, 'slack: users.info failed; the language comes from the question');
        return undefined;
      })
      .then((locale) => {
        this.locales.delete(userId);
        this.locales.set(userId, { ...(locale ? { locale } : {}), at: this.now() });
        if (this.locales.size > LOCALE_CACHE_SIZE) this.locales.delete(this.locales.keys().next().value!);
        return locale;
      });
    return settleWithin(lookup, LOCALE_LOOKUP_BUDGET_MS);
  }

  /** The state of a first page, as its buttons carry it. */
  private firstPage(answer: Answer, mode: SlackAnswerMode): SlackActionState {
    return { command: answer.command.name, args: answer.command.args, page: 1, detailed: false, locale: answer.locale, mode, issuedAt: Math.floor(this.now() / 1000), revision: this.revision() };
  }

  /** A page of an answer with the buttons that lead to the rest of it. */
  private render(answer: Answer, state: SlackActionState, extra: { sharedBy?: string; ref?: AnswerRef } = {}): SlackMessage {
    const view = viewOf(answer, { page: state.page, detailed: state.detailed, profile: this.profile });
    const { sharedBy, ref } = extra;
    return renderSlackView(view, {
      buttons: this.buttonsFor(view, state, ref),
      ...(sharedBy ? { sharedBy: { userId: sharedBy, command: [`/${answer.command.name}`, ...Object.values(answer.command.args)].join(' ') } } : {}),
    });
  }

  private buttonsFor(view: AnswerView, state: SlackActionState, ref: AnswerRef | undefined): SlackButtons {
    const value = (page: number, detailed = false) => encodeState({ ...state, page, detailed });
    const { page, pageCount, more } = view.pager;
    if (view.detailed) return view.sources.length > 0 ? { sources: value(page, true) } : {};
    const suggestions =
      view.status === 'not-found' || view.status === 'partial'
        ? view.suggestions.flatMap((each) => {
            const encoded = encodeSuggestion(each.command, view.locale);
            return encoded ? [{ value: encoded, label: each.label || each.command }] : [];
          })
        : [];
    return {
      ...(page === 1 && more > 0 ? { more: value(2) } : {}),
      ...(page > 1 ? { previous: value(page - 1) } : {}),
      ...(page > 1 && page < pageCount ? { next: value(page + 1) } : {}),
      ...(view.hasDetails ? { details: value(page, true) } : {}),
      ...(view.sources.length > 0 ? { sources: value(page) } : {}),
      ...(state.mode === 'ephemeral' && page === 1 && (view.status === 'ok' || view.status === 'info') ? { post: value(1) } : {}),
      ...(suggestions.length > 0 ? { suggestions } : {}),
      // 👍, 👎 and Report a problem, each carrying the answer's reference (it always fits).
      ...(ref && this.bot.collectsFeedback && JUDGED.includes(view.status) ? { feedback: { up: encodeAnswerRef(ref), down: encodeAnswerRef(ref), report: encodeAnswerRef(ref) } } : {}),
    };
  }

  /** Report a problem: the form (views.open needs the click's trigger_id), recorded by onReportForm. */
  private onOpenReport = async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction> & { client: webApi.WebClient }): Promise<void> => {
    await ack();
    if (action.type !== 'button') return;
    const form = reportForm((await this.userLocale(body.user.id)) ?? 'en');
    await this.track(
      client.views
        .open({
          trigger_id: body.trigger_id,
          view: {
            type: 'modal',
            callback_id: REPORT_VIEW,
            private_metadata: (action as ButtonAction).value ?? '',
            title: { type: 'plain_text', text: cut(form.title, 24) },
            submit: { type: 'plain_text', text: cut(form.submit, 24) },
            blocks: [
              {
                type: 'input',
                block_id: REPORT_BLOCKS.reason,
                label: { type: 'plain_text', text: form.reasonLabel },
                element: { type: 'static_select', action_id: REPORT_BLOCKS.reason, options: form.reasons.map((reason) => ({ text: { type: 'plain_text', text: reason.label }, value: reason.value })) },
              },
              {
                type: 'input',
                block_id: REPORT_BLOCKS.text,
                optional: true,
                label: { type: 'plain_text', text: form.textLabel },
                element: { type: 'plain_text_input', action_id: REPORT_BLOCKS.text, multiline: true, max_length: form.maxText },
              },
            ],
          },
        })
        .catch((error: Error) => this.logger.warn({ err: error.message }, 'slack: views.open failed')),
    );
  };

  private revision(): string {
    return this.bot.knowledge.kb.version.revision.slice(0, 8);
  }

  private async answerInThread(client: webApi.WebClient, target: ThreadTarget): Promise<void> {
    const { text, page } = takePage(target.text);
    const locale = await this.userLocale(target.user);
    // The reply goes in the thread of the message answered: a reply in a thread is a follow-up.
    const thread = threadKey(target.channel, target.threadTs ?? target.ts);
    const subject = target.threadTs ? await this.conversations.get(thread) : undefined;
    const reply = await this.ask({ platform: 'slack', userId: target.user, channelId: target.channel, text, ...(locale ? { locale } : {}), ...(subject ? { subject } : {}) });
    if (reply.answer.subjects) await this.conversations.set(thread, reply.answer.subjects);
    const message = this.render(reply.answer, { ...this.firstPage(reply.answer, 'thread'), page }, { ref: reply.ref });
    await this.track(
      client.chat
        .postMessage({
          channel: target.channel,
          thread_ts: target.threadTs ?? target.ts,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
        })
        .then(() => true)
        .catch((error: Error) => {
          this.logger.warn({ err: error.message, correlationId: reply.correlationId }, 'slack: chat.postMessage failed');
          return false;
        }),
    ).then((posted) => (posted && reply.answer.status === 'ok' && reply.answer.chart ? this.uploadChart(client, target, reply.answer.chart, reply.answer.locale, reply.correlationId) : undefined));
  }

  /**
   * The answer's chart (the percentages of /share) as a PNG in the same thread (files:write).
   * Only where the answer is a real message: an ephemeral answer cannot carry a file.
   */
  private async uploadChart(client: webApi.WebClient, target: ThreadTarget, chart: NonNullable<Answer['chart']>, locale: Locale, correlationId: string): Promise<void> {
    await this.track(
      (async () => {
        const { drawChartOnce } = await import('../../answer/render-chart.ts');
        const png = await drawChartOnce(chart);
        await client.filesUploadV2({
          channel_id: target.channel,
          thread_ts: target.threadTs ?? target.ts,
          file: png,
          filename: 'chart.png',
          title: chart.title,
          alt_text: chartAltText(chart, locale),
        });
      })().catch((error: Error) => {
        this.logger.warn({ err: error.message, correlationId }, 'slack: chart upload failed');
      }),
    );
  }

  /**
   * Posts to response_url (once: Bolt's respond() does not retry); false, and a log line
   * with the answer's correlation id, if Slack refused it.
   */
  private async send(respond: RespondFn, message: RespondArguments, what: string, correlationId: string): Promise<boolean> {
    try {
      await this.track(respond(message));
      return true;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, what, correlationId }, 'slack: response_url post failed');
      return false;
    }
  }

  /** Counts platform work as in flight (for the Bot's drain and for stop()). */
  private track<T>(work: Promise<T>): Promise<T> {
    return this.inFlight.track(this.bot.inFlightWhile(work));
  }
}

/** A thread: its channel and the ts of its first message. */
function threadKey(channel: string, threadTs: string): string {
  return `slack:${channel}:${threadTs}`;
}

/** fetch that gives up after `ms` (with a TimeoutError), on top of any signal the caller gives. */
function fetchWithin(ms: number): webApi.FetchFunction {
  return (url, init) => {
    const signal = init?.signal ? AbortSignal.any([init.signal as AbortSignal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms);
    return fetch(url, { ...(init as RequestInit), signal });
  };
}
