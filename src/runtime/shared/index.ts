// The shared state a process runs with: in process without REDIS_URL, in Redis with it.
// Redis is loaded only then, so a single process never pays for it.
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.ts';
import { LocalSharedState } from './memory.ts';
import type { SharedState } from './types.ts';

export type { AppendLog, BucketDraw, BucketRule, KeyValueStore, PubSub, SharedState, SharedStatus, TokenBuckets } from './types.ts';
export { LocalSharedState, MemoryKeyValue, MemoryPubSub } from './memory.ts';

export async function openSharedState(options: { url?: string; logger: Logger; registry?: Registry }): Promise<SharedState> {
  if (!options.url) return new LocalSharedState();
  const { RedisSharedState } = await import('./redis.ts');
  return RedisSharedState.connect({ url: options.url, logger: options.logger, registry: options.registry });
}
