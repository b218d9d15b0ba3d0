// DISCORD_SHARDS=auto|N: one process per shard, run by discord.js's ShardingManager. Each
// shard process is `landscape start` again (bin/landscape.js, which runs the build in dist/
// or the TypeScript through tsx) with the shard ids in SHARDS / SHARD_COUNT, which discord.js's Client reads;
// it gets its own copy of the fact base, Bot and reloader, and only the Discord platform.
// This process keeps the other platforms, /healthz and /metrics.
import { once } from 'node:events';
import path from 'node:path';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import { PACKAGE_ROOT } from '../../paths.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { ConnectionState, PlatformAdapter } from '../adapter.ts';

export interface DiscordShardingOptions {
  logger: Logger;
  token: string;
  apiUrl?: string;
  /** `auto`: as many as GET /gateway/bot recommends. */
  totalShards: number | 'auto';
  /** Set (or, when undefined, removed) in each shard's environment, on top of this process's. */
  env?: Record<string, string | undefined>;
  /** Discord allows one identify per 5 s per bucket: shards start this far apart. */
  spawnDelayMs?: number;
  /** How long a shard may take to connect before the start fails. */
  spawnTimeoutMs?: number;
  /** The script each shard runs, and its arguments. */
  entry?: string;
  entryArgs?: string[];
}

const DEFAULT_ENTRY = path.join(PACKAGE_ROOT, 'bin', 'landscape.js');

/** What a shard process must not inherit: it runs Discord only, on one shard, on a free port. */
const SHARD_ENV: Record<string, string | undefined> = {
  DISCORD_SHARDS: undefined,
  SLACK_BOT_TOKEN: undefined,
  SLACK_SIGNING_SECRET: undefined,
  SLACK_APP_TOKEN: undefined,
  // /healthz and /metrics are served by this process; a shard's own server takes any free
  // port, never this process's METRICS_PORT, which every shard would otherwise try to bind.
  PORT: '0',
  METRICS_PORT: undefined,
};

export class DiscordShardingAdapter implements PlatformAdapter {
  readonly platform = 'discord' as const;
  private manager?: ShardingManager;
  private status: ConnectionState = 'disconnected';
  private readonly down = new Set<number>();
  private readonly log: Logger;

  constructor(private readonly options: DiscordShardingOptions) {
    this.log = options.logger.child({ platform: 'discord', role: 'sharding-manager' });
  }

  state(): ConnectionState {
    if (this.status === 'connected' && this.down.size > 0) return 'reconnecting';
    return this.status;
  }

  get shardingManager(): ShardingManager | undefined {
    return this.manager;
  }

  async start(): Promise<void> {
    this.status = 'starting';
    const total = this.options.totalShards === 'auto' ? await recommendedShardCount(this.options.token, this.options.apiUrl) : this.options.totalShards;
    const manager = new ShardingManager(this.options.entry ?? DEFAULT_ENTRY, {
      token: this.options.token,
      totalShards: total,
      mode: 'process',
      respawn: true,
      shardArgs: this.options.entryArgs ?? ['start'],
      // bin/landscape.js picks the build or tsx itself; a .ts entry would need ['--import', 'tsx'].
      execArgv: [],
    });
    this.manager = manager;
    const env = { ...SHARD_ENV, ...(this.options.apiUrl ? { DISCORD_API_URL: this.options.apiUrl } : {}), ...this.options.env };
    manager.on('shardCreate', (shard: Shard) => {
      for (const [key, value] of Object.entries(env)) {
        if (value === undefined) delete (shard.env as Record<string, unknown>)[key];
        else (shard.env as Record<string, unknown>)[key] = value;
      }
      shard.on('ready', () => this.down.delete(shard.id));
      shard.on('resume', () => this.down.delete(shard.id));
      shard.on('reconnecting', () => this.down.add(shard.id));
      // A respawn that fails is reported as an 'error' event; unheard, it would crash the process.
      shard.on('error', (error) => this.log.error({ shard: shard.id, err: error }, 'shard process failed'));
      shard.on('death', (child) => {
        this.down.add(shard.id);
        const code = 'exitCode' in child ? child.exitCode : undefined;
        if (manager.respawn) this.log.error({ shard: shard.id, exitCode: code }, 'shard process exited; starting it again');
      });
      this.log.info({ shard: shard.id, of: total }, 'starting shard process');
    });
    try {
      await manager.spawn({ amount: total, delay: this.options.spawnDelayMs ?? 5500, timeout: this.options.spawnTimeoutMs ?? 60_000 });
    } catch (error) {
      await this.stop();
      this.status = 'disconnected';
      throw error;
    }
    this.status = 'connected';
    this.log.info({ shards: total }, 'all shards connected');
  }

  /** Stops every shard process gracefully (SIGTERM: they finish their answers), no respawn. */
  async stop(): Promise<void> {
    const manager = this.manager;
    if (manager) {
      manager.respawn = false;
      await Promise.all(manager.shards.map((shard) => stopShard(shard)));
    }
    this.status = 'stopped';
  }
}

async function stopShard(shard: Shard): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** What GET /gateway/bot recommends, asked of DISCORD_API_URL (discord.js's own helper always asks discord.com). */
export async function recommendedShardCount(token: string, apiUrl = 'https://discord.com/api'): Promise<number> {
  const rest = new REST({ api: apiUrl }).setToken(token);
  const info = (await rest.get(Routes.gatewayBot())) as { shards: number };
  return Math.max(1, info.shards);
}
