// A pino logger whose JSON lines land in an array, to assert on what operators would see,
// and in a Recorder, to wait for a line the code under test writes when something happens.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/runtime/logger.ts';
import { Recorder } from './recorder.ts';

export interface CapturedLog {
  logger: Logger;
  /** Every line as written (raw JSON text). */
  lines: string[];
  /** Every line parsed. */
  records(): Record<string, unknown>[];
  /** Waits for a line (or finds one already written) that matches. */
  waitFor(match: (record: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

export function captureLog(level = 'info'): CapturedLog {
  const lines: string[] = [];
  const parsed = new Recorder<Record<string, unknown>>();
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) {
        if (!line.trim()) continue;
        lines.push(line);
        parsed.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const logger = createLogger({ level, destination });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), waitFor: (match) => parsed.waitFor(match) };
}
