// Plain-text rendering of a view for the console and `landscape ask`: the lead, the
// statements (one line each, or whole with their notes in detail), then the sources with
// their URLs. Only wraps and styles; what to show was decided by the view.
import type { AnswerView, ViewNote, ViewStatement } from './view.ts';
import { KeptWith } from './kept.ts';
import { messages } from './messages.ts';

export interface TextRenderOptions {
  /** Wrap width in columns. */
  width?: number;
  /** ANSI styling; off for pipes and when NO_COLOR is set. */
  color?: boolean;
}

const NOTE_MARK: Record<ViewNote['kind'], string> = {
  dispute: '⚠ ',
  caveat: '· ',
  'as-of': '· ',
  confidence: '· ',
  scope: 'ℹ ',
  info: 'ℹ ',
  warning: '⚠ ',
};

/** Texts rendered of each view, by width and colour; the repeats of a kept answer share its views (see kept.ts). */
const renderedTexts = new KeptWith<AnswerView, string, string>();

export function renderText(view: AnswerView, options: TextRenderOptions = {}): string {
  const width = Math.max(40, options.width ?? 80);
  const color = options.color ?? false;
  return renderedTexts.get(view, `${width}:${color}`, () => textOf(view, width, color));
}

function textOf(view: AnswerView, width: number, color: boolean): string {
  const style = styler(color);
  const text = messages(view.locale);
  const lines: string[] = [];
  const note = (each: ViewNote, indent: string) =>
    wrap(`${NOTE_MARK[each.kind]}${each.text}${refs(each.refs)}`, width, indent, `${indent}  `).map((line) => (each.kind === 'dispute' ? style.yellow(line) : style.dim(line)));

  lines.push(style.bold(view.detailed ? text.detailsTitle(view.title) : view.title));
  if (view.lead) {
    append(lines, wrap(`${view.lead.text}${refs(view.lead.refs)}`, width));
    if (view.lead.flag) append(lines, note(view.lead.flag, '  '));
  }
  if (view.summary) append(lines, wrap(view.summary, width));
  for (const notice of view.notices) append(lines, wrap(`${NOTE_MARK[notice.kind]}${notice.text}${refs(notice.refs)}`, width).map(style.dim));

  const apart = view.detailed && view.cited;
  if (view.statements.length > 0 && !apart) lines.push('');
  for (const statement of view.statements) {
    if (apart) lines.push('');
    const bullet = view.cited || view.statements.length > 1 ? '• ' : '';
    append(lines, wrap(`${bullet}${statementText(statement)}`, width, '', ' '.repeat(bullet.length)));
    const indent = ' '.repeat(bullet.length);
    if (statement.quote) append(lines, wrap(`“${statement.quote}”`, width, indent, indent).map(style.dim));
    for (const each of statement.flag ? [statement.flag] : statement.notes) append(lines, note(each, indent));
  }

  if (view.sources.length > 0) {
    lines.push('', style.bold(text.sources));
    for (const citation of view.sources) {
      append(lines, wrap(`[${citation.n}] ${citation.title} — ${citation.publisher}${citation.date ? `, ${citation.date}` : ''}.`, width, '', '    '));
      lines.push(`    ${style.underline(citation.url)}`);
      if (view.detailed && citation.note) append(lines, wrap(citation.note, width, '    ').map(style.dim));
    }
  }

  if (view.suggestions.length > 0) {
    const label = view.status === 'not-found' || view.status === 'partial' ? text.didYouMean : text.tryThis;
    lines.push('', `${label}${text.colon} ${view.suggestions.map((suggestion) => suggestion.command).join('  ·  ')}`);
  }
  const { page, pageCount, more } = view.pager;
  if (pageCount > 1 && page > 1) lines.push('', style.dim(text.page(page, pageCount)));
  const hints = [page < pageCount ? text.consoleMoreHint(page === 1 ? more : undefined, page + 1) : '', view.hasDetails ? text.consoleDetailsHint : ''].filter(Boolean);
  if (hints.length > 0) lines.push('', ...hints.map(style.dim));
  return lines.join('\n');
}

function statementText(statement: ViewStatement): string {
  const parts: string[] = [];
  if (statement.date) parts.push(`[${statement.date}]`);
  if (statement.figure) parts.push(`${statement.figure}:`);
  parts.push(statement.text + refs(statement.refs));
  return parts.join(' ');
}

function refs(numbers: readonly number[]): string {
  return numbers.length > 0 ? ` ${numbers.map((n) => `[${n}]`).join('')}` : '';
}

/**
 * Adds `more` at the end of `lines` one by one: spreading a long text's wrapped lines into
 * push()'s arguments overflows the stack (a claim of a few megabytes makes 100,000 lines).
 */
function append(lines: string[], more: readonly string[]): void {
  for (const line of more) lines.push(line);
}

/**
 * Word-wraps text to `width`; the first line starts with `first`, the others with `rest`.
 * Iterative and line by line, so a megabyte of text costs memory, never stack.
 */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = out.length === 0 ? first : rest;
    let empty = true;
    // Split at ordinary spaces only: a non-breaking one keeps "17 %" on one line.
    for (const word of paragraph.split(/[ \t]+/)) {
      if (!word) continue;
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
