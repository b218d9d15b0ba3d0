// The state that replicas of the bot must agree on, as four small interfaces: key-value with
// expiry, token buckets for rate limits, append-only logs, and publish/subscribe. Each has an
// in-process implementation (one process: what the bot always did) and a Redis one (several
// processes or machines, with REDIS_URL). Callers build the in-process one and ask the
// SharedState for what to use: without Redis they get it back as it is; with Redis they get
// the Redis one, which falls back to theirs whenever Redis cannot answer.

/** Keys with an expiry: event ids already answered, interaction state, anything short-lived. */
export interface KeyValueStore {
  /** Stores `value` under `key` for `ttlMs` unless the key holds a live value; true if it stored it. Atomic. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** The live value under `key`, or undefined once it expired (or was never set). */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs`, replacing any value. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
}

/** A token bucket: up to `burst` tokens, refilled evenly over `windowSeconds`. */
export interface BucketRule {
  burst: number;
  windowSeconds: number;
}

/** One bucket a request draws a token from: `bucket` names the set (user, channel…), `key` the owner. */
export interface BucketDraw {
  bucket: string;
  key: string;
  rule: BucketRule;
}

/** Where rate-limit buckets live. The policy (which buckets a request draws on) is the caller's. */
export interface TokenBuckets {
  /**
   * For each draw, the seconds until its bucket holds a token (0: it holds one now). If every
   * bucket holds one, one token is taken from each; otherwise none is taken. All or nothing,
   * atomically, so that replicas sharing the buckets never admit more than one process would.
   */
  take(draws: readonly BucketDraw[]): Promise<number[]>;
}

/**
 * Records appended and never changed, read back oldest first: gaps, and (issue 12) feedback
 * and subscription events. Bounded by the implementation: the oldest records go first.
 */
export interface AppendLog<T extends object> {
  append(record: T): Promise<void>;
  /** Every record kept, oldest first, as stored: validate before use (a file may be edited by hand). */
  read(): Promise<unknown[]>;
}

/** Messages to every subscribed process (the one publishing included), at most once, not kept. */
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Calls `listener` for each message on `channel` until the returned function is called. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
}

/** What /healthz says of the shared state: absent without Redis. */
export interface SharedStatus {
  store: 'redis';
  /** Redis answered the last command (or came back since the last failure). */
  reachable: boolean;
  /** Which replica answered this /healthz (SharedState.replica). */
  replica: string;
}

/**
 * The one place a process gets its shared state from. Each method takes the in-process
 * implementation the caller would use alone, and returns the one to use: that same object
 * without REDIS_URL; with it, Redis first and that object whenever Redis fails.
 */
export interface SharedState {
  readonly kind: 'local' | 'redis';
  /** This process among the replicas: host and pid, in logs and reload reports. */
  readonly replica: string;
  /** `namespace` keeps users apart: `slack-events`, `discord-refs`… */
  keyValue(namespace: string, local: KeyValueStore): KeyValueStore;
  tokenBuckets(local: TokenBuckets): TokenBuckets;
  /** `local` may be absent (e.g. GAPS_FILE=off): then only Redis keeps records, and none while it is down. */
  log<T extends object>(name: string, local: AppendLog<T> | undefined): AppendLog<T> | undefined;
  pubsub(local: PubSub): PubSub;
  status(): SharedStatus | undefined;
  close(): Promise<void>;
}
