// The Discord platform as main.ts sees it: one adapter when DISCORD_TOKEN is set, sharded
// over processes when DISCORD_SHARDS is. discord.js is loaded only when Discord starts, so
// the console and `landscape ask` do not pay for it.
import type { Config } from '../../config.ts';
import type { Bot } from '../../bot.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { SharedState } from '../../runtime/shared/types.ts';
import { stateFile } from '../../runtime/state-files.ts';
import { LazyAdapter, type PlatformAdapter } from '../adapter.ts';
import { withDiscordJs } from './load.ts';

export interface DiscordServices {
  config: Config;
  bot: Bot;
  logger: Logger;
  /** Where long buttons' commands and answers' subjects are kept, for the other replicas. */
  shared?: SharedState;
}

export function createDiscordAdapter(services: DiscordServices): PlatformAdapter {
  const { config, bot, logger } = services;
  const token = config.DISCORD_TOKEN;
  if (!token) throw new Error('createDiscordAdapter: DISCORD_TOKEN is not set');
  // A shard process started by the ShardingManager runs one plain client (SHARDS is in its env).
  const sharded = config.DISCORD_SHARDS !== undefined && !process.env.SHARDING_MANAGER;
  return new LazyAdapter('discord', async () => {
    if (sharded) {
      const { DiscordShardingAdapter } = await withDiscordJs(() => import('./sharding.ts'));
      return new DiscordShardingAdapter({ logger, token, apiUrl: config.DISCORD_API_URL, totalShards: config.DISCORD_SHARDS! });
    }
    const { DiscordAdapter } = await withDiscordJs(() => import('./adapter.ts'));
    // Beside the gaps file, like the other state: the folder a deployment keeps (a volume).
    const refsFile = stateFile(undefined, config.GAPS_FILE, 'button-refs.jsonl') ?? false;
    return new DiscordAdapter({ bot, logger, token, apiUrl: config.DISCORD_API_URL, followUps: config.DISCORD_FOLLOW_UPS === 'on', shared: services.shared, refsFile });
  });
}
