// A base's lists as lines of ASCII JSON, fifty items a line: how a loaded base
// crosses from the loading worker to the main thread, and how the cache keeps it. Either
// way the main thread turns the lines back into frozen objects a line at a time, so that a
// reload can do it in slices (slices.ts) instead of in one block of the event loop (a
// structured clone or a JSON.parse of the whole base: about 100 ms at 10,000 facts).
import type { Steps } from '../runtime/slices.ts';
import { asciiJson } from './ascii-json.ts';
import { deepFreeze, type KnowledgeBase } from './load.ts';
import type { Entity, Fact, FreshnessRule, Intent, Source } from './schema.ts';

interface BaseLists {
  sources: Source[];
  entities: Entity[];
  facts: Fact[];
  freshness: FreshnessRule[];
  intents: Intent[];
}

export type BaseLine = { [List in keyof BaseLists]: [List, BaseLists[List]] }[keyof BaseLists];

/** What a base is besides its lists. */
export type BaseRest = Pick<KnowledgeBase, 'dir' | 'version' | 'loadedAt'>;

/**
 * Sources, entities or facts per line: lines of tens of kilobytes, not hundreds. Made and
 * dropped at once while a cache is saved, they are short-lived garbage; at 200 a line, a
 * first start at 10,000 facts peaked 12 to 30 MB higher while it saved its cache.
 */
const ITEMS_PER_LINE = 50;

/** The base's lists as lines, made one at a time. */
export function* baseLines(kb: KnowledgeBase): Generator<string> {
  const lists: BaseLists = {
    sources: [...kb.sources.values()],
    entities: [...kb.entities.values()],
    facts: [...kb.facts.values()],
    freshness: [...kb.freshness],
    intents: [...kb.intents],
  };
  for (const list of Object.keys(lists) as (keyof BaseLists)[]) {
    const items: readonly unknown[] = lists[list];
    for (let start = 0; start < items.length; start += ITEMS_PER_LINE) yield asciiJson([list, items.slice(start, start + ITEMS_PER_LINE)]);
  }
}

const NEWLINE = 0x0a;

/**
 * The lines, each followed by a newline, in one buffer of their own: what the worker
 * transfers to the main thread (an ArrayBuffer crosses threads without a copy, where 100 MB
 * of strings would be copied, and deserialised, in one block of the main thread).
 */
export function linesToBytes(lines: readonly string[]): ArrayBuffer {
  let size = 0;
  for (const line of lines) size += line.length + 1;
  // Not Buffer.allocUnsafe: a pooled buffer shares its ArrayBuffer, which cannot be transferred.
  const bytes = Buffer.from(new ArrayBuffer(size));
  let offset = 0;
  for (const line of lines) {
    // ASCII only (asciiJson): one byte a character.
    offset += bytes.write(line, offset, 'latin1');
    bytes[offset++] = NEWLINE;
  }
  return bytes.buffer as ArrayBuffer;
}

/** The lines of linesToBytes, each decoded only when it is read. */
export function* linesOfBytes(buffer: ArrayBuffer): Generator<string> {
  const bytes = Buffer.from(buffer);
  for (let start = 0, end = bytes.indexOf(NEWLINE); end >= 0; start = end + 1, end = bytes.indexOf(NEWLINE, start)) {
    yield bytes.toString('latin1', start, end);
  }
}

/** Parses lines that baseLines made, one a step, into a base frozen as load.ts freezes one. */
export function* baseFromLines(lines: Iterable<string>, rest: BaseRest): Steps<KnowledgeBase> {
  const assembler = new BaseAssembler();
  for (const line of lines) {
    assembler.add(JSON.parse(line) as BaseLine);
    yield;
  }
  return assembler.base(rest);
}

/** Gathers the parsed lines of a base, freezing each item as it comes. */
export class BaseAssembler {
  private readonly sources = new Map<string, Source>();
  private readonly entities = new Map<string, Entity>();
  private readonly facts = new Map<string, Fact>();
  private readonly freshness: FreshnessRule[] = [];
  private readonly intents: Intent[] = [];

  add(line: BaseLine): void {
    const [list, items] = line;
    // One branch per list, so that each item keeps its type.
    if (list === 'sources') for (const source of items) this.sources.set(source.id, deepFreeze(source));
    else if (list === 'entities') for (const entity of items) this.entities.set(entity.id, deepFreeze(entity));
    else if (list === 'facts') for (const fact of items) this.facts.set(fact.id, deepFreeze(fact));
    else if (list === 'freshness') for (const rule of items) this.freshness.push(deepFreeze(rule));
    else for (const intent of items) this.intents.push(deepFreeze(intent));
  }

  base({ dir, version, loadedAt }: BaseRest): KnowledgeBase {
    const { sources, entities, facts } = this;
    return Object.freeze({ dir, sources, entities, facts, freshness: Object.freeze(this.freshness), intents: Object.freeze(this.intents), version: deepFreeze(version), loadedAt });
  }
}
