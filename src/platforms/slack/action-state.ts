// What a Slack button carries in its value (up to 2,000 characters): the command and its
// arguments, the page and whether in detail, where the message lives, when it was given and
// on which knowledge revision, so that any replica can serve the click, a restart loses
// nothing, and old buttons expire like Discord's.
import type { Locale } from '../../answer/answer.ts';

/**
 * Where the message lives decides what a click does: an ephemeral answer belongs to its
 * reader and turns its own pages; an answer in a thread or posted in a channel is everyone's,
 * so a click shows the next page or the details to the clicker only, and the message stays.
 */
export type SlackAnswerMode = 'ephemeral' | 'thread' | 'channel';

export interface SlackActionState {
  command: string;
  args: Record<string, string>;
  page: number;
  detailed: boolean;
  locale: Locale;
  mode: SlackAnswerMode;
  /** When the answer was first given, in seconds since the epoch. */
  issuedAt: number;
  /** The knowledge revision it was built from. */
  revision: string;
}

const MODES: Record<SlackAnswerMode, string> = { ephemeral: 'e', thread: 't', channel: 'c' };
export const VALUE_LIMIT = 2000;

/**
 * JSON with <, > and & as \u escapes: a button's value is data, and a typed `<!channel>` must
 * not appear raw anywhere in a message payload.
 */
function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&]/g, (character) => `\\u00${character.charCodeAt(0).toString(16)}`);
}

/** Compact JSON for a button's `value`, or undefined if too long. */
export function encodeState(state: SlackActionState): string | undefined {
  const value = inertJson({ c: state.command, a: state.args, p: state.page, d: state.detailed ? 1 : 0, l: state.locale, m: MODES[state.mode], t: state.issuedAt, r: state.revision });
  return value.length <= VALUE_LIMIT ? value : undefined;
}

/** The state a button carried; undefined for anything malformed (values come back from clients). */
export function decodeState(value: string | undefined): SlackActionState | undefined {
  if (!value || value.length > VALUE_LIMIT) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object') return undefined;
  const { c, a, p, d, l, m, t, r } = raw as Record<string, unknown>;
  if (typeof c !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(c)) return undefined;
  if (!a || typeof a !== 'object' || Array.isArray(a)) return undefined;
  const args: Record<string, string> = {};
  for (const [key, item] of Object.entries(a as Record<string, unknown>)) {
    if (typeof item !== 'string' || !/^[a-z]{1,32}$/.test(key)) return undefined;
    args[key] = item;
  }
  if (typeof t !== 'number' || !Number.isFinite(t) || typeof r !== 'string') return undefined;
  const page = typeof p === 'number' && Number.isInteger(p) && p >= 1 ? p : 1;
  const mode = (Object.keys(MODES) as SlackAnswerMode[]).find((key) => MODES[key] === m) ?? 'ephemeral';
  return { command: c, args, page, detailed: d === 1, locale: l === 'fr' ? 'fr' : 'en', mode, issuedAt: t, revision: r };
}

/** A "did you mean" button: the command line to run for the clicker. */
export function encodeSuggestion(command: string, locale: Locale): string | undefined {
  const value = inertJson({ q: command, l: locale });
  return command.trim() && value.length <= VALUE_LIMIT ? value : undefined;
}

export function decodeSuggestion(value: string | undefined): { command: string; locale: Locale } | undefined {
  if (!value || value.length > VALUE_LIMIT) return undefined;
  try {
    const raw = JSON.parse(value) as { q?: unknown; l?: unknown };
    return typeof raw.q === 'string' && raw.q.trim() ? { command: raw.q, locale: raw.l === 'fr' ? 'fr' : 'en' } : undefined;
  } catch {
    return undefined;
  }
}
