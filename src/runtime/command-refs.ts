// Commands too long to ride in a button id (a long /ask question in Discord's 100
// characters) are kept here under a short key, so that the button keeps working after a
// restart, on another shard process reading the same file, or, with REDIS_URL, on another
// replica: the key is then kept in Redis (`landscape:kv:discord-refs:<key>`) with the same
// expiry, the file standing in while Redis is down. The key is a hash of the command, so
// asking the same question twice reuses one entry. Entries expire with the buttons that use them.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Answer } from '../answer/answer.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { KeyValueStore, SharedState } from './shared/types.ts';

export const DEFAULT_REFS_FILE = '.landscape/button-refs.jsonl';
/** Where replicas keep the commands in the shared state. */
export const REFS_NAMESPACE = 'discord-refs';

export interface CommandRefsOptions {
  /** Where entries persist; undefined keeps them in this process only. */
  file?: string;
  /** How long an entry answers; older ones are dropped on the next compaction. */
  ttlSeconds: number;
  /** Entries kept in memory at most. */
  capacity?: number;
  now?: () => number;
  logger?: Logger;
  /** Replicas' shared state: with Redis, a click reaching another replica finds the command. */
  shared?: SharedState;
}

type Command = Answer['command'];

export class CommandRefs {
  private readonly local: RefsFile;
  private readonly store: KeyValueStore;
  private readonly ttlMs: number;
  private readonly logger: Logger;
  private stored: Promise<void> = Promise.resolve();

  constructor(options: CommandRefsOptions) {
    this.local = new RefsFile(options);
    this.store = options.shared ? options.shared.keyValue(REFS_NAMESPACE, this.local) : this.local;
    this.ttlMs = options.ttlSeconds * 1000;
    this.logger = options.logger ?? silentLogger;
  }

  /** A short key for the command (the same command, the same key), stored for later clicks. */
  put(command: Command): string {
    const clean = { name: command.name, args: { ...command.args } };
    const key = createHash('sha256')
      .update(JSON.stringify([clean.name, Object.entries(clean.args).sort()]))
      .digest('base64url')
      .slice(0, 12);
    const storing = this.store
      .set(key, JSON.stringify(clean), this.ttlMs)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'cannot store a button reference; its buttons will say the page expired'));
    this.stored = this.stored.then(() => storing);
    return key;
  }

  /** The command stored under `key`, if it has not expired. */
  async get(key: string): Promise<Command | undefined> {
    const value = await this.store.get(key);
    if (value === undefined) return undefined;
    try {
      return asCommand(JSON.parse(value));
    } catch {
      return undefined;
    }
  }

  /** Waits for pending writes (tests, shutdown). */
  async flush(): Promise<void> {
    await this.stored;
    await this.local.flush();
  }
}

interface Entry {
  /** The command, as JSON. */
  value: string;
  /** Seconds since the epoch when it was last put: it answers for ttlSeconds from then. */
  at: number;
  /** Seconds since the epoch when it was last written to the file. */
  writtenAt: number;
}

/**
 * What one process keeps: entries in memory and, when given, in a JSON lines file, so that
 * buttons survive a restart and shard processes on one machine share them. Redis's stand-in
 * with REDIS_URL. Every entry lives ttlSeconds, the buttons' lifetime.
 */
class RefsFile implements KeyValueStore {
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

  async get(key: string): Promise<string | undefined> {
    let entry = this.entries.get(key);
    if (!entry && this.options.file) {
      // Another process (a shard, or this one before a restart) may have written it.
      this.loaded = undefined;
      await this.load();
      entry = this.entries.get(key);
    }
    if (!entry || this.seconds() - entry.at > this.options.ttlSeconds) return undefined;
    return entry.value;
  }

  /** Every entry lives ttlSeconds (the ttl given is the same: the buttons'). */
  async set(key: string, value: string): Promise<void> {
    const known = this.entries.get(key);
    const at = this.seconds();
    // Written again only when it would expire soon: a popular question does not grow the file.
    const write = !known || known.value !== value || at - known.writtenAt > this.options.ttlSeconds / 2;
    this.remember(key, { value, at, writtenAt: write ? at : known.writtenAt });
    if (write) this.persist(key, value, at);
  }

  async setIfAbsent(key: string, value: string): Promise<boolean> {
    if ((await this.get(key)) !== undefined) return false;
    await this.set(key, value);
    return true;
  }

  async flush(): Promise<void> {
    await this.writing;
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
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
        if (entry && !this.entries.has(entry.key)) this.remember(entry.key, { value: JSON.stringify(entry.command), at: entry.at, writtenAt: entry.at });
      }
    })();
    return this.loaded;
  }

  /** Appends in the background: the button is sent meanwhile, and memory answers its clicks. */
  private persist(key: string, value: string, at: number): void {
    const file = this.options.file;
    if (!file) return;
    this.writing = this.writing
      .then(async () => {
        await mkdir(path.dirname(file), { recursive: true });
        await appendFile(file, `${JSON.stringify({ k: key, c: JSON.parse(value), t: at })}\n`);
        if (++this.appended >= 1000) await this.compact(file);
      })
      .catch((error: unknown) => this.logger.warn({ err: error, file }, 'cannot store a button reference; long buttons will not survive a restart'));
  }

  /** Rewrites the file with the live entries only, atomically. */
  private async compact(file: string): Promise<void> {
    this.appended = 0;
    await this.load();
    const cutoff = this.seconds() - this.options.ttlSeconds;
    const lines = [...this.entries].filter(([, entry]) => entry.writtenAt >= cutoff).map(([key, entry]) => JSON.stringify({ k: key, c: JSON.parse(entry.value), t: entry.writtenAt }));
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, lines.length > 0 ? `${lines.join('\n')}\n` : '');
    await rename(temporary, file);
  }
}

/** A line as written, or undefined for anything else (a torn write, an edit by hand). */
function parseLine(line: string): { key: string; command: Command; at: number } | undefined {
  if (!line.trim()) return undefined;
  try {
    const raw = JSON.parse(line) as { k?: unknown; c?: unknown; t?: unknown };
    const command = asCommand(raw.c);
    if (typeof raw.k !== 'string' || typeof raw.t !== 'number' || !command) return undefined;
    return { key: raw.k, command, at: raw.t };
  } catch {
    return undefined;
  }
}

/** A stored command (from the file or Redis), its arguments strings only; or undefined. */
function asCommand(value: unknown): Command | undefined {
  const raw = value as { name?: unknown; args?: unknown } | null;
  if (typeof raw?.name !== 'string' || !raw.args || typeof raw.args !== 'object') return undefined;
  const args = Object.fromEntries(Object.entries(raw.args as Record<string, unknown>).filter(([, each]) => typeof each === 'string')) as Record<string, string>;
  return { name: raw.name, args };
}
