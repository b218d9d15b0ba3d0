// firstOf: the first few in an order, the same as a stable sort cut short.
import { describe, expect, it } from 'vitest';
import { firstOf } from '../../src/search/first-of.ts';

/** A small deterministic generator, so that a failure can be run again. */
function numbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('firstOf', () => {
  it('is a stable sort cut short, ties in the items’ order, for any count', () => {
    const random = numbers(7);
    // Few distinct keys, so that most comparisons are ties that only the position breaks.
    const items = Array.from({ length: 2000 }, (_, position) => ({ matched: Math.floor(random() * 4), date: `202${Math.floor(random() * 6)}`, position }));
    const compare = (a: (typeof items)[number], b: (typeof items)[number]) => b.matched - a.matched || (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);
    for (const count of [0, 1, 2, 7, 400, 1999, 2000, 5000]) {
      expect(firstOf(items, count, compare)).toEqual([...items].sort(compare).slice(0, count));
    }
  });

  it('keeps the earlier of equal items when the count cuts through them', () => {
    const items = ['b1', 'a1', 'b2', 'a2', 'a3', 'b3'];
    const byLetter = (a: string, b: string) => a.charCodeAt(0) - b.charCodeAt(0);
    expect(firstOf(items, 2, byLetter)).toEqual(['a1', 'a2']);
    expect(firstOf(items, 4, byLetter)).toEqual(['a1', 'a2', 'a3', 'b1']);
  });

  it('leaves the items as they were', () => {
    const items = [3, 1, 2];
    firstOf(items, 2, (a, b) => a - b);
    firstOf(items, 5, (a, b) => a - b);
    expect(items).toEqual([3, 1, 2]);
  });
});
