// When facts changed, for /new: from git blame in a folder under git (uncommitted edits count
// as changed now), else from file times. Real git in a temporary folder, dates pinned.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sinceTime } from '../../commands/new.ts';
import { Bot } from '../../src/bot.ts';
import { KnowledgeHistory, readFactHistory } from '../../src/knowledge/history.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { FIXED_NOW, FIXTURE_DIR, withFixtureFact } from '../support/fixture.ts';

const run = promisify(execFile);
let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'landscape-history-'));
  await cp(FIXTURE_DIR, dir, { recursive: true });
  file = path.join(dir, 'base.yaml');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function commit(message: string, date: string): Promise<void> {
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  const git = (...args: string[]) => run('git', ['-c', 'user.name=Curator', '-c', 'user.email=curator@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, env });
  await git('add', '-A');
  await git('commit', '-q', '-m', message);
}

const LICENCE = 'DeepSeek-R1 code and weights are under the MIT License, explicitly allowing commercial use and distillation.';
const NEW_FACT = `  - id: r1-new-fact
    claim: DeepSeek published the DeepSeek-R1 paper with its release.
    about: [deepseek-r1]
    answers: [release]
    date: 2025-01-20
    sources: [r1-repo]
    confidence: high
`;

const bot = async () => new Bot({ store: await KnowledgeStore.open(dir, { now: FIXED_NOW }), now: () => FIXED_NOW, history: readFactHistory });
const run_ = async (text: string) => (await (await bot()).handle({ platform: 'console', userId: 'test', text })).answer;

describe('/new', () => {
  it('lists from the git history what changed since a date: a committed edit, an uncommitted new fact', async () => {
    await run('git', ['init', '-q'], { cwd: dir });
    await commit('facts', '2026-09-01T10:00:00Z');
    await writeFile(file, (await readFile(file, 'utf8')).replace(LICENCE, `${LICENCE} (Edited.)`));
    await commit('licence edited', '2026-10-15T10:00:00Z');
    await writeFile(file, withFixtureFact(await readFile(file, 'utf8'), NEW_FACT));

    const history = await readFactHistory((await KnowledgeStore.open(dir, { now: FIXED_NOW })).current.kb);
    expect(history.source).toBe('git');
    expect(history.facts.get('seed-r1-release-date')).toEqual({ added: '2026-09-01T10:00:00.000Z', changed: '2026-09-01T10:00:00.000Z' });
    expect(history.facts.get('ds-r1-license')).toEqual({ added: '2026-09-01T10:00:00.000Z', changed: '2026-10-15T10:00:00.000Z' });

    const answer = await run_('/new 2026-10-01');
    expect(answer.title).toBe('New or changed since 1 October 2026');
    // Newest change first: the uncommitted fact (changed "now"), then the edited licence.
    expect(answer.items.map((item) => item.factId)).toEqual(['r1-new-fact', 'ds-r1-license']);
    expect(answer.lead!.text).toBe('1 fact added, 1 fact changed.');
    expect(answer.summary).toBe('When each fact changed comes from the git history of the fact base.');
    expect(answer.citations.length).toBeGreaterThan(0);
    expect((await run_('/new 2026-08')).items).toHaveLength(7);
  });

  it('uses file times outside git: every fact of a file changed when the file did', async () => {
    const when = new Date('2026-11-20T00:00:00Z');
    await utimes(file, when, when);
    const history = await readFactHistory((await KnowledgeStore.open(dir, { now: FIXED_NOW })).current.kb);
    expect(history.source).toBe('files');
    expect(history.facts.get('llama2')).toEqual({ added: when.toISOString(), changed: when.toISOString() });
    expect((await run_('/new 10d')).lead!.text).toBe('6 facts added.');
    const french = await (await bot()).handle({ platform: 'console', userId: 'test', text: '/new 2026-11-25', locale: 'fr' });
    expect(french.answer).toMatchObject({
      status: 'info',
      title: 'Nouveau ou modifié depuis le 25 novembre 2026',
      lead: { text: 'Aucun fait n’a été ajouté ni modifié depuis.' },
      summary: 'La date de chaque modification vient de celle de son fichier.',
    });
  });

  it('reads "since" as a date, a month, a year, days or weeks; anything else gets the usage line', async () => {
    expect(sinceTime('', FIXED_NOW)).toBe('2026-10-29T12:00:00.000Z');
    expect(sinceTime('30d', FIXED_NOW)).toBe('2026-10-29T12:00:00.000Z');
    expect(sinceTime('2w', FIXED_NOW)).toBe('2026-11-14T12:00:00.000Z');
    expect(sinceTime('7 jours', FIXED_NOW)).toBe('2026-11-21T12:00:00.000Z');
    expect(sinceTime('2026-10', FIXED_NOW)).toBe('2026-10-01T00:00:00.000Z');
    expect(sinceTime('2026', FIXED_NOW)).toBe('2026-01-01T00:00:00.000Z');
    expect(sinceTime('2026-02-31', FIXED_NOW)).toBeUndefined();
    expect(sinceTime('yesterday', FIXED_NOW)).toBeUndefined();
    expect((await run_('/new yesterday')).title).toBe('Usage: /new [since]');
  });

  it('says the history is not available where the bot has none', async () => {
    const plain = new Bot({ store: await KnowledgeStore.open(dir, { now: FIXED_NOW }), now: () => FIXED_NOW });
    const answer = (await plain.handle({ platform: 'console', userId: 'test', text: '/new' })).answer;
    expect(answer).toMatchObject({ status: 'info', lead: { text: 'The history of the fact base is still being read; try again in a moment.' } });
  });

  it('is read once per revision of the base', async () => {
    const history = new KnowledgeHistory();
    const { kb } = (await KnowledgeStore.open(dir, { now: FIXED_NOW })).current;
    const first = history.of(kb);
    expect(history.of(kb)).toBe(first);
    expect((await first)?.revision).toBe(kb.version.revision);
  });
});
