// What a conversation is about, so that a follow-up ("and its licence?") in a Slack thread
// or in a reply to a Discord answer is about the same thing: the entity ids of the answer
// given there, under the platform's key for the conversation (a thread, a message). Kept
// for a day. In memory, at most `maxSize` conversations, oldest dropped first, so memory stays
// bounded whatever arrives; with REDIS_URL, in Redis as well (`landscape:kv:conversations:…`,
// with the same expiry), so that a follow-up reaching another replica knows the subject.
import { MemoryKeyValue } from './shared/memory.ts';
import type { KeyValueStore, SharedState } from './shared/types.ts';

export interface ConversationStore {
  /** The subject of a conversation, if it is known and not expired. */
  get(key: string): Promise<readonly string[] | undefined>;
  set(key: string, subjects: readonly string[]): Promise<void>;
}

export interface ConversationsOptions {
  ttlMs?: number;
  maxSize?: number;
  now?: () => number;
  /** Replicas' shared state: with Redis, subjects are kept there, memory standing in. */
  shared?: SharedState;
}

export const DEFAULT_CONVERSATION_TTL_MS = 24 * 60 * 60 * 1000;
/** Where replicas keep conversation subjects in the shared state. */
export const CONVERSATIONS_NAMESPACE = 'conversations';

export class Conversations implements ConversationStore {
  private readonly local: MemoryKeyValue;
  private readonly store: KeyValueStore;
  private readonly ttlMs: number;

  constructor(options: ConversationsOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CONVERSATION_TTL_MS;
    this.local = new MemoryKeyValue({ maxSize: options.maxSize ?? 10_000, now: options.now });
    this.store = options.shared ? options.shared.keyValue(CONVERSATIONS_NAMESPACE, this.local) : this.local;
  }

  async get(key: string): Promise<readonly string[] | undefined> {
    const value = await this.store.get(key);
    return value === undefined ? undefined : asSubjects(value);
  }

  async set(key: string, subjects: readonly string[]): Promise<void> {
    await this.store.set(key, JSON.stringify(subjects), this.ttlMs);
  }

  /** Conversations held in this process. */
  get size(): number {
    return this.local.size;
  }
}

/** Entity ids as stored, or undefined for anything else (a value this code did not write). */
function asSubjects(value: string): string[] | undefined {
  try {
    const subjects: unknown = JSON.parse(value);
    return Array.isArray(subjects) && subjects.every((subject) => typeof subject === 'string') ? subjects : undefined;
  } catch {
    return undefined;
  }
}
