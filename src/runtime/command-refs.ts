// Commands too long to ride in a button id (a long /ask question in Discord's 100
// characters) are kept here under a short key, so that the button keeps working after a
// restart or on another shard process reading the same file. The key is a hash of the
// command, so asking the same question twice reuses one entry. Entries live as JSON lines in
// a small file (beside the gaps file by default) and expire with the buttons that use them.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Answer } from '../answer/answer.ts';
import { silentLogger, type Logger } from './logger.ts';

export const DEFAULT_REFS_FILE = '.landscape/button-refs.jsonl';

export interface CommandRefsOptions {
  /** Where entries persist; undefined keeps them in this process only. */
  file?: string;
  /** How long an entry answers; older ones are dropped on the next compaction. */
  ttlSeconds: number;
  /** Entries kept in memory at most. */
  capacity?: number;
  now?: () => number;
  logger?: Logger;
}

interface Entry {
  command: Answer['command'];
  /** Seconds since the epoch when it was stored. */
  at: number;
}

export class CommandRefs {
  private readonly entries = new Map<string, Entry>();
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly logger: Logger;
  private loaded?: Promise<void>;
  private appended = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: CommandRefsOptions) {
    this.capacity = options.capacity ?? 20_000;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  /** A short key for the command (the same command, the same key), stored for later clicks. */
  put(command: Answer['command']): string {
    const clean = { name: command.name, args: { ...command.args } };
    const key = createHash('sha256').update(JSON.stringify([clean.name, Object.entries(clean.args).sort()])).digest('base64url').slice(0, 12);
    const known = this.entries.get(key);
    const at = Math.floor(this.now() / 1000);
    this.remember(key, { command: clean, at });
    // Written again only when it would expire soon: a popular question does not grow the file.
    if (!known || at - known.at > this.options.ttlSeconds / 2) this.persist(key, { command: clean, at });
    return key;
  }

  /** The command stored under `key`, if it has not expired (read from the file on a miss). */
  async get(key: string): Promise<Answer['command'] | undefined> {
    let entry = this.entries.get(key);
    if (!entry && this.options.file) {
      // Another process (a shard, or this one before a restart) may have written it.
      this.loaded = undefined;
      await this.load();
      entry = this.entries.get(key);
    }
    if (!entry || Math.floor(this.now() / 1000) - entry.at > this.options.ttlSeconds) return undefined;
    return entry.command;
  }

  /** Waits for pending writes (tests, shutdown). */
  async flush(): Promise<void> {
    await this.writing;
  }

  private remember(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const text = await readFile(this.options.file!, 'utf8').catch(() => '');
      for (const line of text.split('\n')) {
        const entry = parseLine(line);
        if (entry && !this.entries.has(entry.key)) this.remember(entry.key, { command: entry.command, at: entry.at });
      }
    })();
    return this.loaded;
  }

  private persist(key: string, entry: Entry): void {
    const file = this.options.file;
    if (!file) return;
    this.writing = this.writing
      .then(async () => {
        await mkdir(path.dirname(file), { recursive: true });
        await appendFile(file, `${JSON.stringify({ k: key, c: entry.command, t: entry.at })}\n`);
        if (++this.appended >= 1000) await this.compact(file);
      })
      .catch((error: unknown) => this.logger.warn({ err: error, file }, 'cannot store a button reference; long buttons will not survive a restart'));
  }

  /** Rewrites the file with the live entries only, atomically. */
  private async compact(file: string): Promise<void> {
    this.appended = 0;
    await this.load();
    const cutoff = Math.floor(this.now() / 1000) - this.options.ttlSeconds;
    const lines = [...this.entries].filter(([, entry]) => entry.at >= cutoff).map(([key, entry]) => JSON.stringify({ k: key, c: entry.command, t: entry.at }));
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, lines.length > 0 ? `${lines.join('\n')}\n` : '');
    await rename(temporary, file);
  }
}

/** A line as written, or undefined for anything else (a torn write, an edit by hand). */
function parseLine(line: string): { key: string; command: Answer['command']; at: number } | undefined {
  if (!line.trim()) return undefined;
  try {
    const raw = JSON.parse(line) as { k?: unknown; c?: { name?: unknown; args?: unknown }; t?: unknown };
    if (typeof raw.k !== 'string' || typeof raw.t !== 'number' || typeof raw.c?.name !== 'string' || !raw.c.args || typeof raw.c.args !== 'object') return undefined;
    const args = Object.fromEntries(Object.entries(raw.c.args as Record<string, unknown>).filter(([, value]) => typeof value === 'string')) as Record<string, string>;
    return { key: raw.k, command: { name: raw.c.name, args }, at: raw.t };
  } catch {
    return undefined;
  }
}
