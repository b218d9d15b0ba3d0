// What main.ts needs from a platform: start, report its connection state, and stop cleanly
// (stop taking new work, finish answers in flight, close connections); and post a digest to
// a subscribed channel.
import type { Answer } from '../answer/answer.ts';
import type { Platform } from '../bot.ts';

/**
 * `reconnecting` comes back by itself; `failed` does not without an operator (Discord
 * refused the token, say), and `failure()` says why.
 */
export type ConnectionState = 'starting' | 'connected' | 'reconnecting' | 'disconnected' | 'failed' | 'stopped';

export interface PlatformAdapter {
  readonly platform: Platform;
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): ConnectionState;
  /** Why the platform is `failed`, in words an operator can act on. */
  failure?(): string | undefined;
  /**
   * Posts a digest (src/runtime/digest.ts) in a channel, as a plain message of the bot. False
   * when this process does not serve that channel (a Discord server on another shard).
   */
  postDigest?(channelId: string, answer: Answer, guildId?: string): Promise<boolean>;
}

/**
 * An adapter whose library is imported only when it starts, so the console and one-shot
 * commands never load discord.js or Bolt.
 */
export class LazyAdapter implements PlatformAdapter {
  private adapter?: PlatformAdapter;
  private starting = false;

  constructor(
    readonly platform: Platform,
    private readonly load: () => Promise<PlatformAdapter>,
  ) {}

  async start(): Promise<void> {
    this.starting = true;
    this.adapter = await this.load();
    await this.adapter.start();
  }

  async stop(): Promise<void> {
    await this.adapter?.stop();
  }

  state(): ConnectionState {
    return this.adapter?.state() ?? (this.starting ? 'starting' : 'disconnected');
  }

  failure(): string | undefined {
    return this.adapter?.failure?.();
  }

  async postDigest(channelId: string, answer: Answer, guildId?: string): Promise<boolean> {
    return (await this.adapter?.postDigest?.(channelId, answer, guildId)) ?? false;
  }
}
