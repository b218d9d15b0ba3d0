// A MiniSearch index as plain data, in parts: what toJSON() returns, cut so that the cache
// can write it (and read it back) a few hundred terms at a time instead of in one block of
// the main thread (over 100 ms at 10,000 facts, on top of serialising it). toJSON() gives
// no parts, so this reads the same private fields it reads; when they are not what this
// version of MiniSearch has (an upgrade), it falls back to toJSON() whole. A test holds the
// parts, put back together, to be exactly toJSON().
import type MiniSearch from 'minisearch';
import type { AsPlainObject } from 'minisearch';

/** toJSON() without its four large members, which come in parts of their own. */
export type SearchHeader = Omit<AsPlainObject, 'documentIds' | 'fieldLength' | 'storedFields' | 'index'>;

export type SearchPart =
  | ['header', SearchHeader]
  | ['documentIds', AsPlainObject['documentIds']]
  | ['fieldLength', AsPlainObject['fieldLength']]
  | ['storedFields', AsPlainObject['storedFields']]
  | ['index', AsPlainObject['index']];

/** Terms, or map entries, per part. */
const PER_PART = 500;

/** The fields of MiniSearch 7 that toJSON() reads. */
interface Internals {
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, Record<string, unknown> | undefined>;
  _dirtCount: number;
  _index: Iterable<[string, Map<number, Map<number, number>>]>;
}

export function* searchParts<T>(search: MiniSearch<T>): Generator<SearchPart> {
  const internals = search as unknown as Partial<Internals>;
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
  const inside = internals as Internals;
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
  for (const part of inParts(inside._index)) {
    yield [
      'index',
      part.map(([term, fieldIndex]): AsPlainObject['index'][number] => {
        const data: Record<string, Record<string, number>> = {};
        for (const [fieldId, frequencies] of fieldIndex) data[fieldId] = Object.fromEntries(frequencies);
        return [term, data];
      }),
    ];
  }
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
    else for (const entry of value) this.index.push(entry);
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
