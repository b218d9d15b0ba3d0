// Where the bot writes: the gaps file, and beside it (by default) the feedback, the answer
// references that buttons point at, and the channels' subscriptions. One folder to give a
// volume, a StateDirectory, or a backup.
import path from 'node:path';

export const DEFAULT_GAPS_FILE = '.landscape/gaps.jsonl';

/**
 * A state file's path: its own variable when set (`off`: none), else `name` in the gaps
 * file's folder (the default folder when gaps are off).
 */
export function stateFile(own: string | undefined, gapsFile: string | undefined, name: string): string | undefined {
  if (own === 'off') return undefined;
  if (own) return own;
  const gaps = gapsFile && gapsFile !== 'off' ? gapsFile : DEFAULT_GAPS_FILE;
  return path.join(path.dirname(gaps), name);
}
