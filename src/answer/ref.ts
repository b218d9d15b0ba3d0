// What a feedback button under an answer needs to find that answer again, on any process and
// after a restart: the answer's correlation id (its identity, and its log line), the
// knowledge revision it was built on, its language, and the command that produced it.
// Commands are pure, so the command and the revision are enough to rebuild the answer and
// read its fact ids. A reference is plain data written into a button id; when the command is
// too long for the id (a long /ask question in Discord's 100 characters), the id carries the
// key the platform keeps it under instead (`CommandRefs`, as page buttons do).
import type { Answer, Locale } from './answer.ts';

export interface AnswerRef {
  /** The Bot's correlation id of the answer. */
  id: string;
  /** `KnowledgeVersion.revision` of the base that answered. */
  revision: string;
  locale: Locale;
  command: Answer['command'];
}

/** A reference whose command is kept elsewhere, under `commandKey`. */
export type KeptAnswerRef = Omit<AnswerRef, 'command'> & { commandKey: string };

const VERSION = '1';
const SEPARATOR = '|';
const ID = /^[A-Za-z0-9_-]{1,36}$/;
const NAME = /^[a-z][a-z0-9-]{0,31}$/;
const KEY = /^@([A-Za-z0-9_-]{1,32})$/;

/** Only the characters that delimit fields are escaped, so that a question stays short. */
function escapeField(text: string): string {
  return text.replace(/[%|&=]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function unescapeField(text: string): string {
  return text.replace(/%(25|7C|26|3D)/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** `1|<id>|<revision>|<locale>|<command>|<key=value&…>`: no escaping beyond `%|&=`. */
export function encodeAnswerRef(ref: AnswerRef): string {
  const args = Object.entries(ref.command.args)
    .map(([key, value]) => `${escapeField(key)}=${escapeField(value)}`)
    .join('&');
  return [VERSION, ref.id, ref.revision, ref.locale, ref.command.name, args].join(SEPARATOR);
}

/** `1|<id>|<revision>|<locale>|@<key>|`: the command is kept under `key`. */
export function encodeKeptAnswerRef(ref: KeptAnswerRef): string {
  return [VERSION, ref.id, ref.revision, ref.locale, `@${ref.commandKey}`, ''].join(SEPARATOR);
}

/**
 * The reference a button carries, or undefined when it is malformed (damaged or forged). A
 * kept command comes back as its key, for the platform to look up.
 */
export function decodeAnswerRef(text: string): AnswerRef | KeptAnswerRef | undefined {
  const parts = String(text).split(SEPARATOR);
  if (parts.length !== 6) return undefined;
  const [version, id, revision, locale, name, args] = parts as [string, string, string, string, string, string];
  if (version !== VERSION || !ID.test(id) || !/^[0-9a-f]{4,64}$/.test(revision) || (locale !== 'en' && locale !== 'fr')) return undefined;
  const kept = KEY.exec(name)?.[1];
  if (kept) return args === '' ? { id, revision, locale, commandKey: kept } : undefined;
  if (!NAME.test(name)) return undefined;
  const entries: [string, string][] = [];
  for (const pair of args ? args.split('&') : []) {
    const at = pair.indexOf('=');
    if (at <= 0) return undefined;
    entries.push([unescapeField(pair.slice(0, at)), unescapeField(pair.slice(at + 1))]);
  }
  return { id, revision, locale, command: { name, args: Object.fromEntries(entries) } };
}
