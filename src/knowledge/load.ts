// Reads every YAML file under the knowledge folder, validates each against the schema with
// positions taken from the YAML node ranges, runs the cross-file lint, and builds an
// immutable KnowledgeBase only when no error was found. All problems come back in one pass.
// Nothing in a file can make it throw or run away: sizes, counts and lengths are bounded
// (KNOWLEDGE_LIMITS), and whatever goes wrong with one file (bad encoding, an alias bomb,
// nesting too deep to read) is a problem at that file's line and column.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { EntitySchema, FactSchema, FreshnessRuleSchema, IntentSchema, KnowledgeFileShape, SourceSchema, type Entity, type Fact, type FreshnessRule, type Intent, type Source } from './schema.ts';
import { ProblemList, type Problem } from './problems.ts';
import { lintKnowledge } from './lint.ts';
import { compactCopy } from './ascii-json.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { fewAtATime } from '../runtime/async.ts';
import { schemaModelineCheck } from './json-schema.ts';

/**
 * What one load reads at most. The curated base is some 340 files of at most 45 kB, with
 * about 1,000 items and fields under 600 characters; these leave it room to grow tenfold
 * while keeping a reload's work (and the index the live process builds from it) bounded.
 */
export const KNOWLEDGE_LIMITS = {
  /** Bytes in one file: knowledge files stay small so that pull-request diffs do. */
  fileBytes: 256 * 1024,
  /** Bytes of YAML in the whole folder. */
  totalBytes: 16 * 1024 * 1024,
  files: 2_000,
  /** Sources, entities, facts, freshness rules and intents in one file… */
  itemsPerFile: 1_000,
  /**
   * …and in the whole base: a base of 10,000 facts (about 15,000 items with their sources and
   * entities) fits. KNOWLEDGE_MAX_ITEMS, _FILES and _MB raise the whole-base bounds.
   */
  items: 25_000,
  /** Characters in one text field (a claim is a sentence or two, a quote a short passage). */
  fieldLength: 2_000,
  /** Entries in one list inside an item (aliases, about, figures, caveats…). */
  listLength: 100,
  /** YAML aliases (`*name`) one file may expand: a "billion laughs" file stops here. */
  yamlAliases: 100,
  /** Problems listed in one run; the rest are counted in a last line. */
  problems: 200,
} as const;

export type KnowledgeLimits = { -readonly [K in keyof typeof KNOWLEDGE_LIMITS]: number };

export type PathSegment = string | number;

/** Where an item was written, so any of its fields can be pointed at. */
export interface ItemOrigin {
  file: string;
  locate(subpath?: PathSegment[]): { line: number; column: number };
}

export interface Located<T> {
  value: T;
  origin: ItemOrigin;
}

export interface KnowledgeVersion {
  /** Date of the newest change (`YYYY-MM-DD`). */
  date: string;
  /** Short hash of the fact files' contents: changes whenever any fact file changes. */
  revision: string;
  /** Short git commit of the newest committed change, when the folder is in a clean git tree. */
  commit?: string;
}

export interface KnowledgeBase {
  readonly dir: string;
  readonly sources: ReadonlyMap<string, Source>;
  readonly entities: ReadonlyMap<string, Entity>;
  readonly facts: ReadonlyMap<string, Fact>;
  /** How long facts stay current, from `freshness:` lists (see FreshnessRuleSchema). */
  readonly freshness: readonly FreshnessRule[];
  /** The words that tell what a question asks for, from `intents:` lists. */
  readonly intents: readonly Intent[];
  readonly version: KnowledgeVersion;
  readonly loadedAt: Date;
}

export interface LoadResult {
  /** Present only when no error was found. */
  kb?: KnowledgeBase;
  /** At most KNOWLEDGE_LIMITS.problems, then one that counts the rest. */
  problems: Problem[];
  /** Every error and warning found, listed or not. */
  errors: number;
  warnings: number;
  fileCount: number;
}

export interface LoadOptions {
  /** "Today" for the not-in-the-future check; tests pin it. */
  now?: Date;
  /** Other bounds than KNOWLEDGE_LIMITS: the benchmark loads bases larger than a live bot may. */
  limits?: Partial<KnowledgeLimits>;
}

/** What parseFile needs to know of the load it is part of. */
interface Reading {
  limits: KnowledgeLimits;
  /** Items the base may still take; negative once a file went past the limit. */
  itemsLeft: number;
  /** The file last parsed again to locate a problem (see laterOrigin). */
  reparsed?: { bytes: Buffer } & ParsedYaml;
}

/** The raw, located items of every file, before the cross-file checks. */
export interface ParsedKnowledge {
  sources: Located<Source>[];
  entities: Located<Entity>[];
  facts: Located<Fact>[];
  freshness: Located<FreshnessRule>[];
  intents: Located<Intent>[];
}

const YAML_FILE = /\.ya?ml$/i;
const run = promisify(execFile);

export async function loadKnowledge(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const now = options.now ?? new Date();
  const limits: KnowledgeLimits = { ...KNOWLEDGE_LIMITS, ...options.limits };
  const problems = new ProblemList(limits.problems);
  const folderProblem = (rule: string, message: string) => problems.add('error', () => ({ file: dir, line: 1, column: 1, rule, message }));
  const parsed: ParsedKnowledge = { sources: [], entities: [], facts: [], freshness: [], intents: [] };
  const hash = createHash('sha256');
  const checkModeline = await schemaModelineCheck(dir);
  const files = await listYamlFiles(dir);
  const sizes = new Map(await Promise.all(files.map(async (file) => [file, await fileSize(file)] as const)));
  const done = () => ({ problems: problems.sorted(dir), errors: problems.errors, warnings: problems.warnings, fileCount: files.length });

  // Refused before reading anything: a file or a folder this large is a mistake, not facts.
  if (files.length === 0) folderProblem('empty-knowledge', 'no .yaml files found in the knowledge folder');
  if (files.length > limits.files) folderProblem('too-large', `${count(files.length)} .yaml files; the knowledge folder may hold at most ${count(limits.files)} (KNOWLEDGE_MAX_FILES raises it)`);
  for (const [file, size] of sizes) {
    if (size > limits.fileBytes)
      problems.add('error', () => ({ file, line: 1, column: 1, rule: 'too-large', message: `${megabytes(size)}; a knowledge file may be at most ${megabytes(limits.fileBytes)} (split it)` }));
  }
  const totalBytes = [...sizes.values()].filter((size) => size <= limits.fileBytes).reduce((sum, size) => sum + size, 0);
  if (totalBytes > limits.totalBytes)
    folderProblem('too-large', `${megabytes(totalBytes)} of YAML; the knowledge folder may hold at most ${megabytes(limits.totalBytes)} (KNOWLEDGE_MAX_MB raises it)`);
  if (problems.errors > 0) return done();

  const reading: Reading = { limits, itemsLeft: limits.items };
  for (const file of files) {
    const fileProblem = (rule: string, message: string, at = { line: 1, column: 1 }) => problems.add('error', () => ({ file, ...at, rule, message }));
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      fileProblem('unreadable', `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      continue;
    }
    hash.update(path.relative(dir, file)).update('\0').update(bytes).update('\0');
    if (!isUtf8(bytes)) {
      const { at, byte } = firstInvalidUtf8(bytes);
      fileProblem('encoding', `not UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')}); save the file as UTF-8`, at);
      continue;
    }
    const text = bytes.toString('utf8');
    try {
      parseFile(file, bytes, text, parsed, problems, reading);
    } catch (error) {
      // The YAML library and zod recurse into nested values: a deep enough file overflows the stack.
      if (error instanceof RangeError) fileProblem('too-deep', 'nested too deeply to read');
      else fileProblem('unreadable', `cannot read the file (${(error as Error).message})`);
    }
    const modeline = checkModeline(file, text);
    if (modeline) {
      const { severity, ...problem } = modeline;
      problems.add(severity, () => problem);
    }
  }

  // A folder of facts without its own question words (a test fixture, a private base) uses
  // the bundled ones, so that it understands questions the same way.
  if (parsed.intents.length === 0) await parseBundledIntents(parsed, problems, limits);

  lintKnowledge(parsed, { now }, problems);
  if (problems.errors > 0) return done();

  const kb: KnowledgeBase = Object.freeze({
    dir,
    sources: new Map(parsed.sources.map(({ value }) => [value.id, deepFreeze(value)])),
    entities: new Map(parsed.entities.map(({ value }) => [value.id, deepFreeze(value)])),
    facts: new Map(parsed.facts.map(({ value }) => [value.id, deepFreeze(value)])),
    freshness: deepFreeze(parsed.freshness.map(({ value }) => value)),
    intents: deepFreeze(parsed.intents.map(({ value }) => value)),
    version: await readVersion(dir, hash.digest('hex').slice(0, 10), () => newestMtimeMs(files)),
    loadedAt: now,
  });
  return { kb, ...done() };
}

export const BUNDLED_INTENTS = path.join(PACKAGE_ROOT, 'knowledge', 'intents.yaml');

async function parseBundledIntents(parsed: ParsedKnowledge, problems: ProblemList, limits: KnowledgeLimits): Promise<void> {
  const bytes = await readFile(BUNDLED_INTENTS).catch(() => undefined);
  if (bytes === undefined) return;
  const found: ParsedKnowledge = { sources: [], entities: [], facts: [], freshness: [], intents: [] };
  parseFile(BUNDLED_INTENTS, bytes, bytes.toString('utf8'), found, problems, { limits, itemsLeft: limits.itemsPerFile });
  parsed.intents.push(...found.intents);
}

interface ParsedYaml {
  doc: Document;
  position(offset: number): { line: number; column: number };
}

function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return {
    doc,
    position: (offset) => {
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    },
  };
}

/** Where an item is written, and its id: the places that checks across files point at most. */
interface ItemPlaces {
  item: { line: number; column: number };
  id: { line: number; column: number };
}

/**
 * An item's origin, which finds its fields once its file's document is gone. The checks
 * across files (lint.ts) run after every file is read, and keeping each file's document
 * until then took 80 MB of heap at 10,000 facts, most of a first start's peak. The places
 * of the item and of its id are kept (a duplicate id, an orphan entity, a model without a
 * release fact point there); another field's needs the file parsed again, which only an
 * error asks for, and that parse is kept for the problems that follow in the same file.
 * The file is kept as its bytes, outside the JavaScript heap, and not as its text: most
 * texts are two bytes a character, and the garbage collector lets a heap grow in
 * proportion to what it holds (at 100,000 facts, reading the files peaked 250 MB higher).
 * Made out here, so that the function does not hold parseFile's variables, its document
 * among them (a closure keeps its whole scope alive).
 */
function laterOrigin(file: string, bytes: Buffer, itemPath: PathSegment[], places: ItemPlaces, reading: Reading): ItemOrigin {
  return {
    file,
    locate: (subpath = []) => {
      if (subpath.length === 0) return { ...places.item };
      if (subpath.length === 1 && subpath[0] === 'id') return { ...places.id };
      if (reading.reparsed?.bytes !== bytes) reading.reparsed = { bytes, ...parseYaml(bytes.toString('utf8')) };
      return reading.reparsed.position(nodeOffset(reading.reparsed.doc, [...itemPath, ...subpath]));
    },
  };
}

function parseFile(file: string, bytes: Buffer, text: string, parsed: ParsedKnowledge, problems: ProblemList, reading: Reading): void {
  const { limits } = reading;
  const { doc, position } = parseYaml(text);

  for (const issue of doc.errors) problems.add('error', () => ({ file, ...position(issue.pos[0]), rule: 'yaml-syntax', message: yamlMessage(issue.message) }));
  for (const issue of doc.warnings) problems.add('warning', () => ({ file, ...position(issue.pos[0]), rule: 'yaml-syntax', message: yamlMessage(issue.message) }));
  if (doc.errors.length > 0) return;

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: limits.yamlAliases }) ?? {};
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    // "Excessive alias count": the aliases would expand exponentially (billion laughs).
    problems.add('error', () => ({
      file,
      ...position(firstAliasOffset(doc)),
      rule: 'yaml-aliases',
      message: `the YAML aliases (*name) expand too far (more than ${limits.yamlAliases}); write the values out`,
    }));
    return;
  }

  const locate = (fullPath: PathSegment[]) => position(nodeOffset(doc, fullPath));
  const report = (fullPath: PathSegment[], rule: string, message: () => string) => problems.add('error', () => ({ file, ...locate(fullPath), rule, message: message() }));

  // The file's shape first, then each item on its own: one bad item must not hide the
  // problems of its neighbours, nor keep the good ones out of the cross-file checks.
  const shape = KnowledgeFileShape.safeParse(data);
  if (!shape.success) {
    for (const issue of shape.error.issues) report(issue.path as PathSegment[], 'schema', () => describeIssue(issue, data));
    return;
  }
  const lists = [
    ['sources', SourceSchema, parsed.sources],
    ['entities', EntitySchema, parsed.entities],
    ['facts', FactSchema, parsed.facts],
    ['freshness', FreshnessRuleSchema, parsed.freshness],
    ['intents', IntentSchema, parsed.intents],
  ] as const;
  const fileItems = lists.reduce((sum, [list]) => sum + (shape.data[list]?.length ?? 0), 0);
  if (fileItems > limits.itemsPerFile) {
    report([], 'too-large', () => `${count(fileItems)} items; a knowledge file may hold at most ${count(limits.itemsPerFile)} (split it)`);
    return;
  }
  if (fileItems > reading.itemsLeft) {
    // Said once, at the file that goes over; the files after it are not validated.
    if (reading.itemsLeft >= 0)
      report(
        [],
        'too-large',
        () => `this file takes the base past ${count(limits.items)} items (sources, entities, facts, freshness rules and intents), the most it may hold (KNOWLEDGE_MAX_ITEMS raises it)`,
      );
    reading.itemsLeft = -1;
    return;
  }
  reading.itemsLeft -= fileItems;
  for (const [list, schema, into] of lists) {
    (shape.data[list] ?? []).forEach((raw, index) => {
      const tooLong = oversized(raw, limits);
      if (tooLong) {
        report([list, index, ...tooLong.path], 'too-long', () => `${[list, index, ...tooLong.path].join('.')}: ${tooLong.message}`);
        return;
      }
      const result = schema.safeParse(raw);
      if (!result.success) {
        for (const issue of result.error.issues) report([list, index, ...(issue.path as PathSegment[])], 'schema', () => describeIssue(issue, raw, [list, index]));
        return;
      }
      const places = { item: locate([list, index]), id: locate([list, index, 'id']) };
      (into as Located<unknown>[]).push({ value: compactCopy(result.data), origin: laterOrigin(file, bytes, [list, index], places, reading) });
    });
  }
}

/**
 * The first text or list in an item longer than the limits allow, with where it is. A walk
 * with a stack of its own: how deep a value goes must not decide whether this returns.
 */
function oversized(item: unknown, { fieldLength, listLength }: KnowledgeLimits): { path: PathSegment[]; message: string } | undefined {
  const pending: { value: unknown; path: PathSegment[] }[] = [{ value: item, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (value.length > fieldLength) return { path, message: `${count(value.length)} characters; a field may hold at most ${count(fieldLength)}` };
    } else if (Array.isArray(value)) {
      if (value.length > listLength) return { path, message: `${count(value.length)} entries; a list may hold at most ${count(listLength)}` };
      for (const [index, inner] of value.entries()) pending.push({ value: inner, path: [...path, index] });
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) pending.push({ value: inner, path: [...path, key] });
    }
  }
  return undefined;
}

/** Where the first alias of a document is, to point at when its aliases expand too far. */
function firstAliasOffset(doc: Document): number {
  let offset = doc.contents?.range?.[0] ?? 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? offset;
      return visit.BREAK;
    },
  });
  return offset;
}

/** The YAML library's own words, except for the stack overflow it reports as an error. */
function yamlMessage(message: string): string {
  const first = firstLine(message);
  return /maximum call stack/i.test(first) ? 'nested too deeply to read' : first;
}

/** The line and column of the first byte that is not UTF-8, and that byte. */
function firstInvalidUtf8(bytes: Buffer): { at: { line: number; column: number }; byte: number } {
  // A valid prefix decodes to the same bytes: find the first replacement character that the
  // file did not contain as such (U+FFFD is EF BF BD in UTF-8).
  const text = bytes.toString('utf8');
  let offset = 0;
  let index = text.indexOf('\uFFFD');
  while (index >= 0) {
    offset = Buffer.byteLength(text.slice(0, index));
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) break;
    index = text.indexOf('\uFFFD', index + 1);
  }
  const before = text.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { at: { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 }, byte: bytes[offset]! };
}

/** Offset of the deepest node that exists along the path (a missing key points at its map). */
function nodeOffset(doc: Document, fullPath: PathSegment[]): number {
  for (let depth = fullPath.length; depth > 0; depth--) {
    const node = doc.getIn(fullPath.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return node.range[0];
  }
  return doc.contents?.range?.[0] ?? 0;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown, prefix: PathSegment[] = []): string {
  const fullPath = [...prefix, ...issue.path];
  const field = fullPath.length > 0 ? fullPath.map(String).join('.') : 'file';
  if (issue.code === 'unrecognized_keys') {
    const shown = issue.keys
      .slice(0, 5)
      .map((key) => `"${key.slice(0, 100)}"`)
      .join(', ');
    return `${field}: unknown field ${shown}${issue.keys.length > 5 ? ` and ${count(issue.keys.length - 5)} more` : ''}`;
  }
  if (valueAt(input, issue.path) === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return `${field}: required field is missing`;
  if (issue.code === 'invalid_value') return `${field}: must be one of ${issue.values.map(String).join(', ')}`;
  return `${field}: ${issue.message}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), input);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** Every YAML file under `dir`, sorted; none when the folder cannot be read. Symbolic links are not followed. */
export async function listYamlFiles(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && YAML_FILE.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * The base's version: its last commit when the folder is committed in git, else the date of
 * its newest file, asked of `newestMtime` only then (the cache has it from its stamp).
 */
export async function readVersion(dir: string, revision: string, newestMtime: () => Promise<number>): Promise<KnowledgeVersion> {
  const committed = await gitCommittedVersion(dir);
  if (committed) return { ...committed, revision };
  return { date: new Date((await newestMtime()) || Date.now()).toISOString().slice(0, 10), revision };
}

/** A file's stat, or undefined for a file deleted since it was listed (an editor saving). */
export function statIfThere(file: string): Promise<Stats | undefined> {
  return stat(file).catch(() => undefined);
}

/** The latest modification time among the files, stat'ed a few dozen at a time; 0 for none. */
async function newestMtimeMs(files: readonly string[]): Promise<number> {
  let newest = 0;
  for await (const [, info] of fewAtATime(files, statIfThere)) newest = Math.max(newest, info?.mtimeMs ?? 0);
  return newest;
}

async function fileSize(file: string): Promise<number> {
  return (await stat(file).catch(() => undefined))?.size ?? 0;
}

function count(value: number): string {
  return value.toLocaleString('en');
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/**
 * The newest commit touching the folder, if it is in a git tree with no pending edits there.
 * Asynchronous: a running bot reloads with this and must keep answering meanwhile.
 */
async function gitCommittedVersion(dir: string): Promise<{ date: string; commit: string } | undefined> {
  const git = async (...args: string[]) => (await run('git', args, { cwd: dir, encoding: 'utf8', timeout: 2000 })).stdout.trim();
  try {
    if ((await git('status', '--porcelain', '--', '.')) !== '') return undefined;
    const [date, commit] = (await git('log', '-1', '--format=%cs %h', '--', '.')).split(' ');
    return date && commit ? { date, commit } : undefined;
  } catch {
    return undefined;
  }
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    // for…in rather than Object.values: a base has hundreds of thousands of these objects.
    for (const key in value) {
      const inner = value[key];
      if (inner && typeof inner === 'object') deepFreeze(inner);
    }
    Object.freeze(value);
  }
  return value;
}
