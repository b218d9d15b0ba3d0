// What a Discord button carries in its 100-character custom id, so that a click can rebuild
// what it asks for with no state kept between the answer and the click: any shard can serve
// it, and a restart loses nothing. Long commands (a long /ask question) ride as a reference
// into a persisted store (see CommandRefs).
import type { Answer, Locale } from '../../answer/answer.ts';

const ID_PREFIX = 'ls2';
export const CUSTOM_ID_LIMIT = 100;

export type ButtonAction = 'page' | 'details' | 'sources' | 'post';
const ACTION_CODES: Record<ButtonAction, string> = { page: 'p', details: 'd', sources: 's', post: 'x' };

export interface ButtonState {
  action: ButtonAction;
  /** The page to show, or whose details or sources to show. */
  page: number;
  /** The asker's user id: page turns change their message, so only they may turn them. */
  owner: string;
  /** When the answer was first given, in seconds since the epoch (for expiry). */
  issuedAt: number;
  /** The knowledge revision the answer was built from; a click on another revision is stale. */
  revision: string;
  /** The command to re-run: `encodeCommandTarget(answer.command)`, or `@key` for a stored one. */
  target: string;
}

/** `ls2|p|2|<owner base36>|<issued base36>|<revision>|<target>`. */
export function encodeButtonId(state: ButtonState): string {
  return [
    ID_PREFIX,
    ACTION_CODES[state.action],
    String(state.page),
    encodeOwner(state.owner),
    Math.max(0, Math.trunc(state.issuedAt)).toString(36),
    state.revision.replace(/\|/g, ''),
    state.target,
  ].join('|');
}

export function decodeButtonId(id: string): ButtonState | undefined {
  const parts = id.split('|');
  const action = (Object.keys(ACTION_CODES) as ButtonAction[]).find((key) => ACTION_CODES[key] === parts[1]);
  if (parts.length < 7 || parts[0] !== ID_PREFIX || !action) return undefined;
  const page = Number(parts[2]);
  const issuedAt = parseInt(parts[4]!, 36);
  const owner = decodeOwner(parts[3]!);
  if (!Number.isInteger(page) || page < 1 || !Number.isFinite(issuedAt) || owner === undefined) return undefined;
  return { action, page, owner, issuedAt, revision: parts[5]!, target: parts.slice(6).join('|') };
}

/** Whether every button of an answer gets a valid id with this target (the longest page number). */
export function buttonIdsFit(state: Omit<ButtonState, 'action' | 'page'>, pageCount: number): boolean {
  return encodeButtonId({ ...state, action: 'page', page: Math.max(1, pageCount) }).length <= CUSTOM_ID_LIMIT;
}

export interface SuggestionState {
  /** The command line to run, as the suggestion has it: `/share chinese-open`. */
  command: string;
  /** The asker chose `hide`: the suggested answer stays private too. */
  hidden: boolean;
  /** The language of the note, so the answer it leads to speaks it too. */
  locale: Locale;
}

const SUGGESTION_PREFIX = `${ID_PREFIX}|q|`;

/**
 * `ls2|q|p|en|/share chinese-open` (`h` for hidden): a "did you mean" button. Undefined when
 * the command would not fit (that suggestion then gets no button, only its line).
 */
export function encodeSuggestionId(state: SuggestionState): string | undefined {
  if (!state.command.trim()) return undefined;
  const id = `${SUGGESTION_PREFIX}${state.hidden ? 'h' : 'p'}|${state.locale}|${state.command}`;
  return id.length <= CUSTOM_ID_LIMIT ? id : undefined;
}

export function decodeSuggestionId(id: string): SuggestionState | undefined {
  if (!id.startsWith(SUGGESTION_PREFIX)) return undefined;
  const [visibility, locale, ...rest] = id.slice(SUGGESTION_PREFIX.length).split('|');
  const command = rest.join('|');
  if ((visibility !== 'h' && visibility !== 'p') || (locale !== 'en' && locale !== 'fr') || !command.trim()) return undefined;
  return { command, hidden: visibility === 'h', locale };
}

/** `share|segment=chinese-open`; `|` and `%` in values are percent-escaped. */
export function encodeCommandTarget(command: Answer['command']): string {
  const args = Object.entries(command.args).filter(([, value]) => value !== '');
  return [command.name, ...args.map(([key, value]) => `${key}=${value.replace(/%/g, '%25').replace(/\|/g, '%7C')}`)].join('|');
}

export function decodeCommandTarget(target: string): Answer['command'] | undefined {
  if (!target || target.startsWith('@')) return undefined;
  const [name, ...pairs] = target.split('|');
  const args: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) return undefined;
    try {
      args[pair.slice(0, equals)] = decodeURIComponent(pair.slice(equals + 1));
    } catch {
      return undefined;
    }
  }
  return name ? { name, args } : undefined;
}

/** How a command reads to a user: `/share chinese-open`, for notes. */
export function commandLine(command: Answer['command']): string {
  return [
    `/${command.name}`,
    ...Object.entries(command.args)
      .filter(([, value]) => value !== '')
      .map(([key, value]) => `${key}:${value}`),
  ].join(' ');
}

function encodeOwner(owner: string): string {
  return /^\d{1,25}$/.test(owner) ? BigInt(owner).toString(36) : `~${owner.replace(/[|%]/g, '')}`;
}

function decodeOwner(encoded: string): string | undefined {
  if (encoded.startsWith('~')) return encoded.slice(1);
  if (!/^[0-9a-z]{1,20}$/.test(encoded)) return undefined;
  let value = 0n;
  for (const digit of encoded) value = value * 36n + BigInt(parseInt(digit, 36));
  return value.toString();
}
