import { cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { Metrics } from '../../src/runtime/metrics.ts';
import { Reloader } from '../../src/runtime/reload.ts';
import { captureLog } from '../support/capture-log.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';

let dir: string;
let file: string;
let original: string;
let store: KnowledgeStore;
let reloader: Reloader;
let log: ReturnType<typeof captureLog>;
let metrics: Metrics;
let bot: Bot;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'landscape-reload-'));
  await cp(FIXTURE_DIR, dir, { recursive: true });
  file = path.join(dir, 'base.yaml');
  original = await readFile(file, 'utf8');
  store = await KnowledgeStore.open(dir, { now: FIXED_NOW });
  log = captureLog('debug');
  metrics = new Metrics({ defaultMetrics: false, knowledge: () => store.current, watchMode: () => reloader.watchMode });
  reloader = new Reloader({ store, logger: log.logger, metrics, debounceMs: 50, pollMs: 100 });
  bot = new Bot({ store, now: () => FIXED_NOW, reload: () => reloader.ticket() });
});

afterEach(async () => {
  await reloader.close();
  await rm(dir, { recursive: true, force: true });
});

const R1_CLAIM = 'DeepSeek released DeepSeek-R1 (open weights) on 20 January 2025.';
const askR1 = async () => (await bot.handle({ platform: 'discord', userId: 'u', channelId: 'c', text: 'When was DeepSeek R1 released?' })).answer;
const claims = (answer: { items: { text: string }[] }) => answer.items.map((item) => item.text);

/** A fact file edit that keeps the base valid: the R1 claim says something new. */
const goodEdit = (text: string) => original.replace(R1_CLAIM, text);
/** A broken edit: a reference to a source that does not exist, and a malformed date. */
const brokenEdit = () =>
  original.replace('sources: [r1-repo]\n    quote: Release DeepSeek-R1', 'sources: [no-such-source]\n    quote: Release DeepSeek-R1').replace('date: 2023-07-18', 'date: 2023-13-45');

describe('hot reload', () => {
  it('serves a good edit once reloaded, and counts it', async () => {
    await writeFile(file, goodEdit('DeepSeek released DeepSeek-R1 on 20 January 2025 (edited).'));
    const outcome = await reloader.reload('test');
    expect(outcome).toMatchObject({ ok: true, errors: 0 });
    expect(claims(await askR1())).toContain('DeepSeek released DeepSeek-R1 on 20 January 2025 (edited).');
    expect(log.records().find((record) => record.msg === 'knowledge reloaded')).toMatchObject({ reason: 'test', facts: 6 });
    expect(await metrics.text()).toMatch(/landscape_knowledge_reloads_total\{result="ok"\} 1/);
  });

  it('rejects a broken edit, logs every problem with path:line:column, and keeps answering from the old base', async () => {
    const before = store.current;
    await writeFile(file, brokenEdit());
    const outcome = await reloader.reload('test');
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.errors).toBeGreaterThanOrEqual(2);
    expect(store.current).toBe(before);
    expect(claims(await askR1())).toContain(R1_CLAIM);

    const problems = log.records().filter((record) => record.msg === 'knowledge problem');
    expect(problems).toHaveLength(outcome.errors + outcome.warnings);
    for (const problem of problems) expect(problem.problem).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ `));
    expect(problems.map((problem) => problem.problem).join('\n')).toMatch(/no-such-source/);
    expect(problems.map((problem) => problem.problem).join('\n')).toMatch(/2025-13-45|date/);
    expect(log.records().find((record) => record.msg?.toString().startsWith('knowledge reload rejected'))).toMatchObject({ level: 50, errors: outcome.errors });
    expect(await metrics.text()).toMatch(/landscape_knowledge_reloads_total\{result="error"\} 1/);

    // Fixing the file brings the edit in.
    await writeFile(file, goodEdit('DeepSeek released DeepSeek-R1 on 20 January 2025 (fixed).'));
    expect((await reloader.reload('test')).ok).toBe(true);
    expect(claims(await askR1())).toContain('DeepSeek released DeepSeek-R1 on 20 January 2025 (fixed).');
  });

  it('a YAML syntax error also keeps the old base', async () => {
    await writeFile(file, `${original}\nfacts: [unclosed\n`);
    expect((await reloader.reload('test')).ok).toBe(false);
    expect(claims(await askR1())).toContain(R1_CLAIM);
    expect(log.records().some((record) => record.rule === 'yaml-syntax' && /:\d+:\d+ /.test(String(record.problem)))).toBe(true);
  });

  it('answers every query that runs during reloads, from one whole base or the other', async () => {
    const edited = 'DeepSeek released DeepSeek-R1 on 20 January 2025 (version B).';
    const queries: Promise<{ items: { text: string }[]; status: string }>[] = [];
    const reloads: Promise<unknown>[] = [];
    // Queries keep arriving between every step of the reloads' file reads and indexing.
    let done = false;
    const pump = (async () => {
      while (!done) {
        queries.push(askR1());
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    // Each reload loads on a new worker thread (about half a second): six rounds serve both
    // versions twice and reject two broken edits.
    for (let round = 0; round < 6; round++) {
      // The file is whole before each reload reads it; the queries overlap the reload.
      await writeFile(file, round % 3 === 2 ? brokenEdit() : round % 2 === 0 ? goodEdit(edited) : original);
      const reload = reloader.reload(`round ${round}`);
      for (let i = 0; i < 10; i++) queries.push(askR1());
      reloads.push(reload);
      await reload;
    }
    done = true;
    await pump;
    const outcomes = (await Promise.all(reloads)) as { ok: boolean }[];
    expect(outcomes.filter((outcome) => !outcome.ok)).toHaveLength(2);
    const answers = await Promise.all(queries);
    expect(answers.length).toBeGreaterThan(200);
    for (const answer of answers) {
      expect(answer.status).toBe('ok');
      const texts = claims(answer);
      // Never a mix, never empty: exactly one of the two versions of the claim.
      expect(texts.filter((text) => text === R1_CLAIM || text === edited)).toHaveLength(1);
    }
  });

  it('never runs two reloads at once: requests during one coalesce into one more', async () => {
    const spy = vi.spyOn(store, 'reload');
    const all = await Promise.all(Array.from({ length: 10 }, (_, i) => reloader.reload(`burst ${i}`)));
    expect(spy).toHaveBeenCalledTimes(2);
    expect(all.every((outcome) => outcome.ok)).toBe(true);
  });

  it('watches the folder: an edited file is served without anyone asking', async () => {
    reloader.watch();
    await writeFile(file, goodEdit('DeepSeek released DeepSeek-R1 on 20 January 2025 (watched).'));
    await vi.waitFor(async () => expect(claims(await askR1())).toContain('DeepSeek released DeepSeek-R1 on 20 January 2025 (watched).'), { timeout: 10_000, interval: 50 });
    // A new file in a new subfolder counts too.
    await (await import('node:fs/promises')).mkdir(path.join(dir, 'more'));
    await writeFile(
      path.join(dir, 'more', 'extra.yaml'),
      'facts:\n  - id: extra-fact\n    claim: An extra fact about Meta.\n    about: [meta]\n    answers: [company]\n    date: 2024\n    sources: [meta-llama1-blog]\n    confidence: low\n',
    );
    await vi.waitFor(() => expect(store.current.kb.facts.has('extra-fact')).toBe(true), { timeout: 10_000, interval: 50 });
  });

  it('ignores editor noise in the folder', async () => {
    const spy = vi.spyOn(reloader, 'request');
    reloader.watch();
    await writeFile(path.join(dir, '.base.yaml.swp'), 'x');
    await writeFile(path.join(dir, 'base.yaml~'), 'x');
    await writeFile(path.join(dir, 'notes.md'), 'x');
    // A YAML write afterwards proves events are flowing; only it asked for a reload.
    await writeFile(path.join(dir, 'base.yaml'), original);
    await vi.waitFor(() => expect(spy).toHaveBeenCalled(), { timeout: 10_000, interval: 20 });
    expect(spy.mock.calls.every(([reason]) => /base\.yaml$/.test(reason))).toBe(true);
  });

  it('a symbolic link loop breaks the watcher: it says so once, polls the folder, and edits are still served', async () => {
    await symlink('loop', path.join(dir, 'loop'));
    reloader.watch();
    expect(reloader.watchMode).toBe('watching');
    await writeFile(file, goodEdit('DeepSeek released DeepSeek-R1 on 20 January 2025 (beside a loop).'));
    await vi.waitFor(() => expect(reloader.watchMode).toBe('polling'), { timeout: 10_000, interval: 20 });
    await vi.waitFor(async () => expect(claims(await askR1())).toContain('DeepSeek released DeepSeek-R1 on 20 January 2025 (beside a loop).'), { timeout: 10_000, interval: 50 });
    // A new file in a new subfolder: what the broken watcher missed.
    await mkdir(path.join(dir, 'more'));
    await writeFile(
      path.join(dir, 'more', 'extra.yaml'),
      'facts:\n  - id: extra-fact\n    claim: An extra fact about Meta.\n    about: [meta]\n    answers: [company]\n    date: 2024\n    sources: [meta-llama1-blog]\n    confidence: low\n',
    );
    await vi.waitFor(() => expect(store.current.kb.facts.has('extra-fact')).toBe(true), { timeout: 10_000, interval: 50 });
    const warnings = log.records().filter((record) => String(record.msg).includes('checking it for changes every 0.1 s instead'));
    expect(warnings).toEqual([
      expect.objectContaining({ level: 40, msg: 'the knowledge folder watcher failed; checking it for changes every 0.1 s instead', err: expect.objectContaining({ code: 'ELOOP' }) }),
    ]);
    expect(await metrics.text()).toContain('landscape_knowledge_watch_mode{mode="polling"} 1');
  });

  it('a folder that cannot be watched at all is polled, and a folder swapped in is served', async () => {
    const moved = `${dir}-moved`;
    await rename(dir, moved);
    reloader.watch();
    expect(reloader.watchMode).toBe('polling');
    await writeFile(path.join(moved, 'base.yaml'), goodEdit('DeepSeek released DeepSeek-R1 on 20 January 2025 (swapped in).'));
    await rename(moved, dir);
    await vi.waitFor(async () => expect(claims(await askR1())).toContain('DeepSeek released DeepSeek-R1 on 20 January 2025 (swapped in).'), { timeout: 10_000, interval: 50 });
    expect(log.records().find((record) => String(record.msg).startsWith('cannot watch the knowledge folder'))).toMatchObject({ level: 40, err: expect.objectContaining({ code: 'ENOENT' }) });
  });

  it('reloads on SIGHUP', async () => {
    reloader.listenForSignal();
    await writeFile(file, goodEdit('DeepSeek released DeepSeek-R1 on 20 January 2025 (after sighup).'));
    process.emit('SIGHUP', 'SIGHUP');
    await vi.waitFor(async () => expect(claims(await askR1())).toContain('DeepSeek released DeepSeek-R1 on 20 January 2025 (after sighup).'), { timeout: 10_000, interval: 20 });
    expect(reloader.last?.reason).toBe('SIGHUP');
    await reloader.close();
    expect(process.listenerCount('SIGHUP')).toBe(0);
  });
});

describe('/reload', () => {
  it('reloads for the console and for a Discord admin, and reports the live version', async () => {
    await writeFile(file, goodEdit('DeepSeek released DeepSeek-R1 on 20 January 2025 (reloaded by an admin).'));
    const reply = await bot.handle({ platform: 'discord', userId: 'admin', channelId: 'c', command: 'reload', admin: true });
    expect(reply.answer.status).toBe('info');
    expect(reply.answer.title).toBe('Knowledge reload requested');
    expect(reply.answer.items[0]!.text).toMatch(/^Serving now: .*rev [0-9a-f]{10}\), 6 facts\.$/);
    await vi.waitFor(async () => expect(claims(await askR1())).toContain('DeepSeek released DeepSeek-R1 on 20 January 2025 (reloaded by an admin).'), { timeout: 10_000, interval: 20 });

    await writeFile(file, brokenEdit());
    await reloader.reload('test');
    const again = await bot.handle({ platform: 'console', userId: 'console', text: '/reload' });
    expect(again.answer.items.map((item) => item.text).join('\n')).toMatch(/Last reload was rejected .*error\(s\); the previous base kept serving/);
  });

  it('does not reload for a Discord member who is not an admin, nor on Slack', async () => {
    const spy = vi.spyOn(store, 'reload');
    for (const request of [
      { platform: 'discord' as const, userId: 'member', channelId: 'c', command: 'reload' },
      { platform: 'slack' as const, userId: 'U1', channelId: 'C1', command: 'reload', admin: false },
      { platform: 'slack' as const, userId: 'U1', channelId: 'C1', text: '/reload', locale: 'fr' as const },
    ]) {
      const reply = await bot.handle(request);
      expect(reply.answer.status).toBe('info');
      expect(reply.answer.title).toMatch(/admins|réservé/);
    }
    expect(spy).not.toHaveBeenCalled();
  });
});
