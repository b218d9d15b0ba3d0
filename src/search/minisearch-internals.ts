// The private fields of a MiniSearch 7.2 instance that this project reads: scoring a few
// documents (among.ts) and saving the index in parts (saved-search.ts). They are not a
// public interface: the version is pinned in package.json, and each reader has a test that
// compares its results with MiniSearch's own (search, toJSON), so an upgrade that changes
// them fails there first.
import type MiniSearch from 'minisearch';
import type { SearchOptions } from 'minisearch';

/** A term's documents and frequencies, per field: field id → short id → frequency. */
export type Postings = Map<number, Map<number, number>>;

export interface MiniSearchInternals {
  /** The terms (a radix tree): iterated whole, or looked up by term, prefix or distance. */
  _index: Iterable<[string, Postings]> & {
    get(term: string): Postings | undefined;
    atPrefix(prefix: string): Iterable<[string, Postings]>;
    fuzzyGet(term: string, maxDistance: number): Map<string, [Postings, number]>;
  };
  _idToShortId: Map<string, number>;
  _documentIds: Map<number, string>;
  _nextId: number;
  _documentCount: number;
  _dirtCount: number;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, Record<string, unknown> | undefined>;
  _options: { fields: string[]; tokenize: (text: string) => string[]; searchOptions: SearchOptions };
}

export function internalsOf<T>(search: MiniSearch<T>): MiniSearchInternals {
  return search as unknown as MiniSearchInternals;
}
