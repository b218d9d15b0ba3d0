// A reload builds its index a slice at a time (KnowledgeIndex.inSlices), a start at once
// (KnowledgeIndex.of), and either may load its full-text part from a saved one (the cache):
// all must be the same index, or a reload would change answers.
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { KnowledgeIndex } from '../../src/search/index.ts';
import { SearchAssembler } from '../../src/search/saved-search.ts';
import { FIXED_NOW } from '../support/fixture.ts';

/** The saved full-text index, its terms sorted: one loaded from a saved index lists them in another order. */
const savedSearchOf = (index: KnowledgeIndex) => {
  const assembler = new SearchAssembler();
  for (const part of index.savedSearch()) assembler.add(part);
  const saved = assembler.result();
  return JSON.stringify({ ...saved, index: saved.index.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) });
};

describe('KnowledgeIndex.inSlices', () => {
  it('builds, a slice at a time, the same index as KnowledgeIndex.of builds at once, and from a saved one', async () => {
    const { kb } = await loadKnowledge('knowledge', { now: FIXED_NOW });
    if (!kb) throw new Error('the bundled knowledge does not load');
    const atOnce = KnowledgeIndex.of(kb, ['ask']);
    const assembler = new SearchAssembler();
    for (const part of atOnce.savedSearch()) assembler.add(part);
    const plain = assembler.result();
    // More items than one step of the build (200), so it went through several.
    expect(kb.facts.size + kb.entities.size).toBeGreaterThan(400);
    expect(plain.documentCount).toBe(kb.facts.size + kb.entities.size);
    const saved = savedSearchOf(atOnce);
    const built = [await KnowledgeIndex.inSlices(kb, ['ask']), await KnowledgeIndex.inSlices(kb, ['ask'], plain), KnowledgeIndex.of(kb, ['ask'], plain)];
    const choices = atOnce.complete('model', 'deeps').map((choice) => choice.value);
    expect(choices.length).toBeGreaterThan(1);
    const question = ['share', 'of', 'downloads', 'chinese', 'models'];
    const scores = [...atOnce.factScores(question)];
    expect(scores.length).toBeGreaterThan(3);
    // Facts matching every word: past the limit, the newest are kept, ties in the order found.
    const everyWord = ['open', 'models'];
    const dateOf = (id: string) => kb.facts.get(id)!.date;
    const byDate = [...atOnce.factsMatching(everyWord, 1, Number.POSITIVE_INFINITY)].sort((a, b) => (dateOf(a) < dateOf(b) ? 1 : dateOf(a) > dateOf(b) ? -1 : 0));
    const newest = byDate.slice(0, 5);
    // The limit cuts through facts of the same date: which are kept depends on the ties' order.
    expect(dateOf(byDate[4]!)).toBe(dateOf(byDate[5]!));
    const releases = [...kb.facts.values()].filter((fact) => fact.answers.includes('release'));
    expect(releases.length).toBeGreaterThan(10);
    for (const index of [atOnce, ...built]) {
      // Not toEqual: a difference would print the whole index.
      expect(savedSearchOf(index) === saved).toBe(true);
      expect(index.complete('model', 'deeps').map((choice) => choice.value)).toEqual(choices);
      expect([...index.factScores(question)]).toEqual(scores);
      expect(index.factsMatching(everyWord, 1, 5)).toEqual(newest);
      expect(index.factsAnswering('release')).toEqual(releases);
      expect(index.misspeltEntity('Mistal')?.id).toBe(atOnce.misspeltEntity('Mistal')?.id);
    }
  });
});
