// Plain-text rendering for the console and `landscape ask`: statements with footnote
// numbers, figures with their scope, notes under each statement, then the sources.
import type { Answer, AnswerItem, AnswerNote, Locale } from './answer.ts';
import { formatFigure, messages } from './i18n.ts';

export interface TextRenderOptions {
  /** Wrap width in columns. */
  width?: number;
  /** ANSI styling; off for pipes and when NO_COLOR is set. */
  color?: boolean;
}

const NOTE_MARK: Record<AnswerNote['kind'], string> = {
  dispute: '⚠ ',
  caveat: '· ',
  'as-of': '· ',
  confidence: '· ',
  scope: 'ℹ ',
  info: 'ℹ ',
  warning: '⚠ ',
};

/** Statements a terminal page holds before the answer is paged. */
export const TEXT_PAGE_SIZE = 10;

export function renderText(answer: Answer, options: TextRenderOptions = {}): string {
  const width = Math.max(40, options.width ?? 80);
  const style = styler(options.color ?? false);
  const lines: string[] = [];

  lines.push(style.bold(answer.title));
  if (answer.summary) append(lines, wrap(answer.summary, width));
  for (const notice of answer.notices) append(lines, wrap(`${NOTE_MARK[notice.kind]}${notice.text}${refs(notice.citations)}`, width).map(style.dim));

  // Cited statements are numbered; plain lines (help, about) are a list, not a ranking.
  const numbered = answer.citations.length > 0;
  if (!numbered && answer.items.length > 0) lines.push('');
  const firstNumber = answer.paging ? (answer.paging.page - 1) * answer.paging.pageSize + 1 : 1;
  answer.items.forEach((item, index) => {
    if (numbered) lines.push('');
    const number = numbered ? `${firstNumber + index}. ` : '';
    append(lines, wrap(`${number}${statement(item, answer.locale)}`, width, '', ' '.repeat(number.length)));
    for (const note of item.notes) {
      const indent = ' '.repeat(number.length);
      append(lines, wrap(`${NOTE_MARK[note.kind]}${note.text}${refs(note.citations)}`, width, indent, `${indent}  `).map((line) => (note.kind === 'dispute' ? style.yellow(line) : style.dim(line))));
    }
  });

  if (answer.citations.length > 0) {
    lines.push('', style.bold('Sources'));
    for (const citation of answer.citations) {
      const head = `[${citation.n}] ${citation.title} — ${citation.publisher}${citation.date ? `, ${citation.date}` : ''}.`;
      append(lines, wrap(head, width, '', '    '));
      lines.push(`    ${style.underline(citation.url)}`);
      if (citation.note) append(lines, wrap(citation.note, width, '    ').map(style.dim));
    }
  }

  if (answer.suggestions.length > 0) {
    const label = answer.status === 'not-found' ? messages(answer.locale).didYouMean : answer.locale === 'fr' ? 'Essayez' : 'Try';
    lines.push('', `${label}: ${answer.suggestions.map((suggestion) => suggestion.command).join('  ·  ')}`);
  }
  if (answer.paging && answer.paging.pageCount > 1) {
    const { page, pageCount, totalItems } = answer.paging;
    const more = answer.locale === 'fr' ? ` — ajoutez page:${page + 1} pour la suite` : ` — add page:${page + 1} for more`;
    lines.push('', style.dim(`Page ${page}/${pageCount} (${totalItems})${page < pageCount ? more : ''}`));
  }
  return lines.join('\n');
}

function statement(item: AnswerItem, locale: Locale): string {
  const parts: string[] = [];
  if (item.date) parts.push(`[${item.date}]`);
  if (item.figure) {
    const { scope, period } = item.figure;
    parts.push(`${formatFigure(item.figure, locale)} — ${scope}${period ? `, ${period}` : ''}${locale === 'fr' ? ' :' : ':'}`);
  }
  parts.push(item.text + refs(item.citations));
  return parts.join(' ');
}

function refs(citations: number[] | undefined): string {
  return citations && citations.length > 0 ? ` ${citations.map((n) => `[${n}]`).join('')}` : '';
}

/**
 * Adds `more` at the end of `lines` one by one: spreading a long text's wrapped lines into
 * push()'s arguments overflows the stack (a claim of a few megabytes makes 100,000 lines).
 */
function append(lines: string[], more: readonly string[]): void {
  for (const line of more) lines.push(line);
}

/** Word-wraps text to `width`; the first line starts with `first`, the others with `rest`. */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = out.length === 0 ? first : rest;
    let empty = true;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (!empty && line.length + 1 + word.length > width) {
        out.push(line);
        line = rest + word;
      } else {
        line = empty ? line + word : `${line} ${word}`;
      }
      empty = false;
    }
    out.push(line);
  }
  return out;
}

function styler(color: boolean) {
  const ansi = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: ansi(1, 22), dim: ansi(2, 22), underline: ansi(4, 24), yellow: ansi(33, 39) };
}
