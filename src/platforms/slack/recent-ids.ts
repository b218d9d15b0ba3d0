// Slack retries an event it got no timely 200 for (X-Slack-Retry-Num), up to three times
// within minutes. Remembering each event_id for a while lets us answer it once. In process,
// bounded in time and in size, so a flood of ids cannot grow memory; with REDIS_URL, in
// Redis (set-if-absent with an expiry), so that a retry reaching another replica behind the
// load balancer is still recognised.
import { MemoryKeyValue } from '../../runtime/shared/memory.ts';
import type { KeyValueStore, SharedState } from '../../runtime/shared/types.ts';

export interface RecentIdsOptions {
  ttlMs?: number;
  maxSize?: number;
  now?: () => number;
  /** Ids shared with the other replicas; the in-process ones stand in while Redis is down. */
  shared?: SharedState;
}

export class RecentIds {
  private readonly local: MemoryKeyValue;
  private readonly store: KeyValueStore;
  private readonly ttlMs: number;

  constructor(options: RecentIdsOptions = {}) {
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.local = new MemoryKeyValue({ maxSize: options.maxSize ?? 10_000, now: options.now });
    this.store = options.shared ? options.shared.keyValue('slack-events', this.local) : this.local;
  }

  /** True the first time an id is seen within the TTL (by any replica); false for a repeat. */
  add(id: string): Promise<boolean> {
    return this.store.setIfAbsent(id, '1', this.ttlMs);
  }

  /** Ids held in this process. */
  get size(): number {
    return this.local.size;
  }
}
