// Questions the fact base could not answer, recorded so maintainers know which facts to add
// (`npx landscape gaps`): in a local JSONL file (bounded: past `maxLines` lines or `maxBytes`
// bytes it is rotated to `<file>.1`, so two files at most), or, with REDIS_URL, in a Redis
// stream every replica appends to and `landscape gaps` reads from any machine (the file
// standing in while Redis is down). Only the command, the question (already cleaned and
// cut), the locale, the platform and the time are kept: no user or channel id.
import type { Locale } from '../answer/answer.ts';
import { foldText } from '../search/normalize.ts';
import { JsonLinesFile, readJsonLines } from './jsonl.ts';
import { FEEDBACK_FILE_NAME, feedbackBrief, readFeedback, summarizeFeedback } from './feedback.ts';
import { cutForLog, type Logger } from './logger.ts';
import { parseReportOptions } from './report-options.ts';
import { DEFAULT_GAPS_FILE, stateFile } from './state-files.ts';
import { readLogRecords } from './shared/index.ts';
import type { AppendLog } from './shared/types.ts';

export { DEFAULT_GAPS_FILE };
/** The log's name in the shared state (the Redis stream `landscape:log:gaps`). */
export const GAPS_LOG = 'gaps';
/** Appends waiting for the disk or Redis; past this, misses are counted but not written. */
const MAX_PENDING = 1_000;

export interface GapEntry {
  /** ISO time of the miss. */
  at: string;
  command: string;
  text: string;
  locale: Locale;
  platform: string;
}

export type GapRecorderOptions = ({ file: string; maxBytes?: number; maxLines?: number } | { log: AppendLog<GapEntry> }) & { logger?: Logger };

export class GapRecorder {
  readonly log: AppendLog<GapEntry>;
  private queue: Promise<void> = Promise.resolve();
  private readonly logger?: Logger;
  private pending = 0;
  private failed = false;
  /** Misses not written because the disk or Redis fell behind or failed. */
  dropped = 0;

  constructor(options: GapRecorderOptions) {
    this.log = 'log' in options ? options.log : new JsonLinesFile(options);
    this.logger = options.logger;
  }

  /** Queues one miss; never throws and never waits, so answering is not slowed by the disk. */
  record(entry: Omit<GapEntry, 'at'> & { at?: string }): void {
    if (this.pending >= MAX_PENDING) {
      this.dropped += 1;
      return;
    }
    const record: GapEntry = { at: entry.at ?? new Date().toISOString(), command: entry.command, text: cutForLog(entry.text), locale: entry.locale, platform: entry.platform };
    this.pending += 1;
    this.queue = this.queue
      .then(() => this.log.append(record))
      .then(() => {
        this.failed = false;
      })
      .catch((error: unknown) => {
        this.dropped += 1;
        // One warning, not one per miss, if the disk is full or the folder is read-only.
        if (!this.failed) this.logger?.warn({ err: error, ...(this.log instanceof JsonLinesFile ? { file: this.log.file } : {}) }, 'cannot record unanswered questions');
        this.failed = true;
      })
      .finally(() => {
        this.pending -= 1;
      });
  }

  /** Resolves once every queued miss is stored (or given up). */
  async flush(): Promise<void> {
    await this.queue;
  }
}

/** Every recorded miss, oldest first: from a file and its rotated generation, or from any log. */
export async function readGaps(source: string | AppendLog<GapEntry>): Promise<GapEntry[]> {
  return gapEntries(typeof source === 'string' ? await readJsonLines(source) : await source.read());
}

/** The records that are misses, as stored by any version: anything else is skipped. */
function gapEntries(records: readonly unknown[]): GapEntry[] {
  const entries: GapEntry[] = [];
  for (const record of records) {
    const entry = record as Partial<GapEntry> | null;
    if (entry && typeof entry.text === 'string' && typeof entry.command === 'string') {
      entries.push({ at: String(entry.at ?? ''), command: entry.command, text: entry.text, locale: entry.locale === 'fr' ? 'fr' : 'en', platform: String(entry.platform ?? '') });
    }
  }
  return entries;
}

export interface GapSummary {
  command: string;
  /** The most recent wording of the question. */
  text: string;
  /** The normalised form the questions were grouped by. */
  key: string;
  count: number;
  lastSeen: string;
  locales: Locale[];
}

/** Groups questions that differ only in case, accents, punctuation or spacing; most asked first. */
export function summarizeGaps(entries: readonly GapEntry[], limit = 20): GapSummary[] {
  const groups = new Map<string, GapSummary>();
  for (const entry of entries) {
    const key = foldText(entry.text);
    if (!key) continue;
    const id = `${entry.command}\0${key}`;
    const group = groups.get(id) ?? { command: entry.command, text: entry.text, key, count: 0, lastSeen: entry.at, locales: [] };
    group.count += 1;
    if (entry.at >= group.lastSeen) {
      group.lastSeen = entry.at;
      group.text = entry.text;
    }
    if (!group.locales.includes(entry.locale)) group.locales.push(entry.locale);
    groups.set(id, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.lastSeen.localeCompare(a.lastSeen) || a.key.localeCompare(b.key)).slice(0, Math.max(0, limit));
}

/** The table `npx landscape gaps` prints. */
export function formatGaps(summaries: readonly GapSummary[]): string[] {
  if (summaries.length === 0) return ['No unanswered questions recorded yet.'];
  const width = Math.max(5, ...summaries.map((summary) => String(summary.count).length));
  return [
    `${'count'.padStart(width)}  last seen   question`,
    ...summaries.map((summary) => {
      const question = summary.command === 'ask' ? summary.text : `/${summary.command} ${summary.text}`;
      return `${String(summary.count).padStart(width)}  ${summary.lastSeen.slice(0, 10).padEnd(10)}  ${question}`;
    }),
  ];
}

/**
 * `landscape gaps [--limit N] [--file F] [--json]`: the most frequent unanswered questions,
 * from Redis when REDIS_URL is set, else from the gaps file. Returns the exit status (2 for
 * a usage error, 1 when Redis cannot be read).
 */
export async function gapsCli(args: string[], env: NodeJS.ProcessEnv, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const values = parseReportOptions('gaps', args, err);
  if (!values) return 2;
  const { limit } = values;
  // With REDIS_URL, every replica's misses and feedback are in Redis; --file reads one file instead.
  const redisUrl = values.file === undefined ? env.REDIS_URL || undefined : undefined;
  let misses: Awaited<ReturnType<typeof readLogRecords>>;
  let given: Awaited<ReturnType<typeof readFeedback>>;
  try {
    misses = await readLogRecords({ redisUrl, name: GAPS_LOG, file: values.file ?? (env.GAPS_FILE && env.GAPS_FILE !== 'off' ? env.GAPS_FILE : DEFAULT_GAPS_FILE) });
    // Feedback beside the gaps file (or FEEDBACK_FILE): what users said of the answers they got.
    given = await readFeedback({ redisUrl, file: stateFile(env.FEEDBACK_FILE, values.file ?? env.GAPS_FILE, FEEDBACK_FILE_NAME) });
  } catch (error) {
    err(`landscape gaps: ${(error as Error).message}\n(--file PATH reads a gaps file instead)`);
    return 1;
  }
  const entries = gapEntries(misses.records);
  const where = misses.where;
  const summaries = summarizeGaps(entries, limit);
  const feedback = summarizeFeedback(given.entries, 3);
  if (values.json)
    out(JSON.stringify({ [misses.store]: where, misses: entries.length, questions: summaries, feedback: { votes: feedback.votes, reports: feedback.reports, facts: feedback.facts } }, null, 2));
  else {
    for (const line of formatGaps(summaries)) out(line);
    const brief = feedbackBrief(feedback);
    if (brief.length > 0) out(['', ...brief].join('\n'));
    err(`${where}: ${entries.length} unanswered question(s) recorded, ${summaries.length} shown`);
  }
  return 0;
}
