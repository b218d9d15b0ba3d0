// What users think of answers: a vote (up or down) or a report of a problem, each stored with
// what maintainers need to act on it (the answer's command and question, the ids of the
// facts it showed, the knowledge revision, the answer's correlation id) and never a token
// or a raw user id: the user is a stable hash, so that a later vote replaces an earlier one
// when the log is read. Entries go to a JSON lines file beside the gaps file, bounded and
// rotated like it, or, with REDIS_URL, to a Redis stream every replica appends to (the file
// standing in while Redis is down). `landscape feedback` lists them grouped by fact, from
// Redis when REDIS_URL is set.
import { createHash } from 'node:crypto';
import type { Locale } from '../answer/answer.ts';
import { JsonLinesFile } from './jsonl.ts';
import { readLogRecords } from './shared/index.ts';
import type { AppendLog } from './shared/types.ts';
import { parseReportOptions } from './report-options.ts';
import { stateFile } from './state-files.ts';

export const REPORT_REASONS = ['wrong-fact', 'outdated', 'missing-source', 'not-asked'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export type Vote = 'up' | 'down';
export const FEEDBACK_FILE_NAME = 'feedback.jsonl';
/** The log's name in the shared state (the Redis stream `landscape:log:feedback`). */
export const FEEDBACK_LOG = 'feedback';
/** Longest free text kept with a report. */
export const MAX_REPORT_TEXT = 1_000;

export interface FeedbackEntry {
  /** ISO time it was given. */
  at: string;
  kind: 'vote' | 'report';
  vote?: Vote;
  reason?: ReportReason;
  /** The report's free text: cleaned of control characters, at most MAX_REPORT_TEXT. */
  text?: string;
  /** The answer's correlation id: which answer, and its log line. */
  correlationId: string;
  command: string;
  /** The question, or the command line, cut like a log line. */
  question: string;
  /** Facts the answer showed, the one its lead states first. */
  facts: string[];
  /** Knowledge revision the answer was built on. */
  knowledge: string;
  /** Revision the fact ids were read from, when the base had changed since the answer. */
  factsFrom?: string;
  locale: Locale;
  platform: string;
  /** A hash of the platform and user id: the same person, never who. */
  user: string;
}

/** Where feedback goes: a file by default; another backend implements the same two calls. */
export interface FeedbackStore {
  append(entry: FeedbackEntry): Promise<void>;
  read(): Promise<FeedbackEntry[]>;
}

/** Stable, one-way: `sha256(platform:user)`, shortened. The raw id never reaches the store. */
export function userHash(platform: string, userId: string): string {
  return createHash('sha256').update(`landscape:${platform}:${userId}`).digest('base64url').slice(0, 16);
}

/**
 * Feedback in a log: the feedback file (JSON lines, rotated past 10,000 lines or 1 MiB like
 * the gaps file), or the log the shared state gives (Redis, with that file standing in).
 */
export class FeedbackRecorder implements FeedbackStore {
  readonly log: AppendLog<FeedbackEntry>;

  constructor(options: { file: string; maxBytes?: number; maxLines?: number } | { log: AppendLog<FeedbackEntry> }) {
    this.log = 'log' in options ? options.log : new JsonLinesFile(options);
  }

  append(entry: FeedbackEntry): Promise<void> {
    return this.log.append(entry);
  }

  async read(): Promise<FeedbackEntry[]> {
    // A file's appends are queued: what was appended before this call is read too.
    if (this.log instanceof JsonLinesFile) await this.log.flush();
    return feedbackEntries(await this.log.read());
  }
}

/** The records that are feedback, as stored by any version: anything else is skipped. */
function feedbackEntries(records: readonly unknown[]): FeedbackEntry[] {
  return records.flatMap((record) => asEntry(record) ?? []);
}

/** A record read back, or undefined when it is not feedback (a hand-edited or foreign line). */
function asEntry(record: unknown): FeedbackEntry | undefined {
  const entry = record as Partial<FeedbackEntry> | null;
  if (!entry || (entry.kind !== 'vote' && entry.kind !== 'report') || typeof entry.correlationId !== 'string' || typeof entry.user !== 'string') return undefined;
  if (entry.kind === 'vote' && entry.vote !== 'up' && entry.vote !== 'down') return undefined;
  if (entry.kind === 'report' && !REPORT_REASONS.includes(entry.reason as ReportReason)) return undefined;
  return {
    ...(entry as FeedbackEntry),
    at: String(entry.at ?? ''),
    facts: Array.isArray(entry.facts) ? entry.facts.filter((fact): fact is string => typeof fact === 'string') : [],
    question: String(entry.question ?? ''),
    command: String(entry.command ?? ''),
  };
}

/**
 * Every feedback entry for the CLI: every replica's from Redis with `redisUrl`, else those of
 * `file` (none without one). Rejects with a clear message when Redis cannot be read.
 */
export async function readFeedback(source: { redisUrl?: string; file?: string }): Promise<{ entries: FeedbackEntry[]; where: string; store: 'redis' | 'file' }> {
  const { records, ...from } = await readLogRecords({ ...source, name: FEEDBACK_LOG });
  return { entries: feedbackEntries(records), ...from };
}

/** Votes as they count: one per user per answer, the latest one. */
export function effectiveVotes(entries: readonly FeedbackEntry[]): FeedbackEntry[] {
  const latest = new Map<string, FeedbackEntry>();
  for (const entry of entries) {
    if (entry.kind !== 'vote') continue;
    const key = `${entry.correlationId}\0${entry.user}`;
    const known = latest.get(key);
    if (!known || entry.at >= known.at) latest.set(key, entry);
  }
  return [...latest.values()];
}

export interface FactFeedback {
  /** The fact's id; absent for answers that showed no fact (then `question` says what was asked). */
  fact?: string;
  question?: string;
  up: number;
  down: number;
  reports: Partial<Record<ReportReason, number>>;
  /** The latest report texts, newest first (at most three). */
  texts: string[];
  /** Of the votes and reports counted here, how many were on answers that led with this fact. */
  lead: number;
  lastSeen: string;
}

export interface FeedbackSummary {
  votes: { up: number; down: number };
  reports: number;
  /** Facts (and fact-less answers) by how much trouble they draw: down votes and reports first. */
  facts: FactFeedback[];
}

const TEXTS_KEPT = 3;

/** Groups feedback by fact, so maintainers see which facts draw down votes and reports. */
export function summarizeFeedback(entries: readonly FeedbackEntry[], limit = 20): FeedbackSummary {
  const counted = [...effectiveVotes(entries), ...entries.filter((entry) => entry.kind === 'report')].sort((a, b) => a.at.localeCompare(b.at));
  const groups = new Map<string, FactFeedback>();
  const groupOf = (key: string, seed: Pick<FactFeedback, 'fact' | 'question'>) => {
    const known = groups.get(key);
    if (known) return known;
    const group: FactFeedback = { ...seed, up: 0, down: 0, reports: {}, texts: [], lead: 0, lastSeen: '' };
    groups.set(key, group);
    return group;
  };
  let up = 0;
  let down = 0;
  let reports = 0;
  for (const entry of counted) {
    if (entry.kind === 'report') reports += 1;
    else if (entry.vote === 'up') up += 1;
    else down += 1;
    const targets =
      entry.facts.length > 0
        ? entry.facts.map((fact) => groupOf(`fact:${fact}`, { fact }))
        : [groupOf(`question:${entry.command}:${entry.question}`, { question: entry.command === 'ask' ? entry.question : `/${entry.command} ${entry.question}`.trim() })];
    targets[0]!.lead += 1;
    for (const group of targets) {
      if (entry.kind === 'vote') group[entry.vote!] += 1;
      else {
        group.reports[entry.reason!] = (group.reports[entry.reason!] ?? 0) + 1;
        if (entry.text) group.texts = [entry.text, ...group.texts].slice(0, TEXTS_KEPT);
      }
      if (entry.at > group.lastSeen) group.lastSeen = entry.at;
    }
  }
  const trouble = (group: FactFeedback) => group.down + reportCount(group);
  // A supporting fact shares the blame of the answer it was in; the fact the answer led with comes first.
  const facts = [...groups.values()]
    .sort((a, b) => trouble(b) - trouble(a) || b.lead - a.lead || b.up - a.up || b.lastSeen.localeCompare(a.lastSeen) || (a.fact ?? a.question ?? '').localeCompare(b.fact ?? b.question ?? ''))
    .slice(0, Math.max(0, limit));
  return { votes: { up, down }, reports, facts };
}

function reportCount(group: FactFeedback): number {
  return Object.values(group.reports).reduce((sum, count) => sum + (count ?? 0), 0);
}

/** The table `landscape feedback` prints. */
export function formatFeedback(summary: FeedbackSummary): string[] {
  if (summary.facts.length === 0) return ['No feedback recorded yet.'];
  const lines = [' down    up  reports  last seen   fact (or question)'];
  for (const group of summary.facts) {
    const reasons = Object.entries(group.reports)
      .map(([reason, count]) => `${reason} ${count}`)
      .join(', ');
    lines.push(
      `${String(group.down).padStart(5)} ${String(group.up).padStart(5)}  ${String(reportCount(group)).padStart(7)}  ${group.lastSeen.slice(0, 10).padEnd(10)}  ${group.fact ?? `“${group.question}”`}${reasons ? `  (${reasons})` : ''}`,
    );
    for (const text of group.texts) lines.push(`${' '.repeat(37)}“${text}”`);
  }
  return lines;
}

/** The few lines `landscape gaps` adds: how much feedback, and the facts drawing the most trouble. */
export function feedbackBrief(summary: FeedbackSummary, top = 3): string[] {
  const { up, down } = summary.votes;
  if (up + down + summary.reports === 0) return [];
  const worst = summary.facts
    .filter((group) => group.down + reportCount(group) > 0)
    .slice(0, top)
    .map((group) => `${group.fact ?? `“${group.question}”`} (${group.down} down, ${reportCount(group)} report${reportCount(group) === 1 ? '' : 's'})`);
  return [
    `Feedback: ${up} up, ${down} down, ${summary.reports} report${summary.reports === 1 ? '' : 's'}.${worst.length > 0 ? ` Most questioned: ${worst.join('; ')}.` : ''}`,
    'landscape feedback lists it by fact.',
  ];
}

/**
 * `landscape feedback [--limit N] [--file F] [--json]`: feedback grouped by fact, the facts
 * drawing the most down votes and reports first, from Redis when REDIS_URL is set, else from
 * the feedback file. Returns the exit status (2 for a usage error, 1 when Redis cannot be read).
 */
export async function feedbackCli(args: string[], env: NodeJS.ProcessEnv, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const values = parseReportOptions('feedback', args, err);
  if (!values) return 2;
  const { limit } = values;
  // FEEDBACK_FILE=off records nothing new, but a file kept from before can still be read.
  const file = values.file ?? stateFile(env.FEEDBACK_FILE === 'off' ? undefined : env.FEEDBACK_FILE, env.GAPS_FILE, FEEDBACK_FILE_NAME)!;
  // With REDIS_URL, every replica's feedback is in Redis; --file reads one file instead.
  let read: Awaited<ReturnType<typeof readFeedback>>;
  try {
    read = await readFeedback({ redisUrl: values.file === undefined ? env.REDIS_URL || undefined : undefined, file });
  } catch (error) {
    err(`landscape feedback: ${(error as Error).message}\n(--file PATH reads a feedback file instead)`);
    return 1;
  }
  const summary = summarizeFeedback(read.entries, limit);
  if (values.json) out(JSON.stringify({ [read.store]: read.where, entries: read.entries.length, ...summary }, null, 2));
  else {
    for (const line of formatFeedback(summary)) out(line);
    err(`${read.where}: ${summary.votes.up + summary.votes.down} vote(s) counted (one per user and answer), ${summary.reports} report(s); ${summary.facts.length} shown`);
  }
  return 0;
}
