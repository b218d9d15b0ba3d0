// Throwaway git repositories in a temporary folder, driven with the real git, so that
// `landscape diff` is tried on histories made for the test and never on the project's own.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Git with a fixed identity and no user or system configuration, so a developer's settings
 * (signing, hooks, default branch) cannot change what the test does.
 */
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

export interface TempRepo {
  /** The work tree. */
  dir: string;
  git(...args: string[]): Promise<string>;
  write(file: string, text: string): Promise<void>;
  /** Adds everything and commits; returns the commit id. */
  commit(message: string): Promise<string>;
}

/** Folders made here, for `removeTempRepos` in afterAll. */
const made: string[] = [];

export async function tempDir(prefix = 'landscape-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function removeTempRepos(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export function git(cwd: string, ...args: string[]): Promise<string> {
  return run('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).then(({ stdout }) => stdout.trim());
}

function repoAt(dir: string): TempRepo {
  return {
    dir,
    git: (...args) => git(dir, ...args),
    write: async (file, text) => {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    },
    commit: async (message) => {
      await git(dir, 'add', '--all');
      await git(dir, 'commit', '--quiet', '--allow-empty', '-m', message);
      return git(dir, 'rev-parse', 'HEAD');
    },
  };
}

export async function tempRepo(): Promise<TempRepo> {
  const dir = await tempDir('landscape-repo-');
  await git(dir, 'init', '--quiet', '--initial-branch=main');
  return repoAt(dir);
}
