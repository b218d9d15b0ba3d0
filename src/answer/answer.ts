// An Answer is data, not text: commands build it without knowing the platform, and each
// renderer (text, Discord, Slack) turns it into that platform's form within its limits.
import type { Confidence } from '../knowledge/schema.ts';

export type Locale = 'en' | 'fr';

export type AnswerStatus =
  /** Facts were found and are listed. */
  | 'ok'
  /** The base knows the subject but not what was asked about it; the lead says so. */
  | 'partial'
  /** The input named nothing the base knows; `suggestions` may hold "did you mean". */
  | 'not-found'
  /** An argument is missing or malformed; the items explain the usage. */
  | 'usage'
  /** Help, about and other answers that list no facts. */
  | 'info'
  /** Too many requests from this user or channel; try again shortly. */
  | 'limited'
  /** Something went wrong on our side; the text carries a correlation id. */
  | 'error';

export interface AnswerFigure {
  metric: string;
  value: number;
  unit: string;
  scope: string;
  period?: string;
  segment?: string;
}

export interface AnswerNote {
  kind: 'caveat' | 'dispute' | 'as-of' | 'confidence' | 'scope' | 'info' | 'warning';
  text: string;
  /** The note in one short line, for compact answers (a dispute: who says what). */
  brief?: string;
  /** Citation numbers backing the note (a dispute's own source), if any. */
  citations?: number[];
}

export interface AnswerItem {
  text: string;
  /** The statement in one line, built from the fact's fields, for compact answers. */
  brief?: string;
  /** The date the statement refers to, at the precision known (`2025`, `2025-01-20`). */
  date?: string;
  figure?: AnswerFigure;
  confidence?: Confidence;
  /** Numbers into `Answer.citations`. */
  citations: number[];
  quote?: string;
  /** Caveats, disputes, "as of" and confidence notes that belong to this statement. */
  notes: AnswerNote[];
  /** The fact this item states, for tests, logs and `--json`. */
  factId?: string;
}

export interface Citation {
  n: number;
  sourceId: string;
  title: string;
  publisher: string;
  date?: string;
  url: string;
  /** "read via a repost", "date approximate"…: what a reader should know about the copy. */
  note?: string;
}

export interface Suggestion {
  /** What to show, e.g. `chinese-open`. */
  label: string;
  /** The full command that would use it, e.g. `/share chinese-open`. */
  command: string;
}

/**
 * What a chart draws. Bars compare only comparable figures: one panel per metric and unit
 * (small multiples), each bar numbered like the statement it belongs to, and an opinion
 * (an estimate someone gave) marked as such next to measurements. A timeline puts dated
 * events on a date axis, one row per subject, coloured by vendor.
 */
export type ChartSpec =
  | { kind: 'bars'; title: string; panels: ChartPanel[] }
  | {
      kind: 'timeline';
      title: string;
      events: ChartEvent[];
      /** Which rows the chart keeps, when it cannot draw all of them (see TIMELINE_ROWS). */
      note?: string;
    };

export interface ChartPanel {
  /** The metric and unit, in words: "usage-share (percent)". */
  title: string;
  unit: string;
  bars: ChartBar[];
}

export interface ChartBar {
  /** The statement's number in the answer. */
  n: number;
  /** The period or date the figure covers. */
  label: string;
  value: number;
  /** An estimate or a stated opinion, not a measurement. */
  estimate: boolean;
}

export interface ChartEvent {
  /** The statement's number in the answer. */
  n: number;
  /** YYYY-MM-DD; a month or a year is placed on its first day. */
  date: string;
  /** What the event is about (a model, a family, a vendor): the chart's row. */
  label: string;
  /** That subject's vendor: the row's colour when the chart has several. */
  group: string;
}

export interface Paging {
  /** 1-based page shown. */
  page: number;
  pageCount: number;
  totalItems: number;
  /** Items a full page holds, so a page's first item is number (page - 1) × pageSize + 1. */
  pageSize: number;
}

/**
 * The first line of an answer: what was asked, answered from the fields of one cited fact
 * ("DeepSeek-R1 was released on 20 January 2025 [1]"), or an honest "not in the base".
 */
export interface Lead {
  text: string;
  /** Numbers into `Answer.citations`; empty for "not in the base". */
  citations: number[];
  /** The fact the lead states, when it states one. */
  factId?: string;
}

export interface Answer {
  status: AnswerStatus;
  locale: Locale;
  /** The command that produced it and its arguments, so a platform can page or repost. */
  command: { name: string; args: Record<string, string> };
  title: string;
  lead?: Lead;
  /** One line under the title: what was asked, the scope, how many facts. */
  summary?: string;
  items: AnswerItem[];
  citations: Citation[];
  /** Notes about the whole answer (input cut, stale base, scope reminder). */
  notices: AnswerNote[];
  suggestions: Suggestion[];
  chart?: ChartSpec;
  paging?: Paging;
  /**
   * The entities the answer is about (ids): what a follow-up in its thread ("and its
   * licence?") is about when it names nothing, and what a subscription is matched on.
   */
  subjects?: string[];
}

/**
 * Citation `n` of an answer's list. Builders number citations 1, 2, 3… in list order, so it
 * is read by position, without searching (and making) a long list's other citations.
 */
export function citationNumbered(citations: readonly Citation[], n: number): Citation | undefined {
  const atPosition = citations[n - 1];
  return atPosition?.n === n ? atPosition : citations.find((candidate) => candidate.n === n);
}
