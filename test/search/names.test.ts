// The name index must find exactly what comparing the input with every name would find:
// checked against that plain scan on random names, including the prefix form of the edit
// distance that autocomplete uses ("deepsek" is one edit from how "deepseekr1" begins).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levenshtein } from '../../src/knowledge/lint.ts';
import { NameIndex } from '../../src/search/names.ts';

const letters = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'e', '1', '2'), minLength: 1, maxLength: 9 });
const indexOf = (keys: string[]) => NameIndex.of(keys.map((key, target) => ({ key, target, primary: target % 2 === 0 })));
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

describe('NameIndex', () => {
  it('keeps its keys in the order of a stable sort, built a few thousand at a time', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 5 }), { minLength: 9_000, maxLength: 13_000 }), (keys) => {
        const index = indexOf(keys);
        const stable = keys
          .map((key, target) => ({ key, target }))
          .filter((entry) => entry.key !== '')
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        expect([...index.withPrefix('')].map((entry) => entry.target)).toEqual(stable.map((entry) => entry.target));
      }),
      { numRuns: 5 },
    );
  });

  it('finds every key within the distance, as a whole or by its beginning, and no other', () => {
    fc.assert(
      fc.property(fc.array(letters, { maxLength: 60 }), letters, fc.integer({ min: 0, max: 3 }), (keys, query, distance) => {
        const found = indexOf(keys).fuzzy(query, distance, true);
        const expected = keys.flatMap((key, target) => {
          const whole = levenshtein(key, query);
          const start = key.length > query.length ? Math.min(whole, levenshtein(key.slice(0, query.length), query)) : whole;
          return Math.min(whole, start) <= distance ? [{ target, whole: whole <= distance ? whole : undefined, start }] : [];
        });
        expect(sorted(found.map((match) => match.entry.target))).toEqual(sorted(expected.map((match) => match.target)));
        for (const match of found) {
          const want = expected.find((each) => each.target === match.entry.target)!;
          expect(Math.min(match.whole, match.start)).toBe(want.start);
          if (match.whole <= distance) expect(match.whole).toBe(want.whole);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds whole keys only unless asked for beginnings', () => {
    fc.assert(
      fc.property(fc.array(letters, { maxLength: 60 }), letters, fc.integer({ min: 0, max: 2 }), (keys, query, distance) => {
        const found = indexOf(keys)
          .fuzzy(query, distance)
          .map((match) => match.entry.target);
        expect(sorted(found)).toEqual(keys.flatMap((key, target) => (levenshtein(key, query) <= distance ? [target] : [])));
      }),
      { numRuns: 300 },
    );
  });

  it('finds keys by prefix and by substring', () => {
    fc.assert(
      fc.property(fc.array(letters, { maxLength: 60 }), letters, (keys, part) => {
        const index = indexOf(keys);
        expect(sorted([...index.withPrefix(part)].map((entry) => entry.target))).toEqual(keys.flatMap((key, target) => (key.startsWith(part) ? [target] : [])));
        if (part.length >= 3) expect(sorted([...index.containing(part)].map((entry) => entry.target))).toEqual(keys.flatMap((key, target) => (key.includes(part) ? [target] : [])));
      }),
      { numRuns: 300 },
    );
  });
});
