// Which channels want a digest when a reload brings new or changed facts, and on what
// subject (an entity id: a vendor, a model, a segment, a topic; or `*` for everything). Kept
// in memory for the commands (which are synchronous) and appended to a JSON lines file as
// events (subscribed, unsubscribed), so that they survive a restart, and so that several
// processes sharing the file (Discord shards on one machine) never overwrite each other's:
// each re-reads the file before posting digests. The file is never rotated (that would lose
// subscriptions); it grows by one line per change, and a channel holds at most
// MAX_PER_CHANNEL subscriptions. The store is a small interface so that another backend can
// take the file's place.
import type { Locale } from '../answer/answer.ts';
import type { Platform } from '../bot.ts';
import { JsonLinesFile } from './jsonl.ts';
import type { Logger } from './logger.ts';

export const SUBSCRIPTIONS_FILE_NAME = 'subscriptions.jsonl';
/** A subject meaning every new or changed fact. */
export const EVERYTHING = '*';
export const MAX_PER_CHANNEL = 25;

export interface Subscription {
  platform: Platform;
  /** The channel digests go to. */
  channel: string;
  /** Discord: the server of the channel, so that only the shard serving it posts. */
  guild?: string;
  /** An entity id, or EVERYTHING. */
  subject: string;
  /** The language digests are written in: the subscriber's. */
  locale: Locale;
  /** A hash of who subscribed (see userHash), never the id. */
  by: string;
  /** ISO time. */
  at: string;
}

export type SubscribeResult = 'added' | 'exists' | 'full';

export interface SubscriptionStore {
  /** Every subscription of a channel, or all of them. */
  list(where?: { platform: Platform; channel: string }): Subscription[];
  add(subscription: Subscription): SubscribeResult;
  /** Removes a channel's subscription to `subject`, or all of them; returns how many went. */
  remove(platform: Platform, channel: string, subject?: string): number;
  /** Reads subscriptions changed elsewhere (another process); resolves once read. */
  load(): Promise<void>;
  /** Resolves once every change is stored. */
  flush(): Promise<void>;
}

type Event = ({ op: 'add' } & Subscription) | { op: 'remove'; platform: Platform; channel: string; subject?: string; at: string };

const key = (platform: string, channel: string, subject: string) => `${platform}\0${channel}\0${subject}`;

/** Subscriptions in memory, appended to a file of events when one is given. */
export class SubscriptionFile implements SubscriptionStore {
  private subscriptions = new Map<string, Subscription>();
  private readonly lines?: JsonLinesFile;
  private failed = false;

  constructor(private readonly options: { file?: string; logger?: Logger } = {}) {
    this.lines = options.file ? new JsonLinesFile({ file: options.file, maxBytes: Number.POSITIVE_INFINITY, maxLines: Number.POSITIVE_INFINITY }) : undefined;
  }

  list(where?: { platform: Platform; channel: string }): Subscription[] {
    const all = [...this.subscriptions.values()];
    return where ? all.filter((each) => each.platform === where.platform && each.channel === where.channel) : all;
  }

  add(subscription: Subscription): SubscribeResult {
    if (this.subscriptions.has(key(subscription.platform, subscription.channel, subscription.subject))) return 'exists';
    if (this.list(subscription).length >= MAX_PER_CHANNEL) return 'full';
    this.apply({ op: 'add', ...subscription });
    this.store({ op: 'add', ...subscription });
    return 'added';
  }

  remove(platform: Platform, channel: string, subject?: string): number {
    const before = this.subscriptions.size;
    const event: Event = { op: 'remove', platform, channel, ...(subject !== undefined ? { subject } : {}), at: new Date().toISOString() };
    this.apply(event);
    const removed = before - this.subscriptions.size;
    if (removed > 0) this.store(event);
    return removed;
  }

  async load(): Promise<void> {
    if (!this.lines) return;
    await this.lines.flush();
    const folded = new SubscriptionFile();
    for (const record of await this.lines.read()) {
      const event = asEvent(record);
      if (event) folded.apply(event);
    }
    this.subscriptions = folded.subscriptions;
  }

  async flush(): Promise<void> {
    await this.lines?.flush();
  }

  private apply(event: Event): void {
    if (event.op === 'add') {
      const { op: _op, ...subscription } = event;
      this.subscriptions.set(key(subscription.platform, subscription.channel, subscription.subject), subscription);
      return;
    }
    for (const [id, each] of this.subscriptions) {
      if (each.platform === event.platform && each.channel === event.channel && (event.subject === undefined || each.subject === event.subject)) this.subscriptions.delete(id);
    }
  }

  /** Appends in the background: the command has answered already; memory holds the change meanwhile. */
  private store(event: Event): void {
    this.lines
      ?.append(event)
      .then(() => {
        this.failed = false;
      })
      .catch((error: unknown) => {
        if (!this.failed) this.options.logger?.warn({ err: error, file: this.lines?.file }, 'cannot store subscriptions; they hold until the process ends');
        this.failed = true;
      });
  }
}

function asEvent(record: unknown): Event | undefined {
  const event = record as Partial<Event> | null;
  if (!event || typeof event.platform !== 'string' || typeof event.channel !== 'string') return undefined;
  if (event.op === 'remove') return event as Event;
  if (event.op !== 'add' || typeof event.subject !== 'string') return undefined;
  return { ...(event as Event & { op: 'add' }), locale: event.locale === 'fr' ? 'fr' : 'en' };
}
