// Per-user and per-channel rate limits as token buckets: each key holds up to `burst`
// tokens, refilled continuously at `burst / windowSeconds` a second, and a request takes one.
// Within a channel, a user may take at most a quarter of the channel's allowance, so that
// a few heavy users cannot use a channel up for everyone else (three users at a default
// limit of 20 would take all of a channel's 60).
// Memory is bounded: at most `maxKeys` buckets are kept, least recently used dropped first
// (a dropped bucket comes back full, which only ever errs on the side of the user).
// Where the buckets live is apart from the policy: in this process (MemoryTokenBuckets), or
// in Redis when replicas share them (SharedState.tokenBuckets), with the same arithmetic.
import type { BucketDraw, SharedState, TokenBuckets } from './shared/types.ts';

export interface RateRule {
  /** Requests allowed at once, and per window on average. */
  burst: number;
  windowSeconds: number;
}

export interface RateLimitOptions {
  /** Per user; `undefined` disables the user limit. */
  user?: RateRule;
  /** Per channel (a Slack channel, a Discord channel or DM); `undefined` disables it. */
  channel?: RateRule;
  /** Most buckets kept per scope. */
  maxKeys?: number;
  /** Seconds since an arbitrary origin; tests drive it by hand. */
  clock?: () => number;
  /** Buckets shared with other replicas (Redis), these in-process ones standing in when it fails. */
  shared?: SharedState;
}

export type RateDecision = { allowed: true } | { allowed: false; scope: 'user' | 'channel'; retryAfterSeconds: number };

export const DEFAULT_USER_RULE: RateRule = { burst: 20, windowSeconds: 60 };
export const DEFAULT_CHANNEL_RULE: RateRule = { burst: 60, windowSeconds: 60 };
const DEFAULT_MAX_KEYS = 10_000;
/** It takes this many heavy users to use a channel's allowance up. */
const USERS_TO_FILL_A_CHANNEL = 4;
/** Ids come from the platform, but never trust a key's length with memory. */
const MAX_KEY_LENGTH = 128;
/** Refill arithmetic in floating point lands a hair under a whole token. */
const EPSILON = 1e-9;

interface Bucket {
  tokens: number;
  updated: number;
}

class BucketSet {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerSecond: number;

  constructor(
    private readonly rule: RateRule,
    private readonly maxKeys: number,
  ) {
    this.refillPerSecond = rule.burst / rule.windowSeconds;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Seconds until a token is available for `key` (0 if one is available now). */
  wait(key: string, now: number): number {
    const bucket = this.refill(key, now);
    return bucket.tokens >= 1 - EPSILON ? 0 : (1 - bucket.tokens) / this.refillPerSecond;
  }

  take(key: string, now: number): void {
    const bucket = this.refill(key, now);
    bucket.tokens -= 1;
    // Most recently used last, so the first key in the map is the one to drop.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }

  private refill(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key) ?? { tokens: this.rule.burst, updated: now };
    bucket.tokens = Math.min(this.rule.burst, bucket.tokens + Math.max(0, now - bucket.updated) * this.refillPerSecond);
    bucket.updated = now;
    return bucket;
  }
}

/** Buckets in this process: one BucketSet per bucket name, each made with the rule of its first draw. */
export class MemoryTokenBuckets implements TokenBuckets {
  private readonly sets = new Map<string, BucketSet>();

  constructor(
    private readonly maxKeys: number,
    private readonly clock: () => number,
  ) {}

  async take(draws: readonly BucketDraw[]): Promise<number[]> {
    const now = this.clock();
    const sets = draws.map((draw) => this.set(draw));
    const waits = draws.map((draw, i) => sets[i]!.wait(draw.key, now));
    if (waits.every((wait) => wait === 0)) draws.forEach((draw, i) => sets[i]!.take(draw.key, now));
    return waits;
  }

  size(bucket: string): number {
    return this.sets.get(bucket)?.size ?? 0;
  }

  private set(draw: BucketDraw): BucketSet {
    let set = this.sets.get(draw.bucket);
    if (!set) this.sets.set(draw.bucket, (set = new BucketSet(draw.rule, this.maxKeys)));
    return set;
  }
}

export class RateLimiter {
  private readonly user?: RateRule;
  private readonly channel?: RateRule;
  /** Each user's share of each channel: a quarter of the channel's allowance, at least one. */
  private readonly share?: RateRule;
  private readonly local: MemoryTokenBuckets;
  private readonly buckets: TokenBuckets;

  constructor(options: RateLimitOptions = { user: DEFAULT_USER_RULE, channel: DEFAULT_CHANNEL_RULE }) {
    this.user = options.user;
    this.channel = options.channel;
    if (options.channel) this.share = { burst: Math.max(1, Math.floor(options.channel.burst / USERS_TO_FILL_A_CHANNEL)), windowSeconds: options.channel.windowSeconds };
    this.local = new MemoryTokenBuckets(options.maxKeys ?? DEFAULT_MAX_KEYS, options.clock ?? (() => performance.now() / 1000));
    this.buckets = options.shared ? options.shared.tokenBuckets(this.local) : this.local;
  }

  /**
   * Takes a token from the user's bucket, their share of the channel and the channel's
   * bucket, or from none of them if one is empty. Over their share, it is the user who is
   * refused (scope `user`), not the channel.
   */
  async check(userKey: string, channelKey?: string): Promise<RateDecision> {
    const user = userKey.slice(0, MAX_KEY_LENGTH);
    const channel = channelKey?.slice(0, MAX_KEY_LENGTH);
    const draws: (BucketDraw & { scope: 'user' | 'channel' })[] = [];
    if (this.user) draws.push({ scope: 'user', bucket: 'user', key: user, rule: this.user });
    if (channel !== undefined && this.share) draws.push({ scope: 'user', bucket: 'share', key: `${channel}\u0000${user}`, rule: this.share });
    if (channel !== undefined && this.channel) draws.push({ scope: 'channel', bucket: 'channel', key: channel, rule: this.channel });
    const waits = await this.buckets.take(draws);
    // The user's wait is told first; a scope's wait is the longest of its buckets'.
    for (const scope of ['user', 'channel'] as const) {
      const wait = Math.max(0, ...draws.map((draw, i) => (draw.scope === scope ? (waits[i] ?? 0) : 0)));
      if (wait > 0) return { allowed: false, scope, retryAfterSeconds: Math.ceil(wait) };
    }
    return { allowed: true };
  }

  /** Buckets held in this process, for tests of the memory bound. */
  get size(): { users: number; channels: number; shares: number } {
    return { users: this.local.size('user'), channels: this.local.size('channel'), shares: this.local.size('share') };
  }
}

/**
 * `20/60` or `20/60s` (20 requests a minute, in bursts of up to 20), `5/1m`, or `off`.
 * Returns `undefined` for `off`; throws on anything else it cannot read.
 */
export function parseRateRule(text: string): RateRule | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'off' || trimmed === '0') return undefined;
  const match = /^(\d+)\s*\/\s*(\d+)\s*(s|m|h)?$/.exec(trimmed);
  if (!match) throw new Error('must look like 20/60s (requests per seconds), 5/1m, or off');
  const burst = Number(match[1]);
  const seconds = Number(match[2]) * ({ s: 1, m: 60, h: 3600 } as const)[(match[3] ?? 's') as 's' | 'm' | 'h'];
  if (burst < 1 || seconds < 1) throw new Error('needs at least 1 request per at least 1 second, or off');
  return { burst, windowSeconds: seconds };
}
