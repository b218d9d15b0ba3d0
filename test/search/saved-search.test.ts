// The cache writes a full-text index in parts (src/search/saved-search.ts), read from
// MiniSearch's private fields: put back together they must be exactly what toJSON() gives,
// or an upgrade of MiniSearch changed what this reads and the cache would be wrong.
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { SearchAssembler, searchParts } from '../../src/search/saved-search.ts';

function sampleSearch(documents: number): MiniSearch<{ id: string; text: string; kind: string }> {
  const search = new MiniSearch<{ id: string; text: string; kind: string }>({ fields: ['text'], storeFields: ['kind'] });
  search.addAll(Array.from({ length: documents }, (_, n) => ({ id: `doc:${n}`, text: `term${n} shared word${n % 7} café ${n % 3 ? 'odd' : 'even'}`, kind: n % 2 ? 'fact' : 'entity' })));
  search.discard('doc:5');
  return search;
}

const assembled = (parts: Iterable<Parameters<SearchAssembler['add']>[0]>) => {
  const assembler = new SearchAssembler();
  for (const part of parts) assembler.add(part);
  return assembler.result();
};

describe('a full-text index saved in parts', () => {
  it('puts back together exactly what toJSON() gives, from many parts', () => {
    const search = sampleSearch(5_000);
    const parts = [...searchParts(search)];
    // More documents than one part holds (500), more postings than one part of the index holds (20,000).
    expect(parts.filter(([kind]) => kind === 'index').length).toBeGreaterThan(1);
    expect(parts.filter(([kind]) => kind === 'documentIds').length).toBeGreaterThan(2);
    expect(JSON.stringify(assembled(parts))).toBe(JSON.stringify(search.toJSON()));
    const loaded = MiniSearch.loadJS(assembled(parts), { fields: ['text'], storeFields: ['kind'] });
    expect(loaded.search('term42 even').map((result) => result.id)).toEqual(search.search('term42 even').map((result) => result.id));
  });

  it('cuts a term found in many documents across parts, and puts it back whole', () => {
    const search = sampleSearch(300);
    for (const postingsPerPart of [1, 2, 7, 100, 299, 300, 301]) {
      const parts = [...searchParts(search, postingsPerPart)];
      const index = parts.flatMap(([kind, value]) => (kind === 'index' ? value : []));
      // "shared" is in all 300 documents: with fewer postings a part, it comes in pieces.
      if (postingsPerPart < 300) expect(index.filter(([term]) => term === 'shared').length).toBeGreaterThan(1);
      expect(JSON.stringify(assembled(parts))).toBe(JSON.stringify(search.toJSON()));
    }
  });

  it('falls back to toJSON() whole for a MiniSearch whose fields it does not know', () => {
    const search = sampleSearch(40);
    const unknown = { toJSON: () => search.toJSON() } as unknown as MiniSearch<never>;
    const parts = [...searchParts(unknown)];
    expect(parts.map(([kind]) => kind)).toEqual(['header', 'documentIds', 'fieldLength', 'storedFields', 'index']);
    expect(JSON.stringify(assembled(parts))).toBe(JSON.stringify(search.toJSON()));
  });

  it('refuses parts without their header', () => {
    const assembler = new SearchAssembler();
    assembler.add(['index', []]);
    expect(() => assembler.result()).toThrow(/header/);
  });
});
