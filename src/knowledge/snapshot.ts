// The knowledge folder as it was at a git revision, written to a temporary folder so that the
// ordinary loader can read it. Only git plumbing that works in a shallow clone is used: the
// revision's tree is listed (`ls-tree`) and its files read in one `cat-file --batch`, so one
// fetched commit is enough, whatever history is missing. `git archive` would also do, but it
// honours export-ignore attributes and needs `tar` beside git.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The revision cannot be read: not a git tree, an unknown revision, git missing. */
export class SnapshotError extends Error {}

export interface Snapshot {
  /** The revision as given, e.g. `origin/main`. */
  rev: string;
  /** The full commit id it names. */
  commit: string;
  /** The folder's path inside the repository (`knowledge/`), empty at the top. */
  prefix: string;
  /** Where the folder's files at that revision were written. */
  dir: string;
  /** Removes `dir`. */
  dispose(): Promise<void>;
}

/** Writes the files of `dir` at revision `rev` of the repository holding `dir`. */
export async function snapshotAt(dir: string, rev: string): Promise<Snapshot> {
  // A revision is one argument to git; one that starts with a dash would be read as an option.
  if (rev.startsWith('-')) throw new SnapshotError(`"${rev}" is not a revision`);
  const git = async (...args: string[]) => (await run('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;

  let top: string;
  let prefix: string;
  try {
    [top = '', prefix = ''] = (await git('rev-parse', '--show-toplevel', '--show-prefix')).split('\n');
  } catch (error) {
    throw new SnapshotError(`${dir} is not in a git repository (${firstLine(error)})`);
  }
  let commit: string;
  try {
    commit = (await git('rev-parse', '--verify', '--quiet', `${rev}^{commit}`)).trim();
  } catch {
    throw new SnapshotError(
      `unknown revision "${rev}" in ${top}. A shallow clone holds only the commits it fetched: ` +
        'fetch that one first (git fetch origin main), or check out with more history (actions/checkout with fetch-depth: 2 or 0).',
    );
  }

  // Paths are relative to `dir` because git runs there; -z keeps unusual names unquoted.
  const blobs = (await git('ls-tree', '-r', '-z', commit, '--', '.'))
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta = '', file = ''] = line.split('\t');
      const [mode, type, object] = meta.split(' ');
      return { mode, type, object: object ?? '', file };
    })
    // Symbolic links and submodules are not knowledge files.
    .filter((entry) => entry.type === 'blob' && entry.mode !== '120000');

  const out = await mkdtemp(path.join(tmpdir(), 'landscape-snapshot-'));
  try {
    const contents = await catFiles(
      dir,
      blobs.map((blob) => blob.object),
    );
    for (const [index, blob] of blobs.entries()) {
      const target = path.join(out, blob.file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, contents[index]!);
    }
  } catch (error) {
    await rm(out, { recursive: true, force: true });
    throw new SnapshotError(`could not read ${prefix || './'} at ${rev}: ${firstLine(error)}`);
  }
  return { rev, commit, prefix, dir: out, dispose: () => rm(out, { recursive: true, force: true }) };
}

/** The contents of each object, in order, from one `git cat-file --batch`. */
function catFiles(cwd: string, objects: readonly string[]): Promise<Buffer[]> {
  if (objects.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(stderr.trim() || `git cat-file exited with ${code}`));
      try {
        resolve(parseBatch(Buffer.concat(chunks), objects.length));
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(objects.map((object) => `${object}\n`).join(''));
  });
}

/** `<object> <type> <size>\n<size bytes>\n`, once per object asked for. */
function parseBatch(output: Buffer, count: number): Buffer[] {
  const contents: Buffer[] = [];
  let offset = 0;
  for (let index = 0; index < count; index++) {
    const end = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, end).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (end < 0 || !Number.isInteger(size)) throw new Error(`unexpected output from git cat-file: "${header}"`);
    contents.push(output.subarray(end + 1, end + 1 + size));
    offset = end + 1 + size + 1;
  }
  return contents;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? (error as { stderr?: string }).stderr || error.message : String(error);
  return text.trim().split('\n')[0] ?? '';
}
