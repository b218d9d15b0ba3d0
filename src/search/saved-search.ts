// A MiniSearch index as plain data, in parts: what toJSON() returns, cut so that the cache
// can write it (and read it back) a few milliseconds at a time instead of in one block of
// the main thread (over 100 ms at 10,000 facts, on top of serialising it). toJSON() gives
// no parts, so this reads the same private fields it reads; when they are not what this
// version of MiniSearch has (an upgrade), it falls back to toJSON() whole. A test holds the
// parts, put back together, to be exactly toJSON().
import type MiniSearch from 'minisearch';
import type { AsPlainObject } from 'minisearch';
import { internalsOf, type MiniSearchInternals } from './minisearch-internals.ts';

/** toJSON() without its four large members, which come in parts of their own. */
export type SearchHeader = Omit<AsPlainObject, 'documentIds' | 'fieldLength' | 'storedFields' | 'index'>;

export type SearchPart =
  | ['header', SearchHeader]
  | ['documentIds', AsPlainObject['documentIds']]
  | ['fieldLength', AsPlainObject['fieldLength']]
  | ['storedFields', AsPlainObject['storedFields']]
  | ['index', AsPlainObject['index']];

/** Map entries per part of documentIds, fieldLength or storedFields. */
const PER_PART = 500;
/**
 * Postings (a document's frequency for a term in a field) per part of the index: a term
 * found in 100,000 documents is cut across parts, each a few milliseconds to make or parse.
 * With 20,000, a part was a line of 190,000 characters that took 11 ms to make at 10,000
 * facts, and up to 100 ms in the benchmark's full run, where the heap is larger: the
 * longest pauses of a cache save (5,000: at most 4 to 15 ms).
 */
const POSTINGS_PER_PART = 5_000;

export function* searchParts<T>(search: MiniSearch<T>, postingsPerPart = POSTINGS_PER_PART): Generator<SearchPart> {
  // The fields toJSON() reads.
  const internals: Partial<MiniSearchInternals> = internalsOf(search);
  const known = internals._documentIds instanceof Map && internals._fieldLength instanceof Map && internals._storedFields instanceof Map && typeof internals._index?.[Symbol.iterator] === 'function';
  if (!known) {
    const { documentIds, fieldLength, storedFields, index, ...header } = search.toJSON();
    yield ['header', header];
    yield ['documentIds', documentIds];
    yield ['fieldLength', fieldLength];
    yield ['storedFields', storedFields];
    yield ['index', index];
    return;
  }
  const inside = internals as MiniSearchInternals;
  yield [
    'header',
    {
      documentCount: inside._documentCount,
      nextId: inside._nextId,
      fieldIds: inside._fieldIds,
      averageFieldLength: inside._avgFieldLength,
      dirtCount: inside._dirtCount,
      serializationVersion: 2,
    },
  ];
  for (const part of inParts(inside._documentIds)) yield ['documentIds', Object.fromEntries(part) as AsPlainObject['documentIds']];
  for (const part of inParts(inside._fieldLength)) yield ['fieldLength', Object.fromEntries(part)];
  for (const part of inParts(inside._storedFields)) yield ['storedFields', Object.fromEntries(part) as AsPlainObject['storedFields']];
  let part: AsPlainObject['index'] = [];
  let postings = 0;
  for (const [term, fieldIndex] of inside._index) {
    let data: Record<string, Record<string, number>> = {};
    let cut = false;
    // A term counts as one posting at least, so that a part of rare terms stays small too.
    postings++;
    for (const [fieldId, frequencies] of fieldIndex) {
      // Even with no postings, as toJSON() keeps it.
      data[fieldId] ??= {};
      for (const [documentId, frequency] of frequencies) {
        // After a cut, the field starts again in the next entry of the term.
        data[fieldId] ??= {};
        data[fieldId][documentId] = frequency;
        if (++postings < postingsPerPart) continue;
        // The rest of the term goes on in the next part, as an entry of its own (see SearchAssembler).
        part.push([term, data]);
        yield ['index', part];
        [part, postings, data, cut] = [[], 0, {}, true];
      }
    }
    if (!cut || Object.keys(data).length > 0) part.push([term, data]);
  }
  if (part.length > 0) yield ['index', part];
}

/** Puts the parts back together, one at a time as they are read: what toJSON() returned, in the same order. */
export class SearchAssembler {
  private header?: SearchHeader;
  private readonly documentIds: AsPlainObject['documentIds'] = {};
  private readonly fieldLength: AsPlainObject['fieldLength'] = {};
  private readonly storedFields: AsPlainObject['storedFields'] = {};
  private readonly index: AsPlainObject['index'] = [];

  add([kind, value]: SearchPart): void {
    if (kind === 'header') this.header = value;
    else if (kind === 'documentIds') Object.assign(this.documentIds, value);
    else if (kind === 'fieldLength') Object.assign(this.fieldLength, value);
    else if (kind === 'storedFields') Object.assign(this.storedFields, value);
    else for (const entry of value) this.addTerm(entry);
  }

  /** A term cut across parts comes as consecutive entries: put back as one. */
  private addTerm([term, data]: AsPlainObject['index'][number]): void {
    const last = this.index.at(-1);
    if (last?.[0] !== term) {
      this.index.push([term, data]);
      return;
    }
    for (const [fieldId, frequencies] of Object.entries(data)) {
      last[1][fieldId] ??= {};
      Object.assign(last[1][fieldId], frequencies);
    }
  }

  result(): AsPlainObject {
    if (!this.header) throw new Error('a saved search index without its header');
    const { documentCount, nextId, fieldIds, averageFieldLength, dirtCount, serializationVersion } = this.header;
    const { documentIds, fieldLength, storedFields, index } = this;
    return { documentCount, nextId, documentIds, fieldIds, fieldLength, averageFieldLength, storedFields, dirtCount, index, serializationVersion };
  }
}

function* inParts<T>(entries: Iterable<T>): Generator<T[]> {
  let part: T[] = [];
  for (const entry of entries) {
    part.push(entry);
    if (part.length === PER_PART) {
      yield part;
      part = [];
    }
  }
  if (part.length > 0) yield part;
}
