// When each fact was added and last changed, for `/new`: from the knowledge folder's git
// history when it has one (`git blame` dates every line of a fact's YAML item; uncommitted
// edits count as changed now), else from the files' modification times (every fact of a file
// changed when the file did). Read once per revision of the base, before the first /new;
// commands stay pure and get the result in their context.
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { fewAtATime } from '../runtime/async.ts';
import type { Logger } from '../runtime/logger.ts';
import { listYamlFiles, type KnowledgeBase } from './load.ts';

const run = promisify(execFile);
/** Files blamed at once: git is quick per file, and the bot keeps answering meanwhile. */
const CONCURRENCY = 4;

export interface FactTimes {
  /** ISO time of the oldest line of the fact: when it was added. */
  added: string;
  /** ISO time of its newest line: when it last changed. */
  changed: string;
}

export interface FactHistory {
  /** The revision of the base these times were read for. */
  revision: string;
  /** `git` when read from the folder's git history, `files` when from modification times. */
  source: 'git' | 'files';
  facts: ReadonlyMap<string, FactTimes>;
}

/** The first and last line (1-based) of each fact's item in a YAML file. */
function factLines(text: string): { id: string; first: number; last: number }[] {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const facts = isMap(document.contents) ? document.contents.get('facts', true) : undefined;
  if (!isSeq(facts)) return [];
  return facts.items.flatMap((item) => {
    if (!isMap(item) || !item.range) return [];
    const id = item.get('id');
    if (typeof id !== 'string') return [];
    const [start, end] = item.range;
    return [{ id, first: lines.linePos(start).line, last: lines.linePos(Math.max(start, end - 1)).line }];
  });
}

/** Each line's commit time (ISO), from `git blame`; undefined when the file is not in git. */
async function blame(dir: string, file: string): Promise<string[] | undefined> {
  try {
    const { stdout } = await run('git', ['blame', '--line-porcelain', '--', path.relative(dir, file)], { cwd: dir, encoding: 'utf8', timeout: 10_000, maxBuffer: 64 * 1024 * 1024 });
    const times: string[] = [];
    let line = 0;
    for (const row of stdout.split('\n')) {
      const header = /^[0-9a-f]{40} \d+ (\d+)/.exec(row);
      if (header) line = Number(header[1]);
      else if (row.startsWith('committer-time ')) times[line] = new Date(Number(row.slice(15)) * 1000).toISOString();
    }
    return times;
  } catch {
    return undefined;
  }
}

async function fileHistory(dir: string, file: string, useGit: boolean): Promise<{ entries: [string, FactTimes][]; fromGit: boolean }> {
  const facts = factLines(await readFile(file, 'utf8'));
  if (facts.length === 0) return { entries: [], fromGit: useGit };
  const times = useGit ? await blame(dir, file) : undefined;
  if (!times) {
    const modified = (await stat(file)).mtime.toISOString();
    return { entries: facts.map(({ id }) => [id, { added: modified, changed: modified }]), fromGit: false };
  }
  return {
    entries: facts.map(({ id, first, last }) => {
      const own = times
        .slice(first, last + 1)
        .filter(Boolean)
        .sort();
      const fallback = own[0] ?? new Date().toISOString();
      return [id, { added: fallback, changed: own.at(-1) ?? fallback }];
    }),
    fromGit: true,
  };
}

/** Whether the folder is inside a git work tree, with git installed. */
async function inGit(dir: string): Promise<boolean> {
  try {
    return (await run('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir, encoding: 'utf8', timeout: 2000 })).stdout.trim() === 'true';
  } catch {
    return false;
  }
}

/** When each fact of `kb` was added and last changed. Files added since the load are not read. */
export async function readFactHistory(kb: KnowledgeBase): Promise<FactHistory> {
  const files = await listYamlFiles(kb.dir);
  const useGit = await inGit(kb.dir);
  const results: { entries: [string, FactTimes][]; fromGit: boolean }[] = [];
  for await (const [, result] of fewAtATime(files, (file) => fileHistory(kb.dir, file, useGit), CONCURRENCY)) results.push(result);
  const facts = new Map(results.flatMap((result) => result.entries).filter(([id]) => kb.facts.has(id)));
  // Git, unless not one fact file was in it (a folder of untracked files in a repository).
  const source = results.some((result) => result.entries.length > 0 && result.fromGit) ? 'git' : 'files';
  return { revision: kb.version.revision, source, facts };
}

/**
 * The history of the live base, read once per revision: the first /new after a load or a
 * reload starts reading it (running processes warm it up at once), later ones share it. If
 * reading fails, the last history read stands in (/new counts a fact it does not list as
 * changed when the base was loaded).
 */
export class KnowledgeHistory {
  private reading?: { revision: string; history: Promise<FactHistory | undefined> };
  private last?: FactHistory;

  constructor(private readonly logger?: Logger) {}

  of(kb: KnowledgeBase): Promise<FactHistory | undefined> {
    if (this.reading?.revision !== kb.version.revision) {
      const history = readFactHistory(kb).then(
        (read) => (this.last = read),
        (error: unknown) => {
          this.logger?.warn({ err: error, dir: kb.dir }, 'cannot read when facts changed; /new answers from the last history read');
          return this.last;
        },
      );
      this.reading = { revision: kb.version.revision, history };
    }
    return this.reading.history;
  }
}
