// The cache of loaded bases (src/knowledge/cache.ts) through the store, on a copy of the
// fixture base: a second start reads the saved base and answers the same; a touched file
// still finds it; an edit never does; a reload with nothing changed keeps the live base;
// a broken base is never saved. A start from the files gets the base the cache would give.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Bot } from '../../src/bot.ts';
import { loadKnowledge, type KnowledgeBase } from '../../src/knowledge/load.ts';
import { KnowledgeLoadError, KnowledgeStore } from '../../src/knowledge/store.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';

let dir: string;
let cacheDir: string;
const open = () => KnowledgeStore.open(dir, { now: FIXED_NOW, cacheDir });
const answer = async (store: KnowledgeStore, text: string) => (await new Bot({ store, now: () => FIXED_NOW }).handle({ platform: 'console', userId: 'cache', text })).answer;
const baseFile = () => path.join(dir, 'base.yaml');

/** How V8 holds a string: v8.serialize tags it '"' for one byte a character, 'c' for two (after padding). */
function bytesPerCharacter(text: string): number {
  const bytes = v8.serialize(text);
  let at = 2; // after the header: 0xff and the format's version
  while (bytes[at] === 0) at++;
  return bytes[at] === 0x22 ? 1 : bytes[at] === 0x63 ? 2 : Number.NaN;
}

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

  it('gives a start from the files the base a start from the cache gets: equal, its ASCII strings one byte a character', async () => {
    const ids = (kb: KnowledgeBase) => [...kb.facts.values()].flatMap((fact) => [fact.id, ...fact.about, ...fact.sources]);
    // One character past Latin-1 (’, —) makes V8 hold a whole file's text two bytes a character…
    await writeFile(baseFile(), `# It’s a file with a curly apostrophe.\n${await readFile(baseFile(), 'utf8')}`);
    // …and the strings the YAML parser cuts from it (else this test proves nothing).
    const parsed = parse(await readFile(baseFile(), 'utf8')) as { facts: { id: string }[] };
    expect(new Set(parsed.facts.map((fact) => bytesPerCharacter(fact.id)))).toContain(2);
    const first = await open();
    expect(first.fromCache).toBe(false);
    await first.flush();
    const second = await open();
    expect(second.fromCache).toBe(true);
    // Everything: sources, entities, facts, freshness rules, intents, version.
    expect(first.current.kb).toEqual(second.current.kb);
    for (const store of [first, second]) expect(new Set(ids(store.current.kb).map(bytesPerCharacter))).toEqual(new Set([1]));
  });

  it('dates a base outside git by its newest file, read back from the cache as loaded from the files', async () => {
    // The temporary folder is in no git repository: the version is the newest file's day.
    const older = new Date('2024-05-06T10:00:00Z');
    const newest = new Date('2024-05-07T10:00:00Z');
    for (const file of await readdir(dir, { recursive: true })) if (file.endsWith('.yaml')) await utimes(path.join(dir, file), older, older);
    await utimes(baseFile(), newest, newest);
    await (await open()).flush();
    const second = await open();
    expect(second.fromCache).toBe(true);
    expect(second.current.kb.version.date).toBe('2024-05-07');
    expect(second.current.kb.version.date).toBe((await loadKnowledge(dir, { now: FIXED_NOW })).kb!.version.date);
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

  it('reads back a base saved over many lines, on a start and on a reload', async () => {
    // The bundled base: more facts, sources and index terms than one line of the entry holds.
    await rm(dir, { recursive: true });
    await cp('knowledge', dir, { recursive: true });
    const first = await open();
    await first.flush();
    const [entry] = await readdir(cacheDir);
    const lines = (await readFile(path.join(cacheDir, entry!), 'latin1')).split('\n').filter(Boolean);
    expect(lines.filter((line) => line.startsWith('["facts",')).length).toBeGreaterThan(1);
    expect(lines.filter((line) => line.startsWith('["search",["index",')).length).toBeGreaterThan(1);
    expect(lines.every((line) => /^[\x20-\x7e]*$/.test(line))).toBe(true);

    const second = await open();
    expect(second.fromCache).toBe(true);
    expect([...second.current.kb.facts.values()]).toEqual([...first.current.kb.facts.values()]);
    expect([...second.current.kb.sources.values()]).toEqual([...first.current.kb.sources.values()]);
    for (const text of ['When was DeepSeek R1 released?', 'Quelle part des téléchargements pour les modèles chinois ?', '/vendor mistral']) {
      expect(await answer(second, text)).toEqual(await answer(first, text));
    }

    // Another process (a replica sharing the cache) loads an edit first and saves it; this
    // one's reload then reads it back from the cache, a slice at a time.
    const file = path.join(dir, 'entities', 'topics.yaml');
    await writeFile(file, `${await readFile(file, 'utf8')}\n# edited\n`);
    const other = await open();
    expect(other.fromCache).toBe(false);
    await other.flush();
    expect(await second.reload()).toMatchObject({ ok: true, from: 'cache' });
    expect(second.current.kb.version.revision).toBe(other.current.kb.version.revision);
    expect(second.current.kb.version.revision).not.toBe(first.current.kb.version.revision);
    for (const text of ['When was DeepSeek R1 released?', '/timeline deepseek', 'Mistal']) {
      expect(await answer(second, text)).toEqual(await answer(other, text));
    }
  });

  it('never uses an entry cut short, and loads the files instead', async () => {
    await (await open()).flush();
    const [entry] = await readdir(cacheDir);
    const file = path.join(cacheDir, entry!);
    const lines = (await readFile(file, 'latin1')).split('\n');
    // Without its last line (the count of the lines before it), then without its last two.
    await writeFile(file, `${lines.slice(0, -2).join('\n')}\n`, 'latin1');
    expect((await open()).fromCache).toBe(false);
    await writeFile(file, `${lines.slice(0, -3).join('\n')}\n${lines.at(-2)}\n`, 'latin1');
    expect((await open()).fromCache).toBe(false);
  });

  it('keeps other folders’ most recently used entries, and drops the rest, the unused and the abandoned', async () => {
    await mkdir(cacheDir, { recursive: true });
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    // Named as entries are (folder, stamp and content hashes), for folders other than `dir`.
    const entry = (n: number, extension = '.jsonl') => `${n.toString(16).padStart(12, 'a')}-${'b'.repeat(24)}-${'c'.repeat(24)}${extension}`;
    const make = async (name: string, when: Date) => {
      await writeFile(path.join(cacheDir, name), '{}');
      await utimes(path.join(cacheDir, name), when, when);
    };
    // 34 used within the hour (one of an older format): the two used longest ago go.
    await make(entry(100, '.json'), minutesAgo(0.5));
    for (let n = 1; n <= 33; n++) await make(entry(n), minutesAgo(n));
    await make(entry(200), minutesAgo(20 * 24 * 60));
    await make(`${entry(300)}.4242.tmp`, minutesAgo(120));
    await make(`${entry(301)}.4243.tmp`, minutesAgo(1));
    await make('notes.txt', minutesAgo(30 * 24 * 60));

    await (await open()).flush();
    const left = new Set(await readdir(cacheDir));
    const entries = [...left].filter((name) => name.endsWith('.jsonl'));
    expect(left.has(entry(100, '.json'))).toBe(true);
    for (let n = 1; n <= 31; n++) expect(left.has(entry(n))).toBe(true);
    expect(left.has(entry(32))).toBe(false);
    expect(left.has(entry(33))).toBe(false);
    expect(left.has(entry(200))).toBe(false);
    expect(left.has(`${entry(300)}.4242.tmp`)).toBe(false);
    // A writer may be filling this one right now.
    expect(left.has(`${entry(301)}.4243.tmp`)).toBe(true);
    expect(left.has('notes.txt')).toBe(true);
    // The base just saved, beside the 31 others.
    expect(entries.length).toBe(32);
    expect((await open()).fromCache).toBe(true);
  });

  it('marks an entry used when a start reads it, so that it is not the first to go', async () => {
    await (await open()).flush();
    const [name] = await readdir(cacheDir);
    const longAgo = new Date(Date.now() - 10 * 24 * 3600 * 1000);
    await utimes(path.join(cacheDir, name!), longAgo, longAgo);
    expect((await open()).fromCache).toBe(true);
    expect(Date.now() - (await stat(path.join(cacheDir, name!))).mtimeMs).toBeLessThan(60_000);
  });

  it('never saves a broken base', async () => {
    await writeFile(baseFile(), 'facts: [oops');
    await expect(open()).rejects.toBeInstanceOf(KnowledgeLoadError);
    expect(await readdir(cacheDir).catch(() => [])).toEqual([]);
  });
});
