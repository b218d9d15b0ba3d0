// A Bot over the small, stable fixture base with a pinned clock, for engine and render tests.
import { Bot } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';

export const FIXTURE_DIR = 'test/fixtures/mini';
export const FIXED_NOW = new Date('2026-11-28T12:00:00Z');

export async function fixtureBot(dir = FIXTURE_DIR): Promise<Bot> {
  const store = await KnowledgeStore.open(dir, { now: FIXED_NOW });
  return new Bot({ store, now: () => FIXED_NOW });
}

/**
 * The fixture's base.yaml text with one more fact (YAML list lines) at the end of its facts,
 * before its freshness rules: a maintainer's edit, as reload and digest tests make it.
 */
export function withFixtureFact(baseYaml: string, factYaml: string): string {
  if (!baseYaml.includes('\nfreshness:')) throw new Error('not the fixture base: no freshness rules to add a fact before');
  return baseYaml.replace('\nfreshness:', `${factYaml}\nfreshness:`);
}

/** A fact about DeepSeek-R1 that the fixture lacks: what a subscribed channel's digest announces. */
export const R1_PAPER_EVENT = `  - id: r1-paper
    claim: DeepSeek published the paper on how DeepSeek-R1 learned to reason.
    about: [deepseek, deepseek-r1]
    answers: [event]
    date: 2025-01-22
    sources: [r1-repo]
    confidence: high
`;
