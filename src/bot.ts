// What every platform adapter calls: one request in, one Answer out, never an exception.
// Here live the rules that hold on every platform: input is bounded and cleaned, users and
// channels are rate-limited, a failure inside a command becomes a short apology with a
// correlation id, and each answer is logged (one JSON line), counted (Prometheus) and, when
// the base had nothing, recorded as a gap for maintainers. While shutting down it refuses
// new requests politely and lets the ones in flight finish. Feedback on an answer (a vote,
// a report) comes in here too, under the same limits, and goes to the feedback store.
import { randomUUID } from 'node:crypto';
import type { Answer, Locale } from './answer/answer.ts';
import { AnswerBuilder } from './answer/build.ts';
import { cutCodePoints } from './answer/text.ts';
import { messages } from './answer/messages.ts';
import { decodeAnswerRef, type AnswerRef } from './answer/ref.ts';
import type { ChannelSubscriptions, CommandCapabilities, CompletionKind, ReloadTicket } from './command.ts';
import { Engine } from './engine.ts';
import type { FactHistory } from './knowledge/history.ts';
import type { KnowledgeBase } from './knowledge/load.ts';
import type { KnowledgeStore } from './knowledge/store.ts';
import { MAX_REPORT_TEXT, REPORT_REASONS, userHash, type FeedbackEntry, type FeedbackStore, type ReportReason, type Vote } from './runtime/feedback.ts';
import type { GapRecorder } from './runtime/gaps.ts';
import type { SubscriptionStore } from './runtime/subscriptions.ts';
import { cutForLog, scrubSecrets, silentLogger, type Logger } from './runtime/logger.ts';
import type { Metrics } from './runtime/metrics.ts';
import type { RateLimiter } from './runtime/rate-limit.ts';
import type { Choice } from './search/index.ts';
import { guessLocale } from './search/normalize.ts';

export type Platform = 'console' | 'discord' | 'slack';
const PLATFORMS: readonly string[] = ['console', 'discord', 'slack'];

export interface BotRequest {
  platform: Platform;
  userId: string;
  channelId?: string;
  /** A command and its options, as a slash command delivers them… */
  command?: string;
  args?: Record<string, string>;
  /** …or a line of text (console, mention, DM): `/share x` or a question. */
  text?: string;
  locale?: Locale;
  /**
   * What the conversation is about (entity ids of an earlier answer in the thread): a question
   * for /ask that names no subject of its own is about these ("and its licence?").
   */
  subject?: readonly string[];
  /** Discord: the server asked from, so that the shard serving it posts the channel's digests. */
  guildId?: string;
  /**
   * The platform vouches that the asker manages the channel they asked from (Discord: Manage
   * Server; Slack: a workspace admin or the channel's creator): they may change its
   * subscriptions.
   */
  manager?: boolean;
  /**
   * The platform vouches that the asker administers the place they asked from (Discord:
   * the member has Manage Server). Grants admin-only capabilities such as /reload. The
   * console is always its operator's.
   */
  admin?: boolean;
}

export type Outcome = 'hit' | 'miss' | 'usage' | 'info' | 'limited' | 'error';

export interface BotReply {
  answer: Answer;
  correlationId: string;
  outcome: Outcome;
  /** What a feedback button under this answer carries to find it again (`encodeAnswerRef`). */
  ref: AnswerRef;
}

/** A vote or a report on an answer, from a button or a form under it. */
export interface FeedbackRequest {
  platform: Platform;
  userId: string;
  channelId?: string;
  /** The clicker's language; else the answer's. */
  locale?: Locale;
  /**
   * What the button or form carried: `encodeAnswerRef(reply.ref)`, or the reference itself
   * once the platform has looked up a kept command (see `decodeAnswerRef`).
   */
  answerRef: string | AnswerRef;
  vote?: Vote;
  /** `reason` is one of REPORT_REASONS; `text` is free, cleaned and cut to MAX_REPORT_TEXT. */
  report?: { reason?: string; text?: string };
}

/** The acknowledgement to show the user (privately), and what was stored, if anything. */
export interface FeedbackReply {
  answer: Answer;
  correlationId: string;
  outcome: Outcome;
  entry?: FeedbackEntry;
  /** What was wrong with the input, so that a form can point at it: the answer, the choice, the reason. */
  invalid?: 'answer' | 'choice' | 'reason';
}

export interface BotOptions {
  store: KnowledgeStore;
  now?: () => Date;
  /** Longest input taken from a user, per argument; longer input is cut with a note. */
  maxInputLength?: number;
  /** One JSON line per answer; silent by default. */
  logger?: Logger;
  /** Prometheus counters and latency; none by default. */
  metrics?: Metrics;
  /** Where misses go for `landscape gaps`; none by default. */
  gaps?: GapRecorder;
  /** Per-user and per-channel limits; none by default (main.ts sets them from the env). */
  limiter?: RateLimiter;
  /** Starts a reload of the base, for /reload; granted to admins and the console only. */
  reload?: () => ReloadTicket;
  /** When each fact of a base changed, for /new (see KnowledgeHistory); asked only for /new. */
  history?: (kb: KnowledgeBase) => Promise<FactHistory | undefined>;
  /** Where votes and reports go; without it, feedback is politely declined. */
  feedback?: FeedbackStore;
  /** Channels' digest subscriptions, for /subscribe and /unsubscribe; none: they say so. */
  subscriptions?: SubscriptionStore;
}

export const DEFAULT_MAX_INPUT = 500;
/** Platforms cap messages at a few thousand characters; anything longer is cut before cleaning. */
const MAX_RAW_INPUT = 64 * 1024;

export class Bot {
  readonly engine: Engine;
  private readonly store: KnowledgeStore;
  private readonly maxInputLength: number;
  private readonly now: () => Date;
  private readonly logger: Logger;
  private readonly metrics?: Metrics;
  private readonly gaps?: GapRecorder;
  private readonly limiter?: RateLimiter;
  private readonly reload?: () => ReloadTicket;
  private readonly history?: (kb: KnowledgeBase) => Promise<FactHistory | undefined>;
  private readonly feedbackStore?: FeedbackStore;
  private readonly subscriptions?: SubscriptionStore;
  private inFlight = 0;
  private draining = false;
  private idleWaiters: (() => void)[] = [];

  constructor(options: BotOptions) {
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
    this.maxInputLength = options.maxInputLength ?? DEFAULT_MAX_INPUT;
    this.logger = options.logger ?? silentLogger;
    this.metrics = options.metrics;
    this.gaps = options.gaps;
    this.limiter = options.limiter;
    this.reload = options.reload;
    this.history = options.history;
    this.feedbackStore = options.feedback;
    this.subscriptions = options.subscriptions;
    this.engine = new Engine({ knowledge: () => this.store.current, now: this.now });
  }

  get knowledge() {
    return this.store.current;
  }

  async handle(request: BotRequest): Promise<BotReply> {
    const started = performance.now();
    const correlationId = randomUUID().slice(0, 8);
    const platform = PLATFORMS.includes(request.platform) ? request.platform : 'other';
    let cut = false;
    const bound = (value: string) => {
      const clean = stripControlCharacters(cutCodePoints(String(value), MAX_RAW_INPUT));
      if (clean.length <= this.maxInputLength) return clean;
      cut = true;
      return cutCodePoints(clean, this.maxInputLength);
    };
    const rawText = cutCodePoints(
      request.text !== undefined
        ? String(request.text)
        : Object.values(request.args ?? {})
            .map(String)
            .join(' '),
      MAX_RAW_INPUT,
    );
    const locale: Locale = request.locale === 'fr' || request.locale === 'en' ? request.locale : guessLocale(cutCodePoints(rawText, this.maxInputLength));
    let command = request.command ?? (request.text !== undefined ? 'ask' : 'help');
    let args: Record<string, string> = {};
    let reply: BotReply;
    let limit: string | undefined;
    let failure: unknown;
    const revision = this.store.current.kb.version.revision;
    const refOf = (answer: Answer): AnswerRef => ({ id: correlationId, revision, locale: answer.locale, command: answer.command });

    this.track(1);
    try {
      const refusal = await this.refuse(request, platform);
      if (refusal) {
        limit = refusal.scope;
        const answer = this.notice(locale, command, refusal.text);
        reply = { answer, correlationId, outcome: 'limited', ref: refOf(answer) };
      } else {
        const parsed =
          request.text !== undefined ? this.engine.parse(bound(request.text)) : { command, args: Object.fromEntries(Object.entries(request.args ?? {}).map(([key, value]) => [key, bound(value)])) };
        command = parsed.command;
        args = parsed.args;
        // A follow-up: the thread's subject, unless the question says what it is about.
        if (command === 'ask' && request.subject && request.subject.length > 0 && !args.about) args = { ...args, about: request.subject.map(String).join(',').slice(0, 200) };
        // Reading the history takes a moment (git), so only /new waits for it.
        const history = command === 'new' ? await this.history?.(this.store.current.kb) : undefined;
        const settings = this.engine.command(command)?.channelSettings === true;
        if (settings) await this.freshSubscriptions();
        const answered = this.engine.run(command, args, locale, this.capabilities(request, locale, history));
        // Answered once stored, so that the channel asking next through another replica sees it.
        if (settings) await this.subscriptions?.flush();
        // A copy: a keyed command's answer is shared by every request for it.
        const answer = cut ? { ...answered, notices: [{ kind: 'warning' as const, text: messages(locale).inputCut(this.maxInputLength) }, ...answered.notices] } : answered;
        reply = { answer, correlationId, outcome: outcomeOf(answer), ref: refOf(answer) };
      }
    } catch (error) {
      failure = error;
      const answer = this.apology(locale, correlationId, command);
      reply = { answer, correlationId, outcome: 'error', ref: refOf(answer) };
    } finally {
      this.track(-1);
    }
    this.observe(request, platform, command, args, rawText, reply, performance.now() - started, cut, limit, failure);
    return reply;
  }

  /**
   * "Check with landscape" on a message: its text as the claim of /check, under the same
   * bounds, limits and logs as any request. Platforms show the answer privately.
   */
  check(request: Omit<BotRequest, 'command' | 'args' | 'text'> & { text: string }): Promise<BotReply> {
    const { text, ...rest } = request;
    return this.handle({ ...rest, command: 'check', args: { claim: String(text ?? '') } });
  }

  /** Autocomplete choices for an option, from the live base. */
  complete(kind: CompletionKind, partial: string, limit = 25): Choice[] {
    return this.store.current.index.complete(kind, cutCodePoints(stripControlCharacters(String(partial)), 100), limit);
  }

  /** Whether votes and reports are stored at all; platforms show no feedback buttons otherwise. */
  get collectsFeedback(): boolean {
    return this.feedbackStore !== undefined;
  }

  /**
   * A vote or a report on an answer: validated, rate-limited like a question, stored with the
   * answer's command, question, fact ids, knowledge revision and correlation id, counted, and
   * acknowledged in the user's language. Never throws; bad input is explained and stores nothing.
   */
  async feedback(request: FeedbackRequest): Promise<FeedbackReply> {
    const started = performance.now();
    const correlationId = randomUUID().slice(0, 8);
    const platform = PLATFORMS.includes(request.platform) ? request.platform : 'other';
    let locale: Locale = request.locale === 'fr' || request.locale === 'en' ? request.locale : 'en';
    const note = (status: 'info' | 'usage' | 'limited' | 'error', title: string, notices: string[] = []) =>
      new AnswerBuilder(this.store.current.kb, locale, this.now(), { name: 'feedback', args: {} }).build({ status, title, notices: notices.map((text) => ({ kind: 'warning' as const, text })) });
    let reply: FeedbackReply;
    let failure: unknown;
    this.track(1);
    try {
      const refusal = await this.refuse(request, platform);
      const ref = refOf(request.answerRef);
      if (ref && request.locale === undefined) locale = ref.locale;
      const text = messages(locale);
      const input = validFeedback(request, locale);
      if (refusal) reply = { answer: note('limited', refusal.text(locale)), correlationId, outcome: 'limited' };
      else if (!this.feedbackStore) reply = { answer: note('info', text.feedbackOff), correlationId, outcome: 'info' };
      else if (!ref || !this.engine.command(ref.command.name)) reply = { answer: note('usage', text.feedbackUnknownAnswer), correlationId, outcome: 'usage', invalid: 'answer' };
      else if ('problem' in input) reply = { answer: note('usage', input.problem), correlationId, outcome: 'usage', invalid: input.field };
      else {
        const entry = this.feedbackEntry(ref, input, request, platform);
        try {
          await this.feedbackStore.append(entry);
        } catch (error) {
          failure = error;
        }
        if (failure !== undefined) reply = { answer: note('error', text.feedbackFailed(correlationId)), correlationId, outcome: 'error' };
        else {
          if (entry.kind === 'vote') this.metrics?.votes.inc({ vote: entry.vote!, platform });
          else this.metrics?.reports.inc({ reason: entry.reason!, platform });
          const thanks = entry.kind === 'vote' ? text.voteThanks(entry.vote!) : text.reportThanks(text.reportReasons[entry.reason!]);
          reply = { answer: note('info', thanks, input.cut ? [text.reportTextCut(MAX_REPORT_TEXT)] : []), correlationId, outcome: 'info', entry };
        }
      }
    } catch (error) {
      failure = error;
      reply = { answer: note('error', messages(locale).feedbackFailed(correlationId)), correlationId, outcome: 'error' };
    } finally {
      this.track(-1);
    }
    const line = {
      correlationId,
      platform,
      command: 'feedback',
      outcome: reply.outcome,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
      ...(reply.entry ? { kind: reply.entry.vote ?? reply.entry.reason, answer: reply.entry.correlationId } : {}),
    };
    if (failure !== undefined) this.logger.error({ ...line, err: failure }, 'feedback not recorded');
    else this.logger.info(line, 'feedback');
    return reply;
  }

  /**
   * What is stored: the answer rebuilt from its command (commands are pure, so on the same
   * revision it is the answer the user saw), its fact ids, and who, as a hash. When the base
   * has changed since, the fact ids come from the live base and `factsFrom` says so.
   */
  private feedbackEntry(ref: AnswerRef, input: ValidFeedback, request: FeedbackRequest, platform: string): FeedbackEntry {
    const answer = this.engine.run(ref.command.name, ref.command.args, ref.locale);
    const facts = [...new Set([answer.lead?.factId, ...answer.items.map((item) => item.factId)].filter((id): id is string => id !== undefined))];
    const live = this.store.current.kb.version.revision;
    const asked = ref.command.name === 'ask' ? (ref.command.args.question ?? '') : Object.values(ref.command.args).join(' ');
    return {
      at: this.now().toISOString(),
      kind: input.vote ? 'vote' : 'report',
      ...(input.vote ? { vote: input.vote } : { reason: input.reason!, ...(input.text ? { text: input.text } : {}) }),
      correlationId: ref.id,
      command: ref.command.name,
      question: cutForLog(stripControlCharacters(asked)),
      facts,
      knowledge: ref.revision,
      ...(live !== ref.revision ? { factsFrom: live } : {}),
      locale: ref.locale,
      platform,
      user: userHash(platform, String(request.userId)),
    };
  }

  /**
   * Counts platform-side work (posting a reply, editing a message) as in flight, so a
   * shutdown waits for it as it waits for answers being built. Returns the work's result.
   */
  async inFlightWhile<T>(work: Promise<T>): Promise<T> {
    this.track(1);
    try {
      return await work;
    } finally {
      this.track(-1);
    }
  }

  /** From now on, refuse new requests with a polite "restarting" note. */
  drain(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Requests (and tracked platform work) not finished yet. */
  get pending(): number {
    return this.inFlight;
  }

  /** Resolves once nothing is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private track(delta: 1 | -1): void {
    this.inFlight += delta;
    if (delta > 0) this.metrics?.inFlight.inc();
    else this.metrics?.inFlight.dec();
    if (this.inFlight === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** Draining, or over a user's or channel's rate. The console (the operator) is never limited. */
  private async refuse(request: BotRequest, platform: string): Promise<{ scope: string; text: (locale: Locale) => string } | undefined> {
    if (this.draining) return { scope: 'draining', text: (locale) => messages(locale).shuttingDown };
    if (!this.limiter || platform === 'console') return undefined;
    const decision = await this.limiter.check(`${platform}:${String(request.userId)}`, request.channelId !== undefined ? `${platform}:${String(request.channelId)}` : undefined);
    if (decision.allowed) return undefined;
    return { scope: decision.scope, text: (locale) => messages(locale).rateLimited(decision.retryAfterSeconds) };
  }

  private capabilities(request: BotRequest, locale: Locale, history?: FactHistory): CommandCapabilities {
    const trusted = request.platform === 'console' || request.admin === true;
    const subscriptions = this.channelSubscriptions(request, locale);
    return { ...(trusted && this.reload ? { reload: this.reload } : {}), ...(history ? { history } : {}), ...(subscriptions ? { subscriptions } : {}) };
  }

  /**
   * The subscriptions as stored, read again before /subscribe and /unsubscribe: another replica
   * (or shard process) may have changed them. If they cannot be read, this process's serve.
   */
  private async freshSubscriptions(): Promise<void> {
    try {
      await this.subscriptions?.load();
    } catch (error) {
      this.logger.warn({ err: error }, 'cannot read the subscriptions; answering from those this process knows');
    }
  }

  /** A chat channel's subscriptions; the console and DMs-without-a-channel have none. */
  private channelSubscriptions(request: BotRequest, locale: Locale): ChannelSubscriptions | undefined {
    const store = this.subscriptions;
    const { platform } = request;
    if (!store || (platform !== 'discord' && platform !== 'slack') || request.channelId === undefined) return undefined;
    const channel = String(request.channelId);
    return {
      subjects: () => store.list({ platform, channel }).map((each) => each.subject),
      ...(request.manager === true
        ? {
            manage: {
              add: (subject: string) =>
                store.add({
                  platform,
                  channel,
                  ...(request.guildId ? { guild: String(request.guildId) } : {}),
                  subject,
                  locale,
                  by: userHash(platform, String(request.userId)),
                  at: this.now().toISOString(),
                }),
              remove: (subject?: string) => store.remove(platform, channel, subject),
            },
          }
        : {}),
    };
  }

  /** The one log line, the counters and the gap record of an answer. Never throws. */
  private observe(
    request: BotRequest,
    platform: string,
    command: string,
    args: Record<string, string>,
    rawText: string,
    reply: BotReply,
    elapsedMs: number,
    cut: boolean,
    limit: string | undefined,
    failure: unknown,
  ): void {
    try {
      const known = this.engine.command(command) ? command : 'unknown';
      const seconds = elapsedMs / 1000;
      this.metrics?.answers.inc({ command: known, platform, outcome: reply.outcome });
      this.metrics?.latency.observe({ command: known, platform }, seconds);
      if (limit) this.metrics?.limited.inc({ scope: limit });
      const userText = cutForLog(stripControlCharacters(rawText));
      const line = {
        correlationId: reply.correlationId,
        platform,
        command: known,
        outcome: reply.outcome,
        latencyMs: Math.round(elapsedMs * 100) / 100,
        locale: reply.answer.locale,
        text: userText,
        ...(cut ? { cut: true } : {}),
        ...(limit ? { limit } : {}),
        ...(request.channelId === undefined ? { dm: true } : {}),
      };
      if (failure !== undefined) this.logger.error({ ...line, err: failure }, 'answer failed');
      else this.logger.info(line, 'answer');
      if (reply.outcome === 'miss' && known !== 'unknown') {
        this.metrics?.misses.inc({ command: known });
        // The console is the operator trying things out, not a user's unanswered question.
        if (platform !== 'console') {
          const asked = known === 'ask' ? (args.question ?? '') : Object.values(args).join(' ');
          this.gaps?.record({ command: known, text: asked.trim() || userText, locale: reply.answer.locale, platform });
        }
      }
    } catch (error) {
      // Observability must never cost the user an answer.
      this.logger.warn({ err: error }, 'cannot record an answer');
    }
  }

  private notice(locale: Locale, command: string, text: (locale: Locale) => string): Answer {
    const name = this.engine.command(command) ? command : 'ask';
    return new AnswerBuilder(this.store.current.kb, locale, this.now(), { name, args: {} }).build({ status: 'limited', title: text(locale) });
  }

  private apology(locale: Locale, correlationId: string, command: string): Answer {
    const name = this.engine.command(command) ? command : 'ask';
    return new AnswerBuilder(this.store.current.kb, locale, this.now(), { name, args: {} }).build({ status: 'error', title: messages(locale).internalError(correlationId) });
  }
}

/** A reference as given, or decoded; a kept command the platform did not look up is no answer. */
function refOf(given: string | AnswerRef): AnswerRef | undefined {
  if (typeof given === 'object' && given !== null) return given;
  const decoded = decodeAnswerRef(String(given ?? '').slice(0, 4096));
  return decoded && 'command' in decoded ? decoded : undefined;
}

type ValidFeedback = { vote?: Vote; reason?: ReportReason; text?: string; cut: boolean };

/** A vote, or a report with a known reason and its text cleaned and cut; else what is wrong, in words. */
function validFeedback(request: FeedbackRequest, locale: Locale): ValidFeedback | { problem: string; field: 'choice' | 'reason' } {
  const text = messages(locale);
  const { vote, report } = request;
  if ((vote === undefined) === (report === undefined) || (vote !== undefined && vote !== 'up' && vote !== 'down')) return { problem: text.feedbackNeedsOne, field: 'choice' };
  if (vote) return { vote, cut: false };
  const reason = REPORT_REASONS.find((known) => known === report?.reason);
  if (!reason) return { problem: text.reportNeedsReason(REPORT_REASONS.map((known) => text.reportReasons[known]).join(', ')), field: 'reason' };
  const clean = scrubSecrets(stripControlCharacters(cutCodePoints(String(report?.text ?? ''), MAX_RAW_INPUT)))
    .replace(/\s+/g, ' ')
    .trim();
  const cut = clean.length > MAX_REPORT_TEXT;
  return { reason, ...(clean ? { text: cut ? cutCodePoints(clean, MAX_REPORT_TEXT) : clean } : {}), cut };
}

function outcomeOf(answer: Answer): Outcome {
  switch (answer.status) {
    case 'ok':
      return 'hit';
    // A partial answer (the subject is known, not what was asked) is a gap for maintainers too.
    case 'not-found':
    case 'partial':
      return 'miss';
    default:
      return answer.status;
  }
}

/**
 * Control, bidirectional-override, zero-width and invisible "tag" characters carry no
 * meaning in a question and can hide text from a reader; line breaks become spaces and
 * unpaired surrogates (invalid UTF-16, rejected by platform APIs) are dropped.
 */
export function stripControlCharacters(value: string): string {
  return value
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[\t\n\r\u0085\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\uFFF9-\uFFFB]|[\u{E0000}-\u{E007F}]/gu, '');
}
