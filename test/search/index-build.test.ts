// A reload builds its index a chunk at a time (buildKnowledgeIndex), the first load at once:
// both must be the same index, or a reload would change answers.
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { buildKnowledgeIndex, KnowledgeIndex } from '../../src/search/index.ts';
import { FIXED_NOW } from '../support/fixture.ts';

describe('buildKnowledgeIndex', () => {
  it('builds, a chunk at a time, the same full-text index as the constructor builds at once', async () => {
    const { kb } = await loadKnowledge('knowledge', { now: FIXED_NOW });
    if (!kb) throw new Error('the bundled knowledge does not load');
    const atOnce = new KnowledgeIndex(kb, ['ask']);
    const chunked = await buildKnowledgeIndex(kb, ['ask']);
    expect(JSON.stringify(chunked.savedSearch())).toBe(JSON.stringify(atOnce.savedSearch()));
    // More documents than one chunk, so the yields between chunks were taken.
    expect(kb.facts.size + kb.entities.size).toBeGreaterThan(100);
    const choices = atOnce.complete('model', 'deeps').map((choice) => choice.value);
    expect(choices.length).toBeGreaterThan(1);
    expect(chunked.complete('model', 'deeps').map((choice) => choice.value)).toEqual(choices);
  });
});
