// The shared state a process runs with: in process without REDIS_URL, in Redis with it.
// Redis is loaded only then, so a single process never pays for it.
import type { Registry } from 'prom-client';
import { readJsonLines } from '../jsonl.ts';
import type { Logger } from '../logger.ts';
import { LocalSharedState } from './memory.ts';
import type { SharedState } from './types.ts';

export type { AppendLog, BucketDraw, BucketRule, KeyValueStore, PubSub, RecordTable, SharedState, SharedStatus, TokenBuckets } from './types.ts';
export { LocalSharedState, MemoryKeyValue, MemoryPubSub, MemoryTable } from './memory.ts';

export async function openSharedState(options: { url?: string; logger: Logger; registry?: Registry }): Promise<SharedState> {
  if (!options.url) return new LocalSharedState();
  const { RedisSharedState } = await import('./redis.ts');
  return RedisSharedState.connect({ url: options.url, logger: options.logger, registry: options.registry });
}

/**
 * A log's records for `landscape gaps` and `landscape feedback`: every replica's, from Redis,
 * when `redisUrl` is given; else those of `file` (none without one). Rejects with a clear
 * message when Redis cannot be read.
 */
export async function readLogRecords(source: { redisUrl?: string; name: string; file?: string }): Promise<{ records: unknown[]; where: string; store: 'redis' | 'file' }> {
  if (source.redisUrl) {
    const { readSharedLog } = await import('./redis.ts');
    return { ...(await readSharedLog(source.redisUrl, source.name)), store: 'redis' };
  }
  return { records: source.file ? await readJsonLines(source.file) : [], where: source.file ?? 'no file', store: 'file' };
}
