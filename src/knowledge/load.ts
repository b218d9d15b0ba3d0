// Reads every YAML file under the knowledge folder, validates each against the schema with
// positions taken from the YAML node ranges, runs the cross-file lint, and builds an
// immutable KnowledgeBase only when no error was found. All problems come back in one pass.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { EntitySchema, FactSchema, FreshnessRuleSchema, IntentSchema, KnowledgeFileShape, SourceSchema, type Entity, type Fact, type FreshnessRule, type Intent, type Source } from './schema.ts';
import { compareProblems, type Problem } from './problems.ts';
import { lintKnowledge } from './lint.ts';
import { PACKAGE_ROOT } from '../paths.ts';

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
  problems: Problem[];
  fileCount: number;
}

export interface LoadOptions {
  /** "Today" for the not-in-the-future check; tests pin it. */
  now?: Date;
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
  const files = await listYamlFiles(dir);
  const problems: Problem[] = [];
  const parsed: ParsedKnowledge = { sources: [], entities: [], facts: [], freshness: [], intents: [] };
  const hash = createHash('sha256');

  if (files.length === 0) {
    problems.push({ file: dir, line: 1, column: 1, severity: 'error', rule: 'empty-knowledge', message: 'no .yaml files found in the knowledge folder' });
  }

  for (const file of files) {
    const text = await readFile(file, 'utf8');
    hash.update(path.relative(dir, file)).update('\0').update(text).update('\0');
    parseFile(file, text, parsed, problems);
  }

  // A folder of facts without its own question words (a test fixture, a private base) uses
  // the bundled ones, so that it understands questions the same way.
  if (parsed.intents.length === 0) await parseBundledIntents(parsed, problems);

  problems.push(...lintKnowledge(parsed, { now }));
  problems.sort(compareProblems);

  if (problems.some((problem) => problem.severity === 'error')) {
    return { problems, fileCount: files.length };
  }

  const kb: KnowledgeBase = Object.freeze({
    dir,
    sources: new Map(parsed.sources.map(({ value }) => [value.id, deepFreeze(value)])),
    entities: new Map(parsed.entities.map(({ value }) => [value.id, deepFreeze(value)])),
    facts: new Map(parsed.facts.map(({ value }) => [value.id, deepFreeze(value)])),
    freshness: deepFreeze(parsed.freshness.map(({ value }) => value)),
    intents: deepFreeze(parsed.intents.map(({ value }) => value)),
    version: await readVersion(dir, files, hash.digest('hex').slice(0, 10)),
    loadedAt: now,
  });
  return { kb, problems, fileCount: files.length };
}

export const BUNDLED_INTENTS = path.join(PACKAGE_ROOT, 'knowledge', 'intents.yaml');

async function parseBundledIntents(parsed: ParsedKnowledge, problems: Problem[]): Promise<void> {
  const text = await readFile(BUNDLED_INTENTS, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const found: ParsedKnowledge = { sources: [], entities: [], facts: [], freshness: [], intents: [] };
  parseFile(BUNDLED_INTENTS, text, found, problems);
  parsed.intents.push(...found.intents);
}

function parseFile(file: string, text: string, parsed: ParsedKnowledge, problems: Problem[]): void {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const yamlIssues = [...doc.errors, ...doc.warnings];
  for (const issue of yamlIssues) {
    problems.push({
      file,
      ...position(issue.pos[0]),
      severity: doc.errors.includes(issue as never) ? 'error' : 'warning',
      rule: 'yaml-syntax',
      message: firstLine(issue.message),
    });
  }
  if (doc.errors.length > 0) return;

  const locate = (fullPath: PathSegment[]) => position(nodeOffset(doc, fullPath));
  const report = (fullPath: PathSegment[], message: string) =>
    problems.push({ file, ...locate(fullPath), severity: 'error', rule: 'schema', message });

  // The file's shape first, then each item on its own: one bad item must not hide the
  // problems of its neighbours, nor keep the good ones out of the cross-file checks.
  const shape = KnowledgeFileShape.safeParse(doc.toJS() ?? {});
  if (!shape.success) {
    for (const issue of shape.error.issues) report(issue.path as PathSegment[], describeIssue(issue, doc.toJS()));
    return;
  }
  const lists = [
    ['sources', SourceSchema, parsed.sources],
    ['entities', EntitySchema, parsed.entities],
    ['facts', FactSchema, parsed.facts],
    ['freshness', FreshnessRuleSchema, parsed.freshness],
    ['intents', IntentSchema, parsed.intents],
  ] as const;
  for (const [list, schema, into] of lists) {
    (shape.data[list] ?? []).forEach((raw, index) => {
      const result = schema.safeParse(raw);
      if (!result.success) {
        for (const issue of result.error.issues) report([list, index, ...(issue.path as PathSegment[])], describeIssue(issue, raw, [list, index]));
        return;
      }
      const origin: ItemOrigin = { file, locate: (subpath = []) => locate([list, index, ...subpath]) };
      (into as Located<unknown>[]).push({ value: result.data, origin });
    });
  }
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
  if (issue.code === 'unrecognized_keys') return `${field}: unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
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

/** The YAML files under a folder, sorted; none if it cannot be read. */
export async function listYamlFiles(dir: string): Promise<string[]> {
  let entries;
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

export async function readVersion(dir: string, files: string[], revision: string): Promise<KnowledgeVersion> {
  const committed = await gitCommittedVersion(dir);
  if (committed) return { ...committed, revision };
  const mtimes = await Promise.all(files.map(async (file) => (await stat(file)).mtime.getTime()));
  return { date: new Date(Math.max(...mtimes)).toISOString().slice(0, 10), revision };
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
