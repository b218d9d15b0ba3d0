// The options of the maintainers' reports read from the state files or Redis, `landscape
// gaps` and `landscape feedback`: the same three, checked the same way.
import { parseArgs } from 'node:util';

export interface ReportOptions {
  /** How many entries to show (--limit N, at least 1; 20 by default). */
  limit: number;
  /** One file to read instead of REDIS_URL or the configured file (--file PATH). */
  file?: string;
  /** JSON instead of lines (--json). */
  json: boolean;
}

/** The report's options, or undefined after saying what is wrong with them (exit status 2). */
export function parseReportOptions(command: string, args: string[], err: (text: string) => void): ReportOptions | undefined {
  let values: { limit?: string; file?: string; json?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { limit: { type: 'string' }, file: { type: 'string' }, json: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    err(`landscape ${command}: ${(error as Error).message}\nUsage: landscape ${command} [--limit N] [--file PATH] [--json]`);
    return undefined;
  }
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    err(`landscape ${command}: --limit must be a whole number of at least 1, got "${values.limit}"`);
    return undefined;
  }
  return { limit, ...(values.file !== undefined ? { file: values.file } : {}), json: values.json ?? false };
}
