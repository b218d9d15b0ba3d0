// The Discord platform as main.ts sees it: one adapter when DISCORD_TOKEN is set, sharded
// over processes when DISCORD_SHARDS is. discord.js is loaded only when Discord starts, so
// the console and `landscape ask` do not pay for it.
import type { Config } from '../../config.ts';
import type { Bot } from '../../bot.ts';
import type { Logger } from '../../runtime/logger.ts';
import { LazyAdapter, type PlatformAdapter } from '../adapter.ts';
import { withDiscordJs } from './load.ts';

export interface DiscordServices {
  config: Config;
  bot: Bot;
  logger: Logger;
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
    return new DiscordAdapter({ bot, logger, token, apiUrl: config.DISCORD_API_URL, followUps: config.DISCORD_FOLLOW_UPS === 'on' });
  });
}
