// What every platform adapter calls: one request in, one Answer out, never an exception.
// Here live the rules that hold on every platform: input is bounded, a failure inside a
// command becomes a short apology with a correlation id, and each answer is counted.
import { randomUUID } from 'node:crypto';
import type { Answer, Locale } from './answer/answer.ts';
import { AnswerBuilder } from './answer/build.ts';
import { messages } from './answer/i18n.ts';
import type { CompletionKind } from './command.ts';
import { Engine } from './engine.ts';
import type { KnowledgeStore } from './knowledge/store.ts';
import type { Choice } from './search/index.ts';
import { guessLocale } from './search/normalize.ts';

export type Platform = 'console' | 'discord' | 'slack';

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
}

export const DEFAULT_MAX_INPUT = 500;

export class Bot {
  readonly engine: Engine;
  private readonly store: KnowledgeStore;
  private readonly maxInputLength: number;
  private readonly now: () => Date;

  constructor(options: BotOptions) {
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
    this.maxInputLength = options.maxInputLength ?? DEFAULT_MAX_INPUT;
    this.engine = new Engine({ knowledge: () => this.store.current, now: this.now });
  }

  get knowledge() {
    return this.store.current;
  }

  async handle(request: BotRequest): Promise<BotReply> {
    const correlationId = randomUUID().slice(0, 8);
    let cut = false;
    const bound = (value: string) => {
      const clean = stripControlCharacters(value);
      if (clean.length <= this.maxInputLength) return clean;
      cut = true;
      return clean.slice(0, this.maxInputLength);
    };
    const locale = request.locale ?? guessLocale(request.text ?? Object.values(request.args ?? {}).join(' '));
    try {
      const parsed = request.text !== undefined
        ? this.engine.parse(bound(request.text))
        : { command: request.command ?? 'help', args: Object.fromEntries(Object.entries(request.args ?? {}).map(([key, value]) => [key, bound(value)])) };
      const answer = this.engine.run(parsed.command, parsed.args, locale);
      if (cut) answer.notices.unshift({ kind: 'warning', text: messages(locale).inputCut(this.maxInputLength) });
      return { answer, correlationId, outcome: outcomeOf(answer) };
    } catch (error) {
      return { answer: this.apology(locale, correlationId, request.command ?? 'ask'), correlationId, outcome: 'error' };
    }
  }

  /** Autocomplete choices for an option, from the live base. */
  complete(kind: CompletionKind, partial: string, limit = 25): Choice[] {
    return this.store.current.index.complete(kind, stripControlCharacters(partial).slice(0, 100), limit);
  }

  private apology(locale: Locale, correlationId: string, command: string): Answer {
    return new AnswerBuilder(this.store.current.kb, locale, this.now(), { name: command, args: {} })
      .build({ status: 'error', title: messages(locale).internalError(correlationId) });
  }
}

function outcomeOf(answer: Answer): Outcome {
  switch (answer.status) {
    case 'ok':
      return 'hit';
    case 'not-found':
      return 'miss';
    default:
      return answer.status;
  }
}

/** Control, bidirectional-override and zero-width characters carry no meaning in a question. */
export function stripControlCharacters(value: string): string {
  return value.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, '').replace(/[\t\n\r]+/g, ' ');
}
