// One page of an answer as every platform shows it: built once, platform-neutral, so that the
// text, Discord and Slack renderers only escape, link and fit. Commands return an Answer;
// this decides what a first message holds and what waits one tap away.
//
// Page 1 is the first message: the lead line, then a few statements in one line each (their
// brief), each with at most one short note that matters (a dispute, a low confidence). The
// remaining statements are pages 2…n ("More"). Any page can be shown in detail ("Details"):
// whole statements with every caveat, dispute, scope and confidence note. Citations are
// numbered per page in reading order, and every page carries the sources it cites.
import { type Answer, type AnswerItem, type AnswerNote, type AnswerStatus, type ChartSpec, type Citation, citationNumbered, type Locale, type Suggestion } from './answer.ts';
import { formatFigure } from './i18n.ts';
import { KeptWith } from './kept.ts';
import { messages } from './messages.ts';
import { frenchSpacing } from './text.ts';

/** How much a platform shows at once. */
export interface ViewProfile {
  /** Statements after the lead on the first message of an answer that has a lead. */
  supporting: number;
  /** Statements on the first message of a list (/share, /timeline…), which has no lead. */
  firstList: number;
  /** Statements per page after the first, and per page of plain lists (help). */
  pageSize: number;
  /** Statements per page in detail, whose notes take room. */
  detailPageSize: number;
}

export const PROFILES = {
  text: { supporting: 2, firstList: 8, pageSize: 10, detailPageSize: 10 },
  discord: { supporting: 2, firstList: 6, pageSize: 6, detailPageSize: 3 },
  slack: { supporting: 2, firstList: 6, pageSize: 6, detailPageSize: 3 },
} as const satisfies Record<string, ViewProfile>;

export interface ViewNote {
  kind: AnswerNote['kind'];
  text: string;
  refs: number[];
}

export interface ViewStatement {
  /** The whole statement in detail; its brief otherwise. Never cut. */
  text: string;
  date?: string;
  /** "17 % — share of …, 2025" in detail, for statements that carry a figure. */
  figure?: string;
  refs: number[];
  /** What stays visible in a compact page: one short line at most. */
  flag?: ViewNote;
  /** Every note, in detail only. */
  notes: ViewNote[];
  quote?: string;
  /** Whether the statement has notes that only the detailed view shows. */
  hasDetails: boolean;
}

export interface ViewPager {
  page: number;
  pageCount: number;
  /** Statements not on the first page: what "More (n)" opens. */
  more: number;
  total: number;
}

export interface AnswerView {
  status: AnswerStatus;
  locale: Locale;
  command: Answer['command'];
  title: string;
  detailed: boolean;
  lead?: { text: string; refs: number[]; flag?: ViewNote };
  summary?: string;
  notices: ViewNote[];
  statements: ViewStatement[];
  /** Whether statements are cited facts (numbered lines) or plain text (help, about). */
  cited: boolean;
  sources: Citation[];
  suggestions: Suggestion[];
  pager: ViewPager;
  /** Whether "Details" would show more than this page does. */
  hasDetails: boolean;
  chart?: ChartSpec;
}

/** The pages an answer has, the first holding the lead and a few statements. */
export function pageCountOf(answer: Answer, profile: ViewProfile): number {
  const { first } = firstPageSplit(answer, profile);
  return 1 + Math.ceil(Math.max(0, answer.items.length - first) / profile.pageSize);
}

/** The views built of each answer, by page, detail and profile (see kept.ts). */
const builtViews = new KeptWith<Answer, string, AnswerView>();

/** Page `page` (clamped) of an answer, compact or in detail; the same object for the same answer and options. */
export function viewOf(answer: Answer, options: { page?: number; detailed?: boolean; profile: ViewProfile }): AnswerView {
  const { profile } = options;
  const key = `${options.page ?? 1}:${options.detailed ?? false}:${profile.supporting}:${profile.firstList}:${profile.pageSize}:${profile.detailPageSize}`;
  return builtViews.get(answer, key, () => {
    const view = buildView(answer, options);
    return answer.locale === 'fr' ? inFrenchTypography(view) : view;
  });
}

/** The same view with French spacing in every text a reader sees. */
function inFrenchTypography(view: AnswerView): AnswerView {
  const note = (each: ViewNote): ViewNote => ({ ...each, text: frenchSpacing(each.text) });
  return {
    ...view,
    title: frenchSpacing(view.title),
    ...(view.lead ? { lead: { ...view.lead, text: frenchSpacing(view.lead.text), ...(view.lead.flag ? { flag: note(view.lead.flag) } : {}) } } : {}),
    ...(view.summary ? { summary: frenchSpacing(view.summary) } : {}),
    notices: view.notices.map(note),
    statements: view.statements.map((statement) => ({
      ...statement,
      text: frenchSpacing(statement.text),
      ...(statement.figure ? { figure: frenchSpacing(statement.figure) } : {}),
      ...(statement.flag ? { flag: note(statement.flag) } : {}),
      notes: statement.notes.map(note),
    })),
  };
}

function buildView(answer: Answer, options: { page?: number; detailed?: boolean; profile: ViewProfile }): AnswerView {
  const { profile } = options;
  const detailed = options.detailed ?? false;
  const { skip, first } = firstPageSplit(answer, profile);
  const pageCount = pageCountOf(answer, profile);
  const page = Math.min(Math.max(1, Math.trunc(options.page ?? 1) || 1), pageCount);
  const start = page === 1 ? 0 : first + (page - 2) * profile.pageSize;
  const end = page === 1 ? first : start + profile.pageSize;
  // In detail, the first page also shows the fact the lead states.
  const items = answer.items.slice(page === 1 && !detailed ? skip : start, end);

  const numbers = new Renumbering(answer.citations);
  const leadItem = skip === 1 ? answer.items[0] : undefined;
  const lead = page === 1 && answer.lead ? { text: answer.lead.text, refs: numbers.map(answer.lead.citations), ...(!detailed && leadItem ? flagOf(leadItem, numbers) : {}) } : undefined;
  const notices = answer.notices.map((note) => viewNote(note, numbers));
  const statements = items.map((item) => statementOf(item, detailed, numbers, answer.locale));
  const stale = !detailed && items.some((item) => item.notes.some((note) => note.kind === 'as-of'));
  if (stale) notices.push({ kind: 'as-of', text: messages(answer.locale).staleNotice, refs: [] });

  return {
    status: answer.status,
    locale: answer.locale,
    command: answer.command,
    title: answer.title,
    detailed,
    ...(lead ? { lead } : {}),
    ...(answer.summary && page === 1 ? { summary: answer.summary } : {}),
    notices,
    statements,
    cited: answer.items.some((item) => item.citations.length > 0),
    sources: numbers.citations,
    suggestions: answer.suggestions,
    pager: { page, pageCount, more: Math.max(0, answer.items.length - first), total: answer.items.length },
    hasDetails: !detailed && (statements.some((statement) => statement.hasDetails) || (leadItem !== undefined && page === 1)),
    ...(answer.chart && page === 1 ? { chart: answer.chart } : {}),
  };
}

/**
 * How the first page splits an answer: an /ask answer's first item is the fact its lead
 * states (`skip` 1: the lead says it), followed by a few supporting statements; a list
 * starts with its first items, after its lead if it has one; plain text (help, about) is
 * one page.
 */
function firstPageSplit(answer: Answer, profile: ViewProfile): { skip: number; first: number } {
  const cited = answer.items.some((item) => item.citations.length > 0);
  if (!cited) return { skip: 0, first: Math.max(answer.items.length, 1) };
  // A lead that states one fact answers a question: a few statements support it. A lead
  // that sums up a list (/releases, /compare) comes before the list's first page.
  const skip = answer.lead?.factId !== undefined && answer.items[0]?.factId === answer.lead.factId ? 1 : 0;
  return { skip, first: answer.lead?.factId !== undefined ? skip + profile.supporting : profile.firstList };
}

function statementOf(item: AnswerItem, detailed: boolean, numbers: Renumbering, locale: Locale): ViewStatement {
  const refs = numbers.map(item.citations);
  if (detailed) {
    return {
      text: item.text,
      ...(item.date ? { date: item.date } : {}),
      ...(item.figure ? { figure: `${formatFigure(item.figure, locale)} — ${item.figure.scope}${item.figure.period ? `, ${item.figure.period}` : ''}` } : {}),
      refs,
      notes: item.notes.map((note) => viewNote(note, numbers)),
      ...(item.quote ? { quote: item.quote } : {}),
      hasDetails: false,
    };
  }
  const { flag } = flagOf(item, numbers);
  const hidden = item.notes.filter((note) => note.kind !== 'as-of').length - (flag ? 1 : 0);
  return {
    text: item.brief ?? item.text,
    ...(item.date ? { date: item.date } : {}),
    refs,
    ...(flag ? { flag } : {}),
    notes: [],
    hasDetails: hidden > 0 || (item.brief !== undefined && item.brief !== item.text) || item.quote !== undefined,
  };
}

/** The one note a compact line keeps: a dispute first, else a low confidence. */
function flagOf(item: AnswerItem, numbers: Renumbering): { flag?: ViewNote } {
  const dispute = item.notes.find((note) => note.kind === 'dispute');
  if (dispute) return { flag: { kind: 'dispute', text: dispute.brief ?? dispute.text, refs: numbers.map(dispute.citations ?? []) } };
  if (item.confidence === 'low') {
    const note = item.notes.find((each) => each.kind === 'confidence');
    if (note) return { flag: { kind: 'confidence', text: note.text, refs: [] } };
  }
  return {};
}

function viewNote(note: AnswerNote, numbers: Renumbering): ViewNote {
  return { kind: note.kind, text: note.text, refs: numbers.map(note.citations ?? []) };
}

/** Citation numbers of a page, from 1 in the order the page cites them. */
class Renumbering {
  readonly citations: Citation[] = [];
  private readonly numbers = new Map<number, number>();
  constructor(private readonly all: readonly Citation[]) {}

  map(refs: readonly number[]): number[] {
    return refs.map((n) => {
      const known = this.numbers.get(n);
      if (known !== undefined) return known;
      const citation = citationNumbered(this.all, n);
      if (!citation) return n;
      const mapped = this.citations.length + 1;
      this.numbers.set(n, mapped);
      this.citations.push({ ...citation, n: mapped });
      return mapped;
    });
  }
}

/** Only the asker sees these: errors, usage lines, "did you mean", rate limits. */
export const PRIVATE_STATUSES: readonly AnswerStatus[] = ['error', 'usage', 'not-found', 'limited'];
