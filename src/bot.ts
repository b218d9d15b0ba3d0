// What every platform adapter calls: one request in, one Answer out, never an exception.
// Here live the rules that hold on every platform: input is bounded and cleaned, users and
// channels are rate-limited, a failure inside a command becomes a short apology with a
// correlation id, and each answer is logged (one JSON line), counted (Prometheus) and, when
// the base had nothing, recorded as a gap for maintainers. While shutting down it refuses
// new requests politely and lets the ones in flight finish.
import { randomUUID } from 'node:crypto';
import type { Answer, Locale } from './answer/answer.ts';
import { AnswerBuilder } from './answer/build.ts';
import { cutCodePoints } from './answer/text.ts';
import { messages } from './answer/messages.ts';
import type { CommandCapabilities, CompletionKind, ReloadTicket } from './command.ts';
import { Engine } from './engine.ts';
import type { KnowledgeStore } from './knowledge/store.ts';
import type { GapRecorder } from './runtime/gaps.ts';
import { cutForLog, silentLogger, type Logger } from './runtime/logger.ts';
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
    const rawText = cutCodePoints(request.text !== undefined ? String(request.text) : Object.values(request.args ?? {}).map(String).join(' '), MAX_RAW_INPUT);
    const locale: Locale = request.locale === 'fr' || request.locale === 'en' ? request.locale : guessLocale(cutCodePoints(rawText, this.maxInputLength));
    let command = request.command ?? (request.text !== undefined ? 'ask' : 'help');
    let args: Record<string, string> = {};
    let reply: BotReply;
    let limit: string | undefined;
    let failure: unknown;

    this.track(1);
    try {
      const refusal = this.refuse(request, platform);
      if (refusal) {
        limit = refusal.scope;
        reply = { answer: this.notice(locale, command, refusal.text), correlationId, outcome: 'limited' };
      } else {
        const parsed = request.text !== undefined
          ? this.engine.parse(bound(request.text))
          : { command, args: Object.fromEntries(Object.entries(request.args ?? {}).map(([key, value]) => [key, bound(value)])) };
        command = parsed.command;
        args = parsed.args;
        const answer = this.engine.run(parsed.command, parsed.args, locale, this.capabilities(request));
        if (cut) answer.notices.unshift({ kind: 'warning', text: messages(locale).inputCut(this.maxInputLength) });
        reply = { answer, correlationId, outcome: outcomeOf(answer) };
      }
    } catch (error) {
      failure = error;
      reply = { answer: this.apology(locale, correlationId, command), correlationId, outcome: 'error' };
    } finally {
      this.track(-1);
    }
    this.observe(request, platform, command, args, rawText, reply, performance.now() - started, cut, limit, failure);
    return reply;
  }

  /** Autocomplete choices for an option, from the live base. */
  complete(kind: CompletionKind, partial: string, limit = 25): Choice[] {
    return this.store.current.index.complete(kind, cutCodePoints(stripControlCharacters(String(partial)), 100), limit);
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
  private refuse(request: BotRequest, platform: string): { scope: string; text: (locale: Locale) => string } | undefined {
    if (this.draining) return { scope: 'draining', text: (locale) => messages(locale).shuttingDown };
    if (!this.limiter || platform === 'console') return undefined;
    const decision = this.limiter.check(`${platform}:${String(request.userId)}`, request.channelId !== undefined ? `${platform}:${String(request.channelId)}` : undefined);
    if (decision.allowed) return undefined;
    return { scope: decision.scope, text: (locale) => messages(locale).rateLimited(decision.retryAfterSeconds) };
  }

  private capabilities(request: BotRequest): CommandCapabilities {
    const trusted = request.platform === 'console' || request.admin === true;
    return trusted && this.reload ? { reload: this.reload } : {};
  }

  /** The one log line, the counters and the gap record of an answer. Never throws. */
  private observe(request: BotRequest, platform: string, command: string, args: Record<string, string>, rawText: string, reply: BotReply, elapsedMs: number, cut: boolean, limit: string | undefined, failure: unknown): void {
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
    return new AnswerBuilder(this.store.current.kb, locale, this.now(), { name, args: {} })
      .build({ status: 'error', title: messages(locale).internalError(correlationId) });
  }
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

