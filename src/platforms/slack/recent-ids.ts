// Slack retries an event it got no timely 200 for (X-Slack-Retry-Num), up to three times
// within minutes. Remembering each event_id for a while lets us answer it once. Bounded in
// time and in size, so a flood of ids cannot grow memory. Per process: behind a load
// balancer, a retry may reach another worker (see docs/slack.md).
export interface RecentIdsOptions {
  ttlMs?: number;
  maxSize?: number;
  now?: () => number;
}

export class RecentIds {
  private readonly seen = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxSize: number;
  private readonly now: () => number;

  constructor(options: RecentIdsOptions = {}) {
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.maxSize = options.maxSize ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** True the first time an id is seen within the TTL; false for a repeat. */
  add(id: string): boolean {
    const now = this.now();
    this.expire(now);
    if (this.seen.has(id)) return false;
    this.seen.set(id, now + this.ttlMs);
    // Oldest first in a Map: drop from the front when full.
    while (this.seen.size > this.maxSize) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private expire(now: number): void {
    for (const [id, expiresAt] of this.seen) {
      if (expiresAt > now) break;
      this.seen.delete(id);
    }
  }
}
