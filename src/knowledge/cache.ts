// The loaded base and its full-text index, saved as one JSON file keyed by a hash of the
// knowledge files and of the code that reads them. A start (or a reload) with the files
// unchanged reads that file instead of parsing, checking and indexing every YAML file,
// which is most of a start at 10,000 facts. A base with errors is never saved. A start
// first compares the files' paths, sizes and modification times with the saved entry's
// (no file read); when any differs, it hashes their contents, so a touched file still
// finds its entry and an edit never does.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AsPlainObject } from 'minisearch';
import { BUNDLED_INTENTS, deepFreeze, listYamlFiles, readVersion, type KnowledgeBase, type LoadOptions } from './load.ts';
import type { Problem } from './problems.ts';
import type { Entity, Fact, FreshnessRule, Intent, Source } from './schema.ts';

/** Bumped when the file's layout changes. */
const FORMAT = 1;
const READ_AT_ONCE = 64;

/**
 * The knowledge files as found on disk: their paths, sizes and modification times, hashed.
 * Cheap (no file is read), and what a start checks first.
 */
export interface FileStamp {
  stats: string;
  files: string[];
}

/** The knowledge files' contents, hashed: what a start checks when the stamp differs. */
export interface ContentKey {
  content: string;
  /** The base's revision, exactly as loadKnowledge computes it. */
  revision: string;
}

interface CacheEntry {
  format: number;
  revision: string;
  content: string;
  fileCount: number;
  /** Warnings of the load that was saved (a base with errors is not). */
  problems: Problem[];
  base: { sources: Source[]; entities: Entity[]; facts: Fact[]; freshness: FreshnessRule[]; intents: Intent[] };
  search: AsPlainObject;
}

export interface CachedBase {
  kb: KnowledgeBase;
  /** The content key of the files it was loaded from. */
  content: string;
  search: AsPlainObject;
  problems: Problem[];
  fileCount: number;
}

// The modules whose code decides what a loaded base and its index hold: a change to any of
// them (a new schema default, another way of folding terms) must not reuse an older entry.
const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXTENSION = path.extname(fileURLToPath(import.meta.url));
const CODE = ['load', 'schema', 'lint', '../search/index', '../search/normalize', '../search/synonyms'].map((name) => path.join(HERE, `${name}${EXTENSION}`));
let codeStamp: Promise<string> | undefined;

function stampCode(): Promise<string> {
  codeStamp ??= (async () => {
    const hash = createHash('sha256');
    for (const file of CODE) hash.update(await readFile(file)).update('\0');
    return hash.digest('hex');
  })();
  return codeStamp;
}

export async function stampFiles(dir: string): Promise<FileStamp> {
  const files = await listYamlFiles(dir);
  const hash = createHash('sha256').update(`${FORMAT}\0${await stampCode()}\0`);
  for (let start = 0; start < files.length; start += READ_AT_ONCE) {
    const batch = files.slice(start, start + READ_AT_ONCE);
    const stats = await Promise.all(batch.map((file) => stat(file)));
    for (const [index, file] of batch.entries()) hash.update(`${file}\0${stats[index]!.size}\0${stats[index]!.mtimeMs}\0`);
  }
  hash.update(await readFile(BUNDLED_INTENTS, 'utf8').catch(() => ''));
  return { stats: hash.digest('hex').slice(0, 24), files };
}

/** Hashes every knowledge file's contents: the cache key, and the revision the base carries. */
export async function hashContents(dir: string, files: readonly string[]): Promise<ContentKey> {
  const revision = createHash('sha256');
  // Read many at once (a large base has thousands of files), hashed in their sorted order.
  for (let start = 0; start < files.length; start += READ_AT_ONCE) {
    const batch = files.slice(start, start + READ_AT_ONCE);
    const texts = await Promise.all(batch.map((file) => readFile(file, 'utf8')));
    for (const [index, file] of batch.entries()) revision.update(path.relative(dir, file)).update('\0').update(texts[index]!).update('\0');
  }
  const revisionHex = revision.digest('hex');
  // A folder without intents of its own uses the bundled ones (see loadKnowledge).
  const bundled = await readFile(BUNDLED_INTENTS, 'utf8').catch(() => '');
  const content = createHash('sha256')
    .update(`${FORMAT}\0${await stampCode()}\0${revisionHex}\0${bundled}`)
    .digest('hex')
    .slice(0, 24);
  return { content, revision: revisionHex.slice(0, 10) };
}

/**
 * JSON with every character past ASCII escaped (\u00e9): read back, it is a one-byte string
 * in V8, half the memory of the two-byte string that one accented letter makes of the
 * whole file (a 100,000-fact entry is over 100 MB).
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One folder's entries share a prefix, so that saving a new one can drop the old ones. */
function entryPrefix(dir: string): string {
  return createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 12);
}

// An entry is named by both keys: the stamp finds it without reading any knowledge file,
// the content key when only the stamp changed (files touched, checked out again).
function entryName(dir: string, stats: string, content: string): string {
  return `${entryPrefix(dir)}-${stats}-${content}.json`;
}

async function findEntry(cacheDir: string, dir: string, match: (stats: string, content: string) => boolean): Promise<string | undefined> {
  const prefix = `${entryPrefix(dir)}-`;
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  return names.find((name) => {
    if (!name.startsWith(prefix) || !name.endsWith('.json')) return false;
    const [stats = '', content = ''] = name.slice(prefix.length, -'.json'.length).split('-');
    return match(stats, content);
  });
}

/**
 * The base saved for these files, found by their stamp, else by their contents; undefined
 * when none is (nothing saved, an unreadable entry, another format).
 */
export async function readCachedBase(dir: string, cacheDir: string, stamp: FileStamp, options: LoadOptions = {}): Promise<CachedBase | undefined> {
  let name = await findEntry(cacheDir, dir, (stats) => stats === stamp.stats);
  let content: string | undefined;
  if (!name) {
    ({ content } = await hashContents(dir, stamp.files));
    name = await findEntry(cacheDir, dir, (_stats, saved) => saved === content);
    if (!name) return undefined;
  }
  let entry: CacheEntry;
  try {
    // git answers meanwhile: the commit and date can change without the files changing.
    const version = readVersion(dir, stamp.files, '');
    entry = JSON.parse(await readFile(path.join(cacheDir, name), 'latin1')) as CacheEntry;
    if (entry.format !== FORMAT) return undefined;
    const { base } = entry;
    const kb: KnowledgeBase = Object.freeze({
      dir,
      sources: new Map(base.sources.map((source) => [source.id, deepFreeze(source)])),
      entities: new Map(base.entities.map((entity) => [entity.id, deepFreeze(entity)])),
      facts: new Map(base.facts.map((fact) => [fact.id, deepFreeze(fact)])),
      freshness: deepFreeze(base.freshness),
      intents: deepFreeze(base.intents),
      version: { ...(await version), revision: entry.revision },
      loadedAt: options.now ?? new Date(),
    });
    return { kb, search: entry.search, problems: entry.problems, fileCount: entry.fileCount, content: entry.content };
  } catch {
    return undefined;
  }
}

/**
 * Saves a base that loaded without errors under the stamp its files had before they were
 * loaded, replacing the folder's older entries. Files that changed while they were loaded
 * (their contents are not the revision loaded) are not saved. Written to a temporary file
 * and renamed, so that a process reading meanwhile sees all or nothing.
 */
export async function saveCachedBase(
  dir: string,
  cacheDir: string,
  stamp: FileStamp,
  saved: { kb: KnowledgeBase; search: AsPlainObject; problems: Problem[]; fileCount: number },
): Promise<string | undefined> {
  const { content, revision } = await hashContents(dir, stamp.files);
  if (revision !== saved.kb.version.revision) return undefined;
  const entry: CacheEntry = {
    format: FORMAT,
    revision,
    content,
    fileCount: saved.fileCount,
    problems: saved.problems,
    base: {
      sources: [...saved.kb.sources.values()],
      entities: [...saved.kb.entities.values()],
      facts: [...saved.kb.facts.values()],
      freshness: [...saved.kb.freshness],
      intents: [...saved.kb.intents],
    },
    search: saved.search,
  };
  await mkdir(cacheDir, { recursive: true });
  const name = entryName(dir, stamp.stats, content);
  const target = path.join(cacheDir, name);
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, asciiJson(entry));
  await rename(temporary, target);
  const prefix = `${entryPrefix(dir)}-`;
  for (const other of await readdir(cacheDir)) {
    if (other.startsWith(prefix) && other !== name) await rm(path.join(cacheDir, other), { force: true });
  }
  return content;
}
