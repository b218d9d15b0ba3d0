// Cutting text to a platform's limits, in one place: by UTF-16 unit without ever splitting a
// surrogate pair (a lone surrogate is invalid text that platform APIs reject), with an
// ellipsis when something was dropped, and at a word boundary when the text is prose.

/** The first `max` UTF-16 units, one fewer if the cut would split a surrogate pair. */
export function cutCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = Math.max(0, max);
  const code = text.charCodeAt(end - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

/** At most `max` units, ending with "…" when cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  return `${cutCodePoints(text, max - 1).trimEnd()}…`;
}

/** At most `max` units, cut after the last whole word that fits, ending with "…". */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = cutCodePoints(text, max - 1);
  const space = head.search(/\s\S*$/);
  return `${(space > max / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}

/**
 * French typography for text shown to French readers: the space before % ; : ? ! and inside
 * « » becomes non-breaking (narrow where French uses a narrow one), so that a line never
 * starts with a lone "%" or ":". Only spaces already there change.
 */
export function frenchSpacing(text: string): string {
  return text
    .replace(/ ([%;?!])/g, '\u202f$1')
    .replace(/ :(?=\s|$)/g, '\u00a0:')
    .replace(/« /g, '«\u00a0')
    .replace(/ »/g, '\u00a0»');
}

/** The first sentence of a text (up to its first ". " or "; "), or the whole text. */
export function firstSentence(text: string): string {
  const match = /^(.+?[.;])(?:\s|$)/.exec(text);
  return match && match[1]!.length >= 20 ? match[1]!.replace(/;$/, '.') : text;
}
