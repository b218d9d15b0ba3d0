// scoreAmong must give exactly MiniSearch's own scores, to the last bit, for the documents
// it is asked about: checked on the fixture base's facts, with the kind of options the
// index uses (field boosts, prefix and fuzzy matching by word length, our term processing),
// on questions made of its words, their prefixes and their typos.
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { matchingAtLeast, scoreAmong } from '../../src/search/among.ts';
import { foldText } from '../../src/search/normalize.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';

interface Doc {
  id: string;
  claim: string;
  quote: string;
  caveats: string;
}

let search: MiniSearch<Doc>;
let ids: string[];
let words: string[];

beforeAll(async () => {
  const { kb } = await loadKnowledge(FIXTURE_DIR, { now: FIXED_NOW });
  const documents = [...kb!.facts.values()].map((fact) => ({ id: fact.id, claim: fact.claim, quote: fact.quote ?? '', caveats: fact.caveats.join(' ') }));
  const processTerm = (term: string) => foldText(term) || null;
  search = new MiniSearch<Doc>({
    fields: ['claim', 'quote', 'caveats'],
    processTerm,
    searchOptions: { boost: { claim: 2, quote: 1, caveats: 0.5 }, prefix: (term) => term.length >= 4, fuzzy: (term) => (term.length >= 5 ? 0.2 : false), processTerm },
  });
  search.addAll(documents);
  ids = documents.map((document) => document.id);
  words = [...new Set(documents.flatMap((document) => foldText(document.claim).split(' ')))].filter((word) => word.length >= 2);
});

const queries = () =>
  fc.array(
    fc.integer({ min: 0, max: 10_000 }).chain((n) => {
      const base = words[n % words.length]!;
      return fc.constantFrom(base, base.slice(0, Math.max(2, base.length - 2)), `${base.slice(0, -1)}x`, base.slice(1));
    }),
    { minLength: 1, maxLength: 6 },
  );

describe('matchingAtLeast', () => {
  it("finds the documents matching enough words, which sorted by score are in MiniSearch's order", () => {
    fc.assert(
      fc.property(queries(), fc.integer({ min: 1, max: 3 }), (query, needed) => {
        const text = query.join(' ');
        const expected = search.search(text).filter((result) => result.queryTerms.length >= needed);
        const matches = matchingAtLeast(search, text, needed, () => true);
        const scores = scoreAmong(
          search,
          text,
          matches.map((match) => match.documentId),
        );
        const ranked = matches.map((match) => ({ id: match.documentId, score: scores.get(match.documentId)!.score })).sort((a, b) => b.score - a.score);
        expect(ranked.map((result) => result.id)).toEqual(expected.map((result) => String(result.id)));
        for (const match of matches) expect(match.matched).toBe(expected.find((result) => result.id === match.documentId)!.queryTerms.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('scoreAmong', () => {
  it('scores the documents asked about as MiniSearch does, and no others', () => {
    const word = fc.integer({ min: 0, max: 10_000 }).chain((n) => {
      const base = words[n % words.length]!;
      return fc.constantFrom(base, base.slice(0, Math.max(2, base.length - 2)), `${base.slice(0, -1)}x`, base.slice(1));
    });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 40 }), fc.boolean(), (query, picks, narrow) => {
        const among = new Set(picks.map((n) => ids[n % ids.length]!));
        const text = query.join(' ');
        const options = narrow ? { fields: ['claim'], prefix: false, fuzzy: false } : {};
        const expected = search.search(text, { ...options, filter: (result) => among.has(String(result.id)) });
        const actual = scoreAmong(search, text, among, options);
        expect(actual.size).toBe(expected.length);
        for (const result of expected) {
          expect(actual.get(String(result.id))).toEqual({ score: result.score, matched: result.queryTerms.length });
        }
      }),
      { numRuns: 300 },
    );
  });
});
