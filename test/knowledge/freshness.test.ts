import { beforeAll, describe, expect, it } from 'vitest';
import { staleCount, staleFacts } from '../../src/knowledge/freshness.ts';
import type { KnowledgeBase } from '../../src/knowledge/load.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { FIXTURE_DIR, fixtureBot } from '../support/fixture.ts';

// The fixture's usage facts are dated 2025-11 and 2025, and go stale 90 days after their
// period ends: on 2026-03-01 and 2026-04-01 (UTC).
let kb: KnowledgeBase;
beforeAll(async () => {
  kb = (await KnowledgeStore.open(FIXTURE_DIR)).current.kb;
});

describe('staleCount', () => {
  it('counts what staleFacts lists, and counts again when the day changes', () => {
    for (const moment of ['2026-02-28T23:59:59.999Z', '2026-03-01T00:00:00.000Z', '2026-03-31T12:00:00Z', '2026-04-01T00:00:00.000Z']) {
      const now = new Date(moment);
      expect(staleCount(kb, now)).toBe(staleFacts(kb.facts.values(), kb.freshness, now).length);
    }
    expect([staleCount(kb, new Date('2026-02-28T23:59:59.999Z')), staleCount(kb, new Date('2026-03-01T00:00:00.000Z')), staleCount(kb, new Date('2026-04-01T00:00:00.000Z'))]).toEqual([0, 1, 2]);
  });

  it('is what /about says', async () => {
    const bot = await fixtureBot();
    const answer = (await bot.handle({ platform: 'console', userId: 'test', text: '/about' })).answer;
    expect(answer.items.map((item) => item.text)).toContainEqual(expect.stringMatching(/^2 facts are past their freshness date/));
  });
});
