// The cache of loaded bases (src/knowledge/cache.ts) through the store, on a copy of the
// fixture base: a second start reads the saved base and answers the same; a touched file
// still finds it; an edit never does; a reload with nothing changed keeps the live base;
// a broken base is never saved.
import { cp, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { KnowledgeLoadError, KnowledgeStore } from '../../src/knowledge/store.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';

let dir: string;
let cacheDir: string;
const open = () => KnowledgeStore.open(dir, { now: FIXED_NOW, cacheDir });
const answer = async (store: KnowledgeStore, text: string) => (await new Bot({ store, now: () => FIXED_NOW }).handle({ platform: 'console', userId: 'cache', text })).answer;
const baseFile = () => path.join(dir, 'base.yaml');

beforeEach(async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'landscape-cache-'));
  dir = path.join(root, 'knowledge');
  cacheDir = path.join(root, 'cache');
  await cp(FIXTURE_DIR, dir, { recursive: true });
});

afterEach(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

describe('the cache of loaded bases', () => {
  it('gives a second start the saved base, which answers as the loaded one does', async () => {
    const first = await open();
    expect(first.fromCache).toBe(false);
    await first.flush();
    const second = await open();
    expect(second.fromCache).toBe(true);
    const loaded = (await loadKnowledge(dir, { now: FIXED_NOW })).kb!;
    expect(second.current.kb.version.revision).toBe(loaded.version.revision);
    expect([...second.current.kb.facts.values()]).toEqual([...loaded.facts.values()]);
    expect(Object.isFrozen(second.current.kb.facts.get('seed-r1-release-date')?.sources)).toBe(true);
    for (const text of ['When was DeepSeek R1 released?', '/timeline meta', '/share chinese-open', 'Mistal']) {
      expect(await answer(second, text)).toEqual(await answer(first, text));
    }
    expect(second.current.index.complete('entity', 'deeps')).toEqual(first.current.index.complete('entity', 'deeps'));
  });

  it('finds the saved base for files only touched, never for files edited', async () => {
    await (await open()).flush();
    const later = new Date(Date.now() + 60_000);
    await utimes(baseFile(), later, later);
    expect((await open()).fromCache).toBe(true);

    await writeFile(baseFile(), (await readFile(baseFile(), 'utf8')).replace('on 20 January 2025.', 'on 20 January 2025 (edited).'));
    const edited = await open();
    expect(edited.fromCache).toBe(false);
    expect(edited.current.kb.facts.get('seed-r1-release-date')?.claim).toContain('(edited)');
    await edited.flush();
    expect(await readdir(cacheDir)).toHaveLength(1);
  });

  it('keeps the live base on a reload with nothing changed, and takes an edit', async () => {
    const store = await open();
    await store.flush();
    const before = store.current;
    expect((await store.reload()).ok).toBe(true);
    expect(store.current).toBe(before);

    await writeFile(baseFile(), (await readFile(baseFile(), 'utf8')).replace('on 20 January 2025.', 'on 20 January 2025 (reloaded).'));
    expect((await store.reload()).ok).toBe(true);
    expect(store.current.kb.facts.get('seed-r1-release-date')?.claim).toContain('(reloaded)');

    await writeFile(baseFile(), 'facts: [oops');
    const broken = await store.reload();
    expect(broken.ok).toBe(false);
    expect(store.current.kb.facts.get('seed-r1-release-date')?.claim).toContain('(reloaded)');
  });

  it('never saves a broken base', async () => {
    await writeFile(baseFile(), 'facts: [oops');
    await expect(open()).rejects.toBeInstanceOf(KnowledgeLoadError);
    expect(await readdir(cacheDir).catch(() => [])).toEqual([]);
  });
});
