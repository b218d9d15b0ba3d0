// Which channels want a digest when a reload brings new or changed facts, and on what
// subject (an entity id: a vendor, a model, a segment, a topic; or `*` for everything). Kept
// in memory for the commands (which are synchronous), and stored as records under
// `platform:channel:subject` in a table: a JSON lines file of events (subscribed,
// unsubscribed) for one process, or, with REDIS_URL, a Redis hash every replica reads (the
// file then keeps what went through this replica, and serves while Redis is down). Processes
// sharing the file or Redis never overwrite each other's: each reads the table again before
// /subscribe, /unsubscribe and digests. The table is never trimmed (that would lose
// subscriptions); a channel holds at most MAX_PER_CHANNEL of them.
import type { Locale } from '../answer/answer.ts';
import type { Platform } from '../bot.ts';
import { JsonLinesFile } from './jsonl.ts';
import type { Logger } from './logger.ts';
import { MemoryTable } from './shared/memory.ts';
import type { RecordTable, SharedState } from './shared/types.ts';

export const SUBSCRIPTIONS_FILE_NAME = 'subscriptions.jsonl';
/** The table's name in the shared state (the Redis hash `landscape:table:subscriptions`). */
export const SUBSCRIPTIONS_TABLE = 'subscriptions';
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
  /** Reads subscriptions changed elsewhere (another process or replica); resolves once read. */
  load(): Promise<void>;
  /** Resolves once every change is stored. */
  flush(): Promise<void>;
}

export interface SubscriptionsOptions {
  /** The file of events; none keeps subscriptions in memory only (SUBSCRIPTIONS_FILE=off). */
  file?: string;
  /** Replicas' shared state: with Redis, subscriptions are kept there, the file standing in. */
  shared?: SharedState;
  logger?: Logger;
}

/** A table key: channel ids and subjects (entity ids, or `*`) hold no colon. */
const keyOf = (platform: string, channel: string, subject: string) => `${platform}:${channel}:${subject}`;

function parseKey(key: string): { platform: string; channel: string; subject: string } {
  const [first, last] = [key.indexOf(':'), key.lastIndexOf(':')];
  return { platform: key.slice(0, first), channel: key.slice(first + 1, last), subject: key.slice(last + 1) };
}

/** Subscriptions in memory, stored in a table: the events file, Redis, or memory alone. */
export class Subscriptions implements SubscriptionStore {
  private subscriptions = new Map<string, Subscription>();
  private readonly table: RecordTable<Subscription>;
  private writes: Promise<void> = Promise.resolve();
  /** Changes made here, so that a load racing one does not undo it. */
  private changes = 0;
  private failed = false;

  constructor(private readonly options: SubscriptionsOptions = {}) {
    const local = options.file ? new SubscriptionEvents(options.file) : new MemoryTable<Subscription>();
    this.table = options.shared ? options.shared.table(SUBSCRIPTIONS_TABLE, local) : local;
  }

  list(where?: { platform: Platform; channel: string }): Subscription[] {
    const all = [...this.subscriptions.values()];
    return where ? all.filter((each) => each.platform === where.platform && each.channel === where.channel) : all;
  }

  add(subscription: Subscription): SubscribeResult {
    const key = keyOf(subscription.platform, subscription.channel, subscription.subject);
    if (this.subscriptions.has(key)) return 'exists';
    if (this.list(subscription).length >= MAX_PER_CHANNEL) return 'full';
    this.subscriptions.set(key, subscription);
    this.store((table) => table.put(key, subscription));
    return 'added';
  }

  remove(platform: Platform, channel: string, subject?: string): number {
    const gone = this.list({ platform, channel })
      .filter((each) => subject === undefined || each.subject === subject)
      .map((each) => keyOf(each.platform, each.channel, each.subject));
    for (const key of gone) this.subscriptions.delete(key);
    if (gone.length > 0) this.store((table) => table.remove(gone));
    return gone.length;
  }

  async load(): Promise<void> {
    await this.writes;
    const changes = this.changes;
    const records = await this.table.read();
    // Changed here while reading: memory is newer than what was read; the next load catches up.
    if (this.changes !== changes) return;
    const read = [...records.values()].flatMap((record) => asSubscription(record) ?? []).sort((a, b) => a.at.localeCompare(b.at));
    this.subscriptions = new Map(read.map((each) => [keyOf(each.platform, each.channel, each.subject), each]));
  }

  async flush(): Promise<void> {
    await this.writes;
  }

  /** Stores in the background, one change after another: the command has answered already. */
  private store(change: (table: RecordTable<Subscription>) => Promise<void>): void {
    this.changes += 1;
    this.writes = this.writes
      .then(() => change(this.table))
      .then(() => {
        this.failed = false;
      })
      .catch((error: unknown) => {
        if (!this.failed) this.options.logger?.warn({ err: error, file: this.options.file }, 'cannot store subscriptions; they hold until the process ends');
        this.failed = true;
      });
  }
}

type Event = ({ op: 'add' } & Subscription) | { op: 'remove'; platform: Platform; channel: string; subject?: string; at: string };

/**
 * The subscriptions file: one JSON line per event, never rotated (that would lose them), read
 * by folding the events. Several processes may share it (Discord shards on one machine).
 */
class SubscriptionEvents implements RecordTable<Subscription> {
  private readonly lines: JsonLinesFile;

  constructor(file: string) {
    this.lines = new JsonLinesFile({ file, maxBytes: Number.POSITIVE_INFINITY, maxLines: Number.POSITIVE_INFINITY });
  }

  put(_key: string, subscription: Subscription): Promise<void> {
    return this.lines.append({ op: 'add', ...subscription });
  }

  async remove(keys: readonly string[]): Promise<void> {
    const at = new Date().toISOString();
    for (const key of keys) await this.lines.append({ op: 'remove', ...parseKey(key), at });
  }

  async read(): Promise<Map<string, unknown>> {
    await this.lines.flush();
    const folded = new Map<string, Subscription>();
    for (const record of await this.lines.read()) {
      const event = asEvent(record);
      if (event?.op === 'add') {
        const { op: _op, ...subscription } = event;
        folded.set(keyOf(subscription.platform, subscription.channel, subscription.subject), subscription);
      } else if (event) {
        for (const [key, each] of folded) {
          if (each.platform === event.platform && each.channel === event.channel && (event.subject === undefined || each.subject === event.subject)) folded.delete(key);
        }
      }
    }
    return folded;
  }
}

function asEvent(record: unknown): Event | undefined {
  const event = record as Partial<Event> | null;
  if (event?.op === 'remove' && typeof event.platform === 'string' && typeof event.channel === 'string') return event as Event;
  const subscription = event?.op === 'add' ? asSubscription(event) : undefined;
  return subscription && { op: 'add', ...subscription };
}

/** A subscription as stored by any version (a file's line, a Redis record), or undefined. */
function asSubscription(record: unknown): Subscription | undefined {
  const each = record as Partial<Subscription> | null;
  if (!each || typeof each.platform !== 'string' || typeof each.channel !== 'string' || typeof each.subject !== 'string') return undefined;
  return {
    platform: each.platform,
    channel: each.channel,
    ...(typeof each.guild === 'string' ? { guild: each.guild } : {}),
    subject: each.subject,
    locale: each.locale === 'fr' ? 'fr' : 'en',
    by: String(each.by ?? ''),
    at: String(each.at ?? ''),
  };
}
