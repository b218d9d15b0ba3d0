// What a conversation is about, so that a follow-up ("and its licence?") in a Slack thread
// or in a reply to a Discord answer is about the same thing: the entity ids of the answer
// given there, under the platform's key for the conversation (a thread, a message). Kept
// for a day, at most `maxSize` conversations, oldest dropped first, so memory stays bounded
// whatever arrives. In memory by default; the interface is asynchronous so that a shared
// store can take its place.

export interface ConversationStore {
  /** The subject of a conversation, if it is known and not expired. */
  get(key: string): Promise<readonly string[] | undefined>;
  set(key: string, subjects: readonly string[]): Promise<void>;
}

export interface ConversationsOptions {
  ttlMs?: number;
  maxSize?: number;
  now?: () => number;
}

export const DEFAULT_CONVERSATION_TTL_MS = 24 * 60 * 60 * 1000;

export class Conversations implements ConversationStore {
  private readonly entries = new Map<string, { subjects: readonly string[]; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly maxSize: number;
  private readonly now: () => number;

  constructor(options: ConversationsOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CONVERSATION_TTL_MS;
    this.maxSize = options.maxSize ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<readonly string[] | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.subjects;
  }

  async set(key: string, subjects: readonly string[]): Promise<void> {
    // Re-inserted, so that the Map's order stays oldest first.
    this.entries.delete(key);
    this.entries.set(key, { subjects: [...subjects], expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxSize) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
