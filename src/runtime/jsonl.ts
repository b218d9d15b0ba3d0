// Append-only JSON lines files, bounded by rotation: past `maxLines` lines or `maxBytes` bytes
// the file is renamed to `<file>.1` (replacing the previous one) and a new file starts, so
// the two never hold more than twice the cap. Appends run one after another (one process
// never interleaves its own lines); each is one `appendFile` of one line, which the kernel
// appends whole, so several processes may share a file. Reading skips lines cut by a crash.
import { appendFile, mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const DEFAULT_MAX_LINES = 10_000;

export interface JsonLinesOptions {
  file: string;
  maxBytes?: number;
  maxLines?: number;
}

export class JsonLinesFile {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly maxLines: number;
  private queue: Promise<void> = Promise.resolve();
  private size?: { bytes: number; lines: number };

  constructor(options: JsonLinesOptions) {
    this.file = options.file;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.maxLines = options.maxLines ?? DEFAULT_MAX_LINES;
  }

  /** Appends one record as one line, after the appends before it; rejects if the disk refuses. */
  append(record: object): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const written = this.queue.then(() => this.write(line));
    // The next append waits for this one, whether or not it failed.
    this.queue = written.catch(() => undefined);
    return written;
  }

  /** Resolves once every append queued so far has finished (or failed). */
  async flush(): Promise<void> {
    await this.queue;
  }

  /** Every record, oldest first: the rotated generation, then the current file. */
  read(): Promise<unknown[]> {
    return readJsonLines(this.file);
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

/** The records of a JSON lines file and its rotated generation, oldest first; missing files are empty. */
export async function readJsonLines(file: string): Promise<unknown[]> {
  const records: unknown[] = [];
  for (const name of [`${file}.1`, file]) {
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
