// Reading the knowledge folder at a revision, with the real git, in repositories made here.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotAt, SnapshotError } from '../../src/knowledge/snapshot.ts';
import { git, removeTempRepos, tempDir, tempRepo } from '../support/git.ts';

afterAll(removeTempRepos);

describe('snapshotAt', () => {
  it('writes the folder as it was at the revision, and only that folder', async () => {
    const repo = await tempRepo();
    await repo.write('knowledge/base.yaml', 'facts: []\n');
    await repo.write('knowledge/sources/a.yaml', 'sources: []\n');
    await repo.write('README.md', 'not knowledge\n');
    const base = await repo.commit('base');
    await repo.write('knowledge/base.yaml', 'facts: [] # edited\n');
    await repo.write('knowledge/sources/b.yaml', 'sources: []\n');
    await repo.commit('change');
    await repo.write('knowledge/base.yaml', 'uncommitted\n');

    const snapshot = await snapshotAt(path.join(repo.dir, 'knowledge'), 'HEAD~1');
    try {
      expect(snapshot.commit).toBe(base);
      expect(snapshot.prefix).toBe('knowledge/');
      expect(await readFile(path.join(snapshot.dir, 'base.yaml'), 'utf8')).toBe('facts: []\n');
      expect(existsSync(path.join(snapshot.dir, 'sources/a.yaml'))).toBe(true);
      expect(existsSync(path.join(snapshot.dir, 'sources/b.yaml'))).toBe(false);
      expect(existsSync(path.join(snapshot.dir, 'README.md'))).toBe(false);
    } finally {
      await snapshot.dispose();
    }
    expect(existsSync(snapshot.dir)).toBe(false);
  });

  it('works in a shallow clone that fetched only the base commit beside its own', async () => {
    const origin = await tempRepo();
    await origin.write('knowledge/base.yaml', 'version: 1\n');
    await origin.commit('one');
    await origin.write('knowledge/base.yaml', 'version: 2\n');
    await origin.commit('two');
    await origin.git('switch', '--quiet', '-c', 'branch');
    await origin.write('knowledge/base.yaml', 'version: 3\n');
    await origin.commit('three');

    const clone = await tempDir();
    await git(clone, 'clone', '--quiet', '--depth=1', '--branch=branch', `file://${origin.dir}`, 'work');
    const work = path.join(clone, 'work');
    await expect(snapshotAt(path.join(work, 'knowledge'), 'origin/main')).rejects.toThrow(/unknown revision "origin\/main".*shallow clone.*git fetch origin main/);

    await git(work, 'fetch', '--quiet', '--no-tags', '--depth=1', 'origin', '+refs/heads/main:refs/remotes/origin/main');
    expect(await git(work, 'rev-parse', '--is-shallow-repository')).toBe('true');
    const snapshot = await snapshotAt(path.join(work, 'knowledge'), 'origin/main');
    try {
      expect(await readFile(path.join(snapshot.dir, 'base.yaml'), 'utf8')).toBe('version: 2\n');
    } finally {
      await snapshot.dispose();
    }
  });

  it('says clearly what is wrong: an unknown revision, an option for a revision, a folder outside git', async () => {
    const repo = await tempRepo();
    await repo.write('knowledge/base.yaml', 'facts: []\n');
    await repo.commit('base');
    const dir = path.join(repo.dir, 'knowledge');
    await expect(snapshotAt(dir, 'no-such-branch')).rejects.toThrow(SnapshotError);
    await expect(snapshotAt(dir, 'no-such-branch')).rejects.toThrow(`unknown revision "no-such-branch" in ${repo.dir}`);
    await expect(snapshotAt(dir, '--output=/tmp/x')).rejects.toThrow('"--output=/tmp/x" is not a revision');
    const plain = await tempDir();
    await expect(snapshotAt(plain, 'HEAD')).rejects.toThrow(`${plain} is not in a git repository`);
  });

  it('gives an empty folder when the folder did not exist at the revision', async () => {
    const repo = await tempRepo();
    await repo.write('README.md', 'before the fact base\n');
    await repo.commit('base');
    await repo.write('knowledge/base.yaml', 'facts: []\n');
    await repo.commit('add the base');
    const snapshot = await snapshotAt(path.join(repo.dir, 'knowledge'), 'HEAD~1');
    try {
      expect(existsSync(snapshot.dir)).toBe(true);
      expect(existsSync(path.join(snapshot.dir, 'base.yaml'))).toBe(false);
    } finally {
      await snapshot.dispose();
    }
  });
});
