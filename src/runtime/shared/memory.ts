// The in-process side of the shared state: what one process keeps for itself, and what a
// Redis-backed process falls back to. The token buckets live beside the rate limiter
// (../rate-limit.ts) and the file log (JsonLinesFile) in ../jsonl.ts.
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import type { AppendLog, KeyValueStore, PubSub, SharedState, TokenBuckets } from './types.ts';

export interface MemoryKeyValueOptions {
  /** Most keys held; the oldest written go first, so ids from a flood cannot grow memory. */
  maxSize?: number;
  now?: () => number;
}

/** Keys with an expiry in a Map, oldest first. Expired keys are dropped as new ones arrive. */
export class MemoryKeyValue implements KeyValueStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly maxSize: number;
  private readonly now: () => number;

  constructor(options: MemoryKeyValueOptions = {}) {
    this.maxSize = options.maxSize ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key) !== undefined) return false;
    this.put(key, value, ttlMs);
    return true;
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.put(key, value, ttlMs);
  }

  get size(): number {
    return this.entries.size;
  }

  private live(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  private put(key: string, value: string, ttlMs: number): void {
    const now = this.now();
    // Written last, so the Map stays in write order: the front is the oldest, and (with one
    // TTL per store, as every user has) the first to expire.
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + ttlMs });
    for (const [oldest, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size <= this.maxSize) break;
      this.entries.delete(oldest);
    }
  }
}

/** Publish/subscribe within this process: with no other replica, its subscribers are all there are. */
export class MemoryPubSub implements PubSub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(channel: string, message: string): Promise<void> {
    this.emitter.emit(channel, message);
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    this.emitter.on(channel, listener);
    return async () => {
      this.emitter.off(channel, listener);
    };
  }
}

/** This process's name among replicas, in logs and reload reports. */
export function replicaName(): string {
  return `${hostname()}:${process.pid}`;
}

/** No REDIS_URL: every caller keeps its own in-process state, exactly as a single process always did. */
export class LocalSharedState implements SharedState {
  readonly kind = 'local' as const;
  readonly replica = replicaName();

  keyValue(_namespace: string, local: KeyValueStore): KeyValueStore {
    return local;
  }

  tokenBuckets(local: TokenBuckets): TokenBuckets {
    return local;
  }

  log<T extends object>(_name: string, local: AppendLog<T> | undefined): AppendLog<T> | undefined {
    return local;
  }

  pubsub(local: PubSub): PubSub {
    return local;
  }

  status(): undefined {
    return undefined;
  }

  async close(): Promise<void> {}
}
