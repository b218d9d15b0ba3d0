// The loaded base and its full-text index, saved as one file keyed by a hash of the
// knowledge files and of the code that reads them. A start (or a reload) with the files
// unchanged reads that file instead of parsing, checking and indexing every YAML file,
// which is most of a start at 10,000 facts. A base with errors is never saved. A start
// first compares the files' paths, sizes and modification times with the saved entry's
// (no file read); when any differs, it hashes their contents, so a touched file still
// finds its entry and an edit never does.
// The file is JSON lines (a header, then fifty items or a few thousand index postings a
// line), written and read back a line at a time: for a reload, in slices of a few
// milliseconds, so that the live base goes on answering while 10 or 100 MB are serialised
// or parsed.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AsPlainObject } from 'minisearch';
import { fewAtATime } from '../runtime/async.ts';
import { SLICE_MS, sliceClock } from '../runtime/slices.ts';
import { SearchAssembler, type SearchPart } from '../search/saved-search.ts';
import { asciiJson } from './ascii-json.ts';
import { BaseAssembler, baseLines, type BaseLine } from './base-lines.ts';
import { BUNDLED_INTENTS, listYamlFiles, readVersion, statIfThere, type KnowledgeBase, type LoadOptions } from './load.ts';
import type { Problem } from './problems.ts';

/** Bumped when the file's layout changes (2: JSON lines). */
const FORMAT = 2;
const ENTRY_EXTENSION = '.jsonl';
const NEWLINE = 0x0a;
/** Read at a time from an entry. */
const READ_BYTES = 2 ** 20;
/** The most gathered before a write (joined as one string: small, so that it dies young; see base-lines.ts). */
const WRITE_BYTES = 2 ** 16;
/**
 * What a save leaves of other folders' entries (see pruneEntries): the most recently used,
 * none unused for longer. Every folder a bot, a command or a test run was pointed at leaves
 * one, and a folder since deleted (a test's temporary copy) never replaces it.
 */
const ENTRY_LIMITS = { otherFolders: 32, unusedMs: 14 * 24 * 3600 * 1000, abandonedMs: 3600 * 1000 };
/** Ours, of any format (`.json` before format 2), and a writer's temporary file: nothing else in the folder is touched. */
const OUR_FILE = /^[0-9a-f]{12}-[0-9a-f]{24}-[0-9a-f]{24}\.jsonl?(\.\d+\.tmp)?$/;

/**
 * The knowledge files as found on disk: their paths, sizes and modification times, hashed.
 * Cheap (no file is read), and what a start checks first.
 */
export interface FileStamp {
  stats: string;
  files: string[];
  /** The latest modification time among the files (ms since the epoch; 0 for none). */
  newestMtimeMs: number;
}

/** The knowledge files' contents, hashed: what a start checks when the stamp differs. */
export interface ContentKey {
  content: string;
  /** The base's revision, exactly as loadKnowledge computes it. */
  revision: string;
}

/** An entry's first line. */
interface EntryHeader {
  format: number;
  revision: string;
  content: string;
  fileCount: number;
  /** Warnings of the load that was saved (a base with errors is not). */
  problems: Problem[];
}

/**
 * Every line after the header: some of a list's items, or a part of the full-text index;
 * the last one counts the lines before it, so that an entry cut short is never used.
 */
type EntryLine = BaseLine | ['search', SearchPart] | ['end', number];

export interface CachedBase {
  kb: KnowledgeBase;
  /** The content key of the files it was loaded from. */
  content: string;
  search: AsPlainObject;
  problems: Problem[];
  fileCount: number;
}

// The modules whose code decides what a loaded base and its index hold, and how an entry
// keeps them: a change to any of them (a new schema default, another way of folding terms,
// another layout) must not reuse an older entry.
const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXTENSION = path.extname(fileURLToPath(import.meta.url));
const CODE = ['load', 'schema', 'lint', 'cache', 'base-lines', 'ascii-json', '../search/index', '../search/normalize', '../search/synonyms', '../search/saved-search'].map((name) =>
  path.join(HERE, `${name}${EXTENSION}`),
);
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
  let newestMtimeMs = 0;
  // A file deleted since it was listed (an editor saving) makes another stamp, not an error.
  for await (const [file, info] of fewAtATime(files, statIfThere)) {
    hash.update(`${file}\0${info?.size}\0${info?.mtimeMs}\0`);
    newestMtimeMs = Math.max(newestMtimeMs, info?.mtimeMs ?? 0);
  }
  hash.update(await readFile(BUNDLED_INTENTS, 'utf8').catch(() => ''));
  return { stats: hash.digest('hex').slice(0, 24), files, newestMtimeMs };
}

/** Hashes every knowledge file's contents: the cache key, and the revision the base carries. */
export async function hashContents(dir: string, files: readonly string[]): Promise<ContentKey> {
  const revision = createHash('sha256');
  // Read many at once (a large base has thousands of files), hashed in their sorted order.
  for await (const [file, text] of fewAtATime(files, (each) => readFile(each, 'utf8'))) revision.update(path.relative(dir, file)).update('\0').update(text).update('\0');
  const revisionHex = revision.digest('hex');
  // A folder without intents of its own uses the bundled ones (see loadKnowledge).
  const bundled = await readFile(BUNDLED_INTENTS, 'utf8').catch(() => '');
  const content = createHash('sha256')
    .update(`${FORMAT}\0${await stampCode()}\0${revisionHex}\0${bundled}`)
    .digest('hex')
    .slice(0, 24);
  return { content, revision: revisionHex.slice(0, 10) };
}

/** One folder's entries share a prefix, so that saving a new one can drop the old ones. */
function entryPrefix(dir: string): string {
  return createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 12);
}

// An entry is named by both keys: the stamp finds it without reading any knowledge file,
// the content key when only the stamp changed (files touched, checked out again).
function entryName(dir: string, stats: string, content: string): string {
  return `${entryPrefix(dir)}-${stats}-${content}${ENTRY_EXTENSION}`;
}

async function findEntry(cacheDir: string, dir: string, match: (stats: string, content: string) => boolean): Promise<string | undefined> {
  const prefix = `${entryPrefix(dir)}-`;
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  return names.find((name) => {
    if (!name.startsWith(prefix) || !name.endsWith(ENTRY_EXTENSION)) return false;
    const [stats = '', content = ''] = name.slice(prefix.length, -ENTRY_EXTENSION.length).split('-');
    return match(stats, content);
  });
}

/**
 * The base saved for these files, found by their stamp, else by their contents; undefined
 * when none is (nothing saved, an unreadable entry, another format). `inSlices`: parsed a
 * few milliseconds at a time (a reload), rather than at once (a start).
 */
export async function readCachedBase(dir: string, cacheDir: string, stamp: FileStamp, options: LoadOptions = {}, { inSlices = false } = {}): Promise<CachedBase | undefined> {
  let name = await findEntry(cacheDir, dir, (stats) => stats === stamp.stats);
  let content: string | undefined;
  if (!name) {
    ({ content } = await hashContents(dir, stamp.files));
    name = await findEntry(cacheDir, dir, (_stats, saved) => saved === content);
    if (!name) return undefined;
  }
  try {
    // git answers meanwhile: the commit and date can change without the files changing.
    const version = readVersion(dir, '', async () => stamp.newestMtimeMs);
    const parser = new EntryParser();
    const endOfLine = inSlices ? sliceClock() : undefined;
    for await (const line of fileLines(path.join(cacheDir, name))) {
      parser.add(line);
      if (!parser.usable) return undefined;
      await endOfLine?.();
    }
    const entry = parser.entry();
    if (!entry) return undefined;
    const { header, base, search } = entry;
    const kb = base.base({ dir, version: { ...(await version), revision: header.revision }, loadedAt: options.now ?? new Date() });
    // Used: its modification time is when it was last read, which pruning goes by.
    const now = new Date();
    await utimes(path.join(cacheDir, name), now, now).catch(() => undefined);
    return { kb, search, problems: header.problems, fileCount: header.fileCount, content: header.content };
  } catch {
    return undefined;
  }
}

/**
 * A file's lines, read a megabyte at a time: never the whole file as one buffer or string
 * (over 100 MB at 100,000 facts, which would also make the garbage collector stop the world
 * to account for it). A last line without its newline comes too: an entry cut short.
 */
async function* fileLines(file: string): AsyncGenerator<string> {
  let partial: Buffer[] = [];
  // ASCII only (asciiJson): latin1 makes each line a one-byte string at once.
  const line = (piece: Buffer) => (partial.length > 0 ? Buffer.concat([...partial, piece]) : piece).toString('latin1');
  for await (const chunk of createReadStream(file, { highWaterMark: READ_BYTES }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      yield line(chunk.subarray(start, end));
      partial = [];
      start = end + 1;
    }
    if (start < chunk.length) partial.push(chunk.subarray(start));
  }
  if (partial.length > 0) yield line(Buffer.alloc(0));
}

/** An entry parsed a line at a time, as it is read: each line is garbage as soon as it is parsed. */
class EntryParser {
  private header?: EntryHeader;
  private readonly base = new BaseAssembler();
  private readonly search = new SearchAssembler();
  /** Lines read between the header and the last line, which counts them. */
  private between = 0;
  private state: 'reading' | 'complete' | 'unusable' = 'reading';

  add(line: string): void {
    if (this.state !== 'reading') {
      // A line after the last one.
      this.state = 'unusable';
      return;
    }
    if (!this.header) {
      this.header = JSON.parse(line) as EntryHeader;
      if (this.header?.format !== FORMAT) this.state = 'unusable';
      return;
    }
    const parsed = JSON.parse(line) as EntryLine;
    if (parsed[0] === 'end') {
      this.state = parsed[1] === this.between ? 'complete' : 'unusable';
      return;
    }
    if (parsed[0] === 'search') this.search.add(parsed[1]);
    else this.base.add(parsed);
    this.between++;
  }

  /** False once the entry cannot be used (another format, a line after the last): reading can stop. */
  get usable(): boolean {
    return this.state !== 'unusable';
  }

  /** The entry, if its last line was read and counted the others right; undefined otherwise. */
  entry(): { header: EntryHeader; base: BaseAssembler; search: AsPlainObject } | undefined {
    return this.state === 'complete' && this.header ? { header: this.header, base: this.base, search: this.search.result() } : undefined;
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
  saved: { kb: KnowledgeBase; search: Iterable<SearchPart>; problems: Problem[]; fileCount: number },
): Promise<string | undefined> {
  const { content, revision } = await hashContents(dir, stamp.files);
  if (revision !== saved.kb.version.revision) return undefined;
  await mkdir(cacheDir, { recursive: true });
  const name = entryName(dir, stamp.stats, content);
  const target = path.join(cacheDir, name);
  const temporary = `${target}.${process.pid}.tmp`;
  const header: EntryHeader = { format: FORMAT, revision, content, fileCount: saved.fileCount, problems: saved.problems };
  try {
    await writeLines(temporary, entryLines(header, saved.kb, saved.search));
    await rename(temporary, target);
  } catch (error) {
    // A full disk, say: no half-written file left behind.
    await rm(temporary, { force: true });
    throw error;
  }
  await pruneEntries(cacheDir, dir, name);
  return content;
}

/**
 * Removes, besides the entry just saved: the folder's older entries; other folders' entries
 * past the most recently used `ENTRY_LIMITS.otherFolders`, or unused for `unusedMs`; and
 * temporary files left by a writer that died (`abandonedMs` old: a live writer's is fresh).
 * Only files named as this module names them: the folder may be shared (KNOWLEDGE_CACHE).
 */
async function pruneEntries(cacheDir: string, dir: string, saved: string): Promise<void> {
  const now = Date.now();
  const prefix = `${entryPrefix(dir)}-`;
  const names = (await readdir(cacheDir)).filter((name) => OUR_FILE.test(name) && name !== saved);
  const others: { name: string; used: number }[] = [];
  const doomed: string[] = [];
  for await (const [name, info] of fewAtATime(names, (each) => statIfThere(path.join(cacheDir, each)))) {
    if (!info) continue;
    const age = now - info.mtimeMs;
    if (name.endsWith('.tmp')) {
      if (age > ENTRY_LIMITS.abandonedMs) doomed.push(name);
    } else if (name.startsWith(prefix) || age > ENTRY_LIMITS.unusedMs) doomed.push(name);
    else others.push({ name, used: info.mtimeMs });
  }
  others.sort((a, b) => b.used - a.used);
  doomed.push(...others.slice(ENTRY_LIMITS.otherFolders).map((other) => other.name));
  for (const name of doomed) await rm(path.join(cacheDir, name), { force: true });
}

/** An entry as lines of ASCII JSON, made one at a time as they are written. */
function* entryLines(header: EntryHeader, kb: KnowledgeBase, search: Iterable<SearchPart>): Generator<string> {
  yield asciiJson(header);
  let lines = 0;
  for (const line of baseLines(kb)) {
    yield line;
    lines++;
  }
  for (const part of search) {
    yield asciiJson(['search', part] satisfies EntryLine);
    lines++;
  }
  yield asciiJson(['end', lines] satisfies EntryLine);
}

/**
 * Writes the lines to a new file, what a few milliseconds make (at most 64 kB) at a
 * time: the event loop turns at each write, so making the lines, the slow part, never holds
 * it for longer.
 */
async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const handle = await open(file, 'w');
  try {
    let pending: string[] = [];
    let bytes = 0;
    let sliceStart = performance.now();
    for (const line of lines) {
      pending.push(line, '\n');
      bytes += line.length + 1;
      if (bytes >= WRITE_BYTES || performance.now() - sliceStart >= SLICE_MS) {
        await handle.write(pending.join(''));
        [pending, bytes, sliceStart] = [[], 0, performance.now()];
      }
    }
    await handle.write(pending.join(''));
  } finally {
    await handle.close();
  }
}
