// What a button under an answer needs to find that answer again, on any process and after a
// restart: the answer's correlation id (its identity, and its log line), the knowledge
// revision it was built on, its language, and the command that produced it. Commands are
// pure, so the command and the revision are enough to rebuild the answer and read its fact
// ids. A reference is plain data written into a button id (`encodeAnswerRef`); one too long
// for a platform's limit is kept on disk under a short key instead (`AnswerRefKeeper`).
import { randomBytes } from 'node:crypto';
import type { Logger } from '../runtime/logger.ts';
import { JsonLinesFile } from '../runtime/jsonl.ts';
import type { Answer, Locale } from './answer.ts';

export interface AnswerRef {
  /** The Bot's correlation id of the answer. */
  id: string;
  /** `KnowledgeVersion.revision` of the base that answered. */
  revision: string;
  locale: Locale;
  command: Answer['command'];
}

/** Beside the gaps file, like the other state files. */
export const ANSWER_REFS_FILE_NAME = 'answer-refs.jsonl';
const VERSION = '1';
const SEPARATOR = '|';
/** A kept reference: `@` and a random key. */
const KEY = /^@([A-Za-z0-9_-]{12})$/;
const ID = /^[A-Za-z0-9_-]{1,36}$/;
const NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Only the characters that delimit fields are escaped, so that a question stays short. */
function escapeField(text: string): string {
  return text.replace(/[%|&=]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function unescapeField(text: string): string {
  return text.replace(/%(25|7C|26|3D)/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** `1|<id>|<revision>|<locale>|<command>|<key=value&…>`: no escaping beyond `%|&=`. */
export function encodeAnswerRef(ref: AnswerRef): string {
  const args = Object.entries(ref.command.args).map(([key, value]) => `${escapeField(key)}=${escapeField(value)}`).join('&');
  return [VERSION, ref.id, ref.revision, ref.locale, ref.command.name, args].join(SEPARATOR);
}

/** The reference a button carries, or undefined when it is malformed (damaged, forged, or a kept key). */
export function decodeAnswerRef(text: string): AnswerRef | undefined {
  const parts = String(text).split(SEPARATOR);
  if (parts.length !== 6) return undefined;
  const [version, id, revision, locale, name, args] = parts as [string, string, string, string, string, string];
  if (version !== VERSION || !ID.test(id) || !/^[0-9a-f]{4,64}$/.test(revision) || (locale !== 'en' && locale !== 'fr') || !NAME.test(name)) return undefined;
  const entries: [string, string][] = [];
  for (const pair of args ? args.split('&') : []) {
    const at = pair.indexOf('=');
    if (at <= 0) return undefined;
    entries.push([unescapeField(pair.slice(0, at)), unescapeField(pair.slice(at + 1))]);
  }
  return { id, revision, locale, command: { name, args: Object.fromEntries(entries) } };
}

export function isKeptRef(text: string): boolean {
  return KEY.test(text);
}

export interface AnswerRefKeeperOptions {
  /** Where kept references are appended; none keeps them in memory only (lost on restart). */
  file?: string;
  logger?: Logger;
  /** References held in memory, most recently kept or used last out. */
  capacity?: number;
}

/**
 * References too long for a button id (Discord's 100 characters; a long /ask question),
 * kept under a random key: in memory, and appended to a JSON lines file (bounded and
 * rotated, so the oldest keys expire) so that a click after a restart, or on another
 * process sharing the file, still finds them.
 */
export class AnswerRefKeeper {
  private readonly memory = new Map<string, AnswerRef>();
  private readonly lines?: JsonLinesFile;
  private readonly logger?: Logger;
  private readonly capacity: number;
  private failed = false;

  constructor(options: AnswerRefKeeperOptions = {}) {
    this.lines = options.file ? new JsonLinesFile({ file: options.file }) : undefined;
    this.logger = options.logger;
    this.capacity = options.capacity ?? 10_000;
  }

  /** `@key`, usable at once; the file is written in the background. */
  keep(ref: AnswerRef): string {
    const key = randomBytes(9).toString('base64url');
    this.remember(key, ref);
    this.lines
      ?.append({ key, ref: encodeAnswerRef(ref) })
      .then(() => {
        this.failed = false;
      })
      .catch((error: unknown) => {
        // One warning while the disk refuses; the key still works until this process ends.
        if (!this.failed) this.logger?.warn({ err: error, file: this.lines?.file }, 'cannot keep answer references on disk');
        this.failed = true;
      });
    return `@${key}`;
  }

  /** The reference kept under `@key`, from memory or else from the file. */
  async find(text: string): Promise<AnswerRef | undefined> {
    const key = KEY.exec(text)?.[1];
    if (!key) return undefined;
    const known = this.memory.get(key);
    if (known) {
      this.remember(key, known);
      return known;
    }
    if (!this.lines) return undefined;
    await this.lines.flush();
    for (const record of (await this.lines.read()).reverse()) {
      const entry = record as { key?: unknown; ref?: unknown } | null;
      if (entry?.key !== key || typeof entry.ref !== 'string') continue;
      const ref = decodeAnswerRef(entry.ref);
      if (ref) this.remember(key, ref);
      return ref;
    }
    return undefined;
  }

  async flush(): Promise<void> {
    await this.lines?.flush();
  }

  private remember(key: string, ref: AnswerRef): void {
    this.memory.delete(key);
    this.memory.set(key, ref);
    while (this.memory.size > this.capacity) this.memory.delete(this.memory.keys().next().value!);
  }
}
