// Cuts an answer into pages for platforms with size limits. A page keeps only the
// citations its items use, renumbered from 1, so footnotes stay short and consistent.
import { type Answer, type AnswerItem, type AnswerNote, type Citation, citationNumbered } from './answer.ts';

export function pageCount(answer: Answer, pageSize: number): number {
  return Math.max(1, Math.ceil(answer.items.length / pageSize));
}

/** Page `page` (1-based, clamped to the pages there are) of `pageSize` items. */
export function pageOf(answer: Answer, page: number, pageSize: number): Answer {
  const count = pageCount(answer, pageSize);
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), count);
  const items = answer.items.slice((current - 1) * pageSize, current * pageSize);

  const renumber = new Map<number, number>();
  const citations: Citation[] = [];
  const mapNumber = (n: number) => {
    let mapped = renumber.get(n);
    if (mapped === undefined) {
      const citation = citationNumbered(answer.citations, n);
      if (!citation) return n;
      mapped = citations.length + 1;
      renumber.set(n, mapped);
      citations.push({ ...citation, n: mapped });
    }
    return mapped;
  };
  // The lead comes first on the first page; on later pages it is not repeated.
  const lead = current === 1 && answer.lead ? { ...answer.lead, citations: answer.lead.citations.map(mapNumber) } : undefined;
  const mapNote = (note: AnswerNote): AnswerNote => (note.citations ? { ...note, citations: note.citations.map(mapNumber) } : note);
  const pagedItems: AnswerItem[] = items.map((item) => ({
    ...item,
    citations: item.citations.map(mapNumber),
    notes: item.notes.map(mapNote),
  }));

  const { lead: _whole, ...rest } = answer;
  return {
    ...rest,
    ...(lead ? { lead } : {}),
    items: pagedItems,
    citations,
    notices: answer.notices.map(mapNote),
    paging: { page: current, pageCount: count, totalItems: answer.items.length, pageSize },
  };
}

const PAGE_ARGUMENT = /(?:^|\s)page:(\d{1,4})\s*$/i;

/** `/timeline meta page:2` on a text line: the line without the page, and the page. */
export function takePage(line: string): { text: string; page: number } {
  const match = PAGE_ARGUMENT.exec(line);
  if (!match) return { text: line, page: 1 };
  return { text: line.slice(0, match.index).trim(), page: Number(match[1]) };
}
