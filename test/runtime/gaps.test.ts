import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatGaps, GapRecorder, gapsCli, readGaps, summarizeGaps, type GapEntry } from '../../src/runtime/gaps.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'landscape-gaps-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const miss = (text: string, at = '2026-11-28T12:00:00.000Z', command = 'ask'): Omit<GapEntry, 'at'> & { at: string } => ({ command, text, locale: 'en', platform: 'slack', at });

describe('gaps file', () => {
  it('appends one JSON line per miss, creating its folder, with no user or channel id', async () => {
    const file = path.join(dir, 'nested', 'gaps.jsonl');
    const recorder = new GapRecorder({ file });
    recorder.record(miss('Who funds Mistral?'));
    recorder.record(miss('x'.repeat(1_000)));
    await recorder.flush();
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0]).sort()).toEqual(['at', 'command', 'locale', 'platform', 'text']);
    expect(lines[1].text.length).toBeLessThanOrEqual(201);
  });

  it('rotates past its line cap, keeping one older generation', async () => {
    const file = path.join(dir, 'gaps.jsonl');
    const recorder = new GapRecorder({ file, maxLines: 10 });
    for (let i = 0; i < 25; i++) recorder.record(miss(`question ${i}`));
    await recorder.flush();
    const current = (await readFile(file, 'utf8')).trim().split('\n');
    const older = (await readFile(`${file}.1`, 'utf8')).trim().split('\n');
    expect(current).toHaveLength(5);
    expect(older).toHaveLength(10);
    expect(JSON.parse(current.at(-1)!).text).toBe('question 24');
    expect((await readGaps(file)).map((entry) => entry.text)).toEqual(Array.from({ length: 15 }, (_, i) => `question ${i + 10}`));
  });

  it('rotates past its byte cap, so the two files stay bounded', async () => {
    const file = path.join(dir, 'gaps.jsonl');
    const recorder = new GapRecorder({ file, maxBytes: 2_000 });
    for (let i = 0; i < 200; i++) recorder.record(miss(`a somewhat longer unanswered question number ${i}`));
    await recorder.flush();
    expect((await stat(file)).size).toBeLessThanOrEqual(2_000);
    expect((await stat(`${file}.1`)).size).toBeLessThanOrEqual(2_000);
  });

  it('picks up the size of an existing file after a restart', async () => {
    const file = path.join(dir, 'gaps.jsonl');
    const first = new GapRecorder({ file, maxLines: 3 });
    for (const text of ['a', 'b']) first.record(miss(text));
    await first.flush();
    const second = new GapRecorder({ file, maxLines: 3 });
    for (const text of ['c', 'd']) second.record(miss(text));
    await second.flush();
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(1);
    expect((await readFile(`${file}.1`, 'utf8')).trim().split('\n')).toHaveLength(3);
  });

  it('never throws when the disk refuses; it counts what it dropped', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    const recorder = new GapRecorder({ file: path.join(blocker, 'gaps.jsonl') });
    await (await import('node:fs/promises')).writeFile(blocker, 'a file where a folder should be');
    recorder.record(miss('q'));
    await recorder.flush();
    expect(recorder.dropped).toBe(1);
  });

  it('groups questions that differ in case, accents, punctuation and spacing; most asked first', () => {
    const summaries = summarizeGaps([
      miss('Who funds Mistral?', '2026-11-01T00:00:00Z'),
      miss('who funds   MISTRAL', '2026-11-03T00:00:00Z'),
      miss('Who funds Mistral !', '2026-11-02T00:00:00Z'),
      miss('Qui finance Mistral ?', '2026-11-02T00:00:00Z'),
      miss('Qui finance Mîstral', '2026-11-04T00:00:00Z'),
      miss('qwen-9', '2026-11-05T00:00:00Z', 'model'),
      miss('???', '2026-11-05T00:00:00Z'),
    ]);
    expect(summaries.map(({ count, text, command }) => [count, command, text])).toEqual([
      [3, 'ask', 'who funds   MISTRAL'],
      [2, 'ask', 'Qui finance Mîstral'],
      [1, 'model', 'qwen-9'],
    ]);
    expect(formatGaps(summaries)[0]).toMatch(/count\s+last seen\s+question/);
    expect(formatGaps(summaries)[3]).toMatch(/1 {2}2026-11-05 {2}\/model qwen-9$/);
  });

  it('`landscape gaps` prints the table, honours --limit, and refuses a bad one', async () => {
    const file = path.join(dir, 'gaps.jsonl');
    const recorder = new GapRecorder({ file });
    for (const text of ['Who funds Mistral?', 'who funds mistral', 'When did Qwen 3 ship?']) recorder.record(miss(text));
    await recorder.flush();
    const out: string[] = [];
    const err: string[] = [];
    expect(
      await gapsCli(
        ['--limit', '1'],
        { GAPS_FILE: file },
        (line) => out.push(line),
        (line) => err.push(line),
      ),
    ).toBe(0);
    expect(out).toHaveLength(2);
    expect(out[1]).toMatch(/^ +2 {2}2026-11-28 {2}who funds mistral$/);
    expect(err.join('\n')).toContain('3 unanswered question(s) recorded, 1 shown');
    const json: string[] = [];
    expect(
      await gapsCli(
        ['--json', '--file', file],
        {},
        (line) => json.push(line),
        () => {},
      ),
    ).toBe(0);
    expect(JSON.parse(json.join('\n')).questions).toHaveLength(2);
    expect(
      await gapsCli(
        ['--limit', 'zero'],
        {},
        () => {},
        () => {},
      ),
    ).toBe(2);
    expect(
      await gapsCli(
        ['--nope'],
        {},
        () => {},
        () => {},
      ),
    ).toBe(2);
  });
});
