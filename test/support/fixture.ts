// A Bot over the small, stable fixture base with a pinned clock, for engine and render tests.
import { Bot } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';

export const FIXTURE_DIR = 'test/fixtures/mini';
export const FIXED_NOW = new Date('2026-11-28T12:00:00Z');

export async function fixtureBot(dir = FIXTURE_DIR): Promise<Bot> {
  const store = await KnowledgeStore.open(dir, { now: FIXED_NOW });
  return new Bot({ store, now: () => FIXED_NOW });
}
