// Per-user and per-channel rate limits as token buckets: each key holds up to `burst`
// tokens, refilled continuously at `burst / windowSeconds` a second, and a request takes one.
// Within a channel, a user may take at most a quarter of the channel's allowance, so that
// a few heavy users cannot use a channel up for everyone else (three users at a default
// limit of 20 would take all of a channel's 60).
// Memory is bounded: at most `maxKeys` buckets are kept, least recently used dropped first
// (a dropped bucket comes back full, which only ever errs on the side of the user).

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

export class RateLimiter {
  private readonly users?: BucketSet;
  private readonly channels?: BucketSet;
  /** Each user's share of each channel, keyed by channel and user. */
  private readonly shares?: BucketSet;
  private readonly clock: () => number;

  constructor(options: RateLimitOptions = { user: DEFAULT_USER_RULE, channel: DEFAULT_CHANNEL_RULE }) {
    const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    if (options.user) this.users = new BucketSet(options.user, maxKeys);
    if (options.channel) {
      this.channels = new BucketSet(options.channel, maxKeys);
      const share = Math.max(1, Math.floor(options.channel.burst / USERS_TO_FILL_A_CHANNEL));
      this.shares = new BucketSet({ burst: share, windowSeconds: options.channel.windowSeconds }, maxKeys);
    }
    this.clock = options.clock ?? (() => performance.now() / 1000);
  }

  /**
   * Takes a token from the user's bucket, their share of the channel and the channel's
   * bucket, or from none of them if one is empty. Over their share, it is the user who is
   * refused (scope `user`), not the channel.
   */
  check(userKey: string, channelKey?: string): RateDecision {
    const now = this.clock();
    const user = userKey.slice(0, MAX_KEY_LENGTH);
    const channel = channelKey?.slice(0, MAX_KEY_LENGTH);
    const share = channel !== undefined ? `${channel}\u0000${user}` : undefined;
    const userWait = Math.max(this.users?.wait(user, now) ?? 0, share !== undefined ? (this.shares?.wait(share, now) ?? 0) : 0);
    if (userWait > 0) return { allowed: false, scope: 'user', retryAfterSeconds: Math.ceil(userWait) };
    const channelWait = channel !== undefined ? (this.channels?.wait(channel, now) ?? 0) : 0;
    if (channelWait > 0) return { allowed: false, scope: 'channel', retryAfterSeconds: Math.ceil(channelWait) };
    this.users?.take(user, now);
    if (channel !== undefined) this.channels?.take(channel, now);
    if (share !== undefined) this.shares?.take(share, now);
    return { allowed: true };
  }

  /** Buckets held, for tests of the memory bound. */
  get size(): { users: number; channels: number; shares: number } {
    return { users: this.users?.size ?? 0, channels: this.channels?.size ?? 0, shares: this.shares?.size ?? 0 };
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
