// An append-only log as a local JSON Lines file, bounded: past `maxLines` lines or `maxBytes`
// bytes it is renamed to `<file>.1` (one generation kept, replacing the previous one), so the
// two files never exceed twice the bounds. Appends run one at a time, in order, so the size
// kept in memory stays true and a rotation never races a write.
import { appendFile, mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { AppendLog } from './types.ts';

export const DEFAULT_LOG_MAX_BYTES = 1024 * 1024;
export const DEFAULT_LOG_MAX_LINES = 10_000;

export interface JsonlLogOptions {
  file: string;
  maxBytes?: number;
  maxLines?: number;
}

export class JsonlLog<T extends object> implements AppendLog<T> {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly maxLines: number;
  private size?: { bytes: number; lines: number };
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: JsonlLogOptions) {
    this.file = options.file;
    this.maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
    this.maxLines = options.maxLines ?? DEFAULT_LOG_MAX_LINES;
  }

  /** Rejects if the disk refuses (the caller decides whether that matters); later appends still run. */
  append(record: T): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const written = this.queue.then(() => this.write(line));
    this.queue = written.catch(() => {
      // Measure again next time: a failed rename or write leaves the size unknown.
      this.size = undefined;
    });
    return written;
  }

  /** Every line that parses, from the rotated generation and the current file, oldest first. */
  async read(): Promise<unknown[]> {
    const records: unknown[] = [];
    for (const name of [`${this.file}.1`, this.file]) {
      let text: string;
      try {
        text = await readFile(name, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          records.push(JSON.parse(line));
        } catch {
          // A line cut by a crash mid-write; the others still count.
        }
      }
    }
    return records;
  }

  private async write(line: string): Promise<void> {
    const bytes = Buffer.byteLength(line);
    if (!this.size) {
      await mkdir(path.dirname(this.file), { recursive: true });
      this.size = await measure(this.file);
    }
    if (this.size.lines > 0 && (this.size.bytes + bytes > this.maxBytes || this.size.lines + 1 > this.maxLines)) {
      await rename(this.file, `${this.file}.1`);
      this.size = { bytes: 0, lines: 0 };
    }
    await appendFile(this.file, line, 'utf8');
    this.size.bytes += bytes;
    this.size.lines += 1;
  }
}

async function measure(file: string): Promise<{ bytes: number; lines: number }> {
  try {
    const text = await readFile(file, 'utf8');
    return { bytes: Buffer.byteLength(text), lines: text.split('\n').filter(Boolean).length };
  } catch {
    return { bytes: 0, lines: 0 };
  }
}
