// What changed between two fact bases: the sources, entities and facts added, removed and
// changed (field by field), and the files of two knowledge folders. Pure comparisons of what
// the loader produced, so a fact moved to another file, or a field reordered, is no change.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { KnowledgeBase } from './load.ts';
import type { Entity, Fact, Source } from './schema.ts';

export interface FieldChange {
  /** `date`, `licence.name`, `figures[0].value`; a list of plain values is one field (`about`). */
  field: string;
  /** Absent when the field is new. */
  before?: unknown;
  /** Absent when the field was removed. */
  after?: unknown;
}

export interface ItemChanges<T> {
  added: T[];
  removed: T[];
  changed: { before: T; after: T; fields: FieldChange[] }[];
}

export interface KnowledgeChanges {
  sources: ItemChanges<Source>;
  entities: ItemChanges<Entity>;
  facts: ItemChanges<Fact>;
  /** The question words (intents.yaml) differ: many answers may change with them. */
  intentsChanged: boolean;
  /** The freshness rules differ: "as of" notes may appear or go. */
  freshnessChanged: boolean;
}

export function diffKnowledge(before: KnowledgeBase, after: KnowledgeBase): KnowledgeChanges {
  return {
    sources: diffItems(before.sources, after.sources),
    entities: diffItems(before.entities, after.entities),
    facts: diffItems(before.facts, after.facts),
    intentsChanged: JSON.stringify(before.intents) !== JSON.stringify(after.intents),
    freshnessChanged: JSON.stringify(before.freshness) !== JSON.stringify(after.freshness),
  };
}

function diffItems<T>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>): ItemChanges<T> {
  const changes: ItemChanges<T> = { added: [], removed: [], changed: [] };
  for (const [id, item] of after) {
    const old = before.get(id);
    if (old === undefined) changes.added.push(item);
    else {
      const fields = diffFields(old, item);
      if (fields.length > 0) changes.changed.push({ before: old, after: item, fields });
    }
  }
  for (const [id, item] of before) if (!after.has(id)) changes.removed.push(item);
  return changes;
}

/** The fields whose values differ, in the order the new item has them, then the removed ones. */
export function diffFields(before: unknown, after: unknown): FieldChange[] {
  const old = flatten(before);
  const now = flatten(after);
  const changes: FieldChange[] = [];
  for (const [field, value] of now) {
    if (!old.has(field)) changes.push({ field, after: value });
    else if (JSON.stringify(old.get(field)) !== JSON.stringify(value)) changes.push({ field, before: old.get(field), after: value });
  }
  for (const [field, value] of old) if (!now.has(field)) changes.push({ field, before: value });
  return changes;
}

/**
 * Leaves of an item by path. Objects (a licence, a figure) are opened so a change names the
 * one value that moved; a list of plain values (about, aliases, caveats) stays whole, since
 * an insertion would otherwise shift every index after it. Empty lists count as absent: the
 * schema defaults `caveats` and the like to [], and no one wrote those.
 */
function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) return into;
    if (value.every((each) => each === null || typeof each !== 'object')) into.set(prefix, value);
    else value.forEach((each, index) => flatten(each, `${prefix}[${index}]`, into));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (value !== undefined) {
    into.set(prefix, value);
  }
  return into;
}

export interface FileChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Every file under either folder, by path relative to it, compared byte for byte. */
export async function diffFolders(before: string, after: string): Promise<FileChanges> {
  const [old, now] = await Promise.all([filesUnder(before), filesUnder(after)]);
  const had = new Set(old);
  const has = new Set(now);
  const changes: FileChanges = { added: [], changed: [], removed: old.filter((file) => !has.has(file)) };
  for (const file of now) {
    if (!had.has(file)) changes.added.push(file);
    else if (!(await readFile(path.join(before, file))).equals(await readFile(path.join(after, file)))) changes.changed.push(file);
  }
  return changes;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}
