// MiniSearch's own scores for a few documents only. /ask ranks a few dozen or hundred
// candidate facts by how well they match the question's words; MiniSearch can only score
// every document that contains a word and its prefix and fuzzy variants (thousands at
// 10,000 facts), even when told to keep a few. This computes the same numbers, in the same
// order of additions (so the same floating-point sums), by looking each candidate up in the
// postings instead of walking them: for each word, for each variant, for each field, the
// smaller of the postings and the candidates is iterated.
//
// It reads MiniSearch's index, which is not a public interface (see minisearch-internals.ts):
// test/search/among.test.ts checks the scores against MiniSearch's own search on real
// documents, so an upgrade that changes the internals fails there first.
import type MiniSearch from 'minisearch';
import type { SearchOptions } from 'minisearch';
import { internalsOf, type MiniSearchInternals, type Postings } from './minisearch-internals.ts';

export interface AmongResult {
  score: number;
  /** How many of the query's words it matched (MiniSearch's `queryTerms.length`). */
  matched: number;
}

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const WEIGHTS = { fuzzy: 0.45, prefix: 0.375 };
const MAX_FUZZY = 6;

/**
 * What `search(query, options)` would score for each of `documentIds` that matches, with
 * MiniSearch's default weights, BM25 parameters, OR combination and no document boost.
 */
export function scoreAmong<T>(search: MiniSearch<T>, query: string, documentIds: Iterable<string>, options: SearchSettings = {}): Map<string, AmongResult> {
  const index = internalsOf(search);
  const settings = { ...index._options.searchOptions, ...options };
  const fields = settings.fields ?? index._options.fields;
  const boosts = fields.map((field) => ({ id: index._fieldIds[field]!, boost: settings.boost?.[field] || 1 }));

  const candidates = new Map<number, string>();
  for (const id of documentIds) {
    const shortId = index._idToShortId.get(id);
    if (shortId !== undefined) candidates.set(shortId, id);
  }
  const totals = new Map<number, { score: number; terms: Set<string> }>();
  if (candidates.size === 0) return new Map();

  const terms = queryTerms(index, settings, query);
  terms.forEach((term, position) => {
    const partial = new Map<number, number>();
    const add = (postings: Postings | undefined, weight: number) => {
      if (!postings) return;
      for (const { id: fieldId, boost } of boosts) {
        const frequencies = postings.get(fieldId);
        if (!frequencies) continue;
        const matching = frequencies.size;
        const average = index._avgFieldLength[fieldId]!;
        const score = (shortId: number, frequency: number) => {
          const length = index._fieldLength.get(shortId)![fieldId]!;
          const inverse = Math.log(1 + (index._documentCount - matching + 0.5) / (matching + 0.5));
          const raw = inverse * (BM25.d + (frequency * (BM25.k + 1)) / (frequency + BM25.k * (1 - BM25.b + (BM25.b * length) / average)));
          partial.set(shortId, (partial.get(shortId) ?? 0) + weight * boost * raw);
        };
        // MiniSearch adds in postings order; per document, the order of the additions is the
        // same either way, since each (variant, field) adds at most once to a document.
        if (frequencies.size <= candidates.size) {
          for (const [shortId, frequency] of frequencies) if (candidates.has(shortId)) score(shortId, frequency);
        } else {
          for (const shortId of candidates.keys()) {
            const frequency = frequencies.get(shortId);
            if (frequency !== undefined) score(shortId, frequency);
          }
        }
      }
    };

    forEachVariant(index, settings, term, position, terms, add);
    // Words combine with OR: a document's score is the sum over the words it matches.
    for (const [shortId, score] of partial) {
      const total = totals.get(shortId);
      if (total) {
        total.score = total.score + score;
        total.terms.add(term);
      } else totals.set(shortId, { score, terms: new Set([term]) });
    }
  });

  const results = new Map<string, AmongResult>();
  // MiniSearch multiplies a score by the number of distinct words matched.
  for (const [shortId, { score, terms: matched }] of totals) results.set(candidates.get(shortId)!, { score: score * matched.size, matched: matched.size });
  return results;
}

/** A document that matches enough of a query's words, and how many it matches. */
export interface Match {
  documentId: string;
  /**
   * MiniSearch's number for the document (dense, from 0): an index into arrays kept beside
   * the index, quicker to look things up by than the id (see `forEachDocument`).
   */
  shortId: number;
  matched: number;
}

/** Every document of the index, with its short id (see `Match.shortId`). */
export function forEachDocument<T>(search: MiniSearch<T>): Iterable<[shortId: number, documentId: string]> {
  return internalsOf(search)._documentIds;
}

/**
 * The documents accepted by `accept` that match at least `needed` distinct words of the query
 * (MiniSearch's `queryTerms.length`), found without scoring any: counting, for each word, the
 * documents in the postings of any of its variants. They come in the order MiniSearch first
 * meets them, which is the order it leaves documents of equal score in.
 */
export function matchingAtLeast<T>(search: MiniSearch<T>, query: string, needed: number, accept: (documentId: string) => boolean, options: SearchSettings = {}): Match[] {
  const index = internalsOf(search);
  const settings = { ...index._options.searchOptions, ...options };
  const fields = (settings.fields ?? index._options.fields).map((field) => index._fieldIds[field]!);
  const counts = new Uint16Array(index._nextId);
  // Which word last counted a document, so that its variants count it once.
  const counted = new Int32Array(index._nextId).fill(-1);
  const met: number[] = [];
  const terms = queryTerms(index, settings, query);
  new Set(terms).forEach((term) => {
    const position = terms.indexOf(term);
    forEachVariant(index, settings, term, position, terms, (postings) => {
      if (!postings) return;
      for (const fieldId of fields) {
        const frequencies = postings.get(fieldId);
        if (!frequencies) continue;
        for (const shortId of frequencies.keys()) {
          if (counted[shortId] === position) continue;
          counted[shortId] = position;
          const before = counts[shortId]!;
          counts[shortId] = before + 1;
          if (before === 0) met.push(shortId);
        }
      }
    });
  });
  const matches: Match[] = [];
  for (const shortId of met) {
    if (counts[shortId]! < needed) continue;
    const documentId = index._documentIds.get(shortId)!;
    if (accept(documentId)) matches.push({ documentId, shortId, matched: counts[shortId]! });
  }
  return matches;
}

type SearchSettings = Pick<SearchOptions, 'fields' | 'boost' | 'prefix' | 'fuzzy' | 'processTerm'>;

function queryTerms(index: MiniSearchInternals, settings: SearchOptions, query: string): string[] {
  const process = settings.processTerm ?? ((term: string) => term);
  return index._options
    .tokenize(query)
    .flatMap((term) => process(term) ?? [])
    .filter((term): term is string => Boolean(term));
}

/** A variant of a query word: its postings and its weight. */
type Variant = [postings: Postings | undefined, weight: number];

/**
 * Variants found, per index and word, the oldest dropped first: finding a long word's fuzzy
 * variants walks the index's tree (milliseconds at 100,000 facts), and a question looks its
 * words up two or three times (matching, then scoring). Only for an index that no longer
 * changes, as KnowledgeIndex's never does once built.
 */
const variantsKept = new WeakMap<MiniSearchInternals, Map<string, Variant[]>>();
const VARIANTS_KEPT = 2_000;

/**
 * Calls `visit` with the postings of each variant of a word MiniSearch would search, with
 * its weight: the word itself, then longer words it begins (when `prefix` says so), then words
 * within the fuzzy distance that are not also prefix matches, in MiniSearch's order.
 */
function forEachVariant(index: MiniSearchInternals, settings: SearchOptions, term: string, position: number, terms: string[], visit: (postings: Postings | undefined, weight: number) => void): void {
  const prefix = typeof settings.prefix === 'function' ? settings.prefix(term, position, terms) : settings.prefix === true;
  const fuzzySetting = typeof settings.fuzzy === 'function' ? settings.fuzzy(term, position, terms) : settings.fuzzy || false;
  const ratio = fuzzySetting === true ? 0.2 : fuzzySetting || 0;
  const maxDistance = ratio < 1 ? Math.min(MAX_FUZZY, Math.round(term.length * ratio)) : ratio;
  let kept = variantsKept.get(index);
  if (!kept) {
    kept = new Map();
    variantsKept.set(index, kept);
  }
  const key = `${prefix ? 'prefix' : ''}:${maxDistance}:${term}`;
  let variants = kept.get(key);
  if (!variants) {
    variants = variantsOf(index, term, prefix, maxDistance);
    if (kept.size >= VARIANTS_KEPT) kept.delete(kept.keys().next().value!);
    kept.set(key, variants);
  }
  for (const [postings, weight] of variants) visit(postings, weight);
}

function variantsOf(index: MiniSearchInternals, term: string, prefix: boolean, maxDistance: number): Variant[] {
  const variants: Variant[] = [[index._index.get(term), 1]];
  const fuzzy = maxDistance ? index._index.fuzzyGet(term, maxDistance) : undefined;
  if (prefix) {
    for (const [variant, postings] of index._index.atPrefix(term)) {
      const distance = variant.length - term.length;
      if (!distance) continue;
      // A variant that is both a prefix and a fuzzy match counts once, as a prefix.
      fuzzy?.delete(variant);
      variants.push([postings, (WEIGHTS.prefix * variant.length) / (variant.length + 0.3 * distance)]);
    }
  }
  if (fuzzy) {
    for (const [variant, [postings, distance]] of fuzzy) {
      if (!distance) continue;
      variants.push([postings, (WEIGHTS.fuzzy * variant.length) / (variant.length + distance)]);
    }
  }
  return variants;
}
