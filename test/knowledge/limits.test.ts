// Hostile knowledge files: each is a problem at its file, line and column, found without
// reading more than the limits allow, and `landscape lint` reports it like any other
// problem (exit 1, never a stack trace).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { KNOWLEDGE_LIMITS, loadKnowledge } from '../../src/knowledge/load.ts';
import { formatProblem } from '../../src/knowledge/problems.ts';
import { captureIo } from '../support/io.ts';

const now = new Date('2026-11-28T12:00:00Z');
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function folder(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'landscape-limits-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

/** A valid source, entity and fact, for files that must otherwise pass. */
const VALID = [
  'sources:',
  '  - { id: s, title: T, publisher: P, url: "https://example.org/", kind: news }',
  'entities:',
  '  - { id: a, kind: topic, name: A, description: D }',
  'facts:',
  '  - id: f',
  '    claim: C',
  '    about: [a]',
  '    answers: [event]',
  '    date: 2025',
  '    sources: [s]',
  '    confidence: high',
].join('\n');

/** `lint` on a folder, as a maintainer runs it: status, stdout lines, stderr. */
async function lint(dir: string) {
  const io = captureIo();
  const status = await main(['lint', dir], io);
  return { status, out: io.out().trim().split('\n'), err: io.err() };
}

function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/\n\s+at /);
  expect(text).not.toMatch(/(Reference|Range|Type)Error/);
}

describe('a file that cannot be read as knowledge', () => {
  it('an alias bomb ("billion laughs") is refused at its first alias, and lint exits 1 without a stack trace', async () => {
    const laughs = ['lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level++) {
      const [name, previous] = [String.fromCharCode(97 + level), String.fromCharCode(96 + level)];
      laughs.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const dir = await folder({ 'base.yaml': `${VALID}\n`, 'bomb.yaml': `${laughs.join('\n')}\n` });
    const { status, out, err } = await lint(dir);
    expect(status).toBe(1);
    expect(out).toEqual([`${dir}/bomb.yaml:2:8  the YAML aliases (*name) expand too far (more than ${KNOWLEDGE_LIMITS.yamlAliases}); write the values out (yaml-aliases)`]);
    expectNoStackTrace(out.join('\n') + err);
  });

  it('a Latin-1 file is refused at its first non-UTF-8 byte, instead of its letters becoming U+FFFD', async () => {
    const latin1 = Buffer.from(VALID.replace('claim: C', 'claim: Modèles ouverts'), 'latin1');
    const dir = await folder({ 'base.yaml': latin1 });
    const result = await loadKnowledge(dir, { now });
    expect(result.kb).toBeUndefined();
    expect(result.problems.map(formatProblem)).toEqual([`${dir}/base.yaml:7:15  not UTF-8 (byte 0xE8); save the file as UTF-8 (encoding)`]);
  });

  it('a file that contains U+FFFD as UTF-8 is read as it is', async () => {
    const dir = await folder({ 'base.yaml': VALID.replace('claim: C', 'claim: "C \uFFFD"') });
    const result = await loadKnowledge(dir, { now });
    expect(result.problems).toEqual([]);
    expect(result.kb?.facts.get('f')?.claim).toBe('C \uFFFD');
  });

  it('nesting too deep to read is a problem in that file, not a stack overflow', async () => {
    const dir = await folder({ 'base.yaml': `${VALID}\n`, 'deep.yaml': `facts:\n  - claim: ${'['.repeat(20_000)}1${']'.repeat(20_000)}\n` });
    const { status, out, err } = await lint(dir);
    expect(status).toBe(1);
    expect(out.some((line) => line.startsWith(`${dir}/deep.yaml:`) && line.includes('nested too deeply to read'))).toBe(true);
    expectNoStackTrace(out.join('\n') + err);
  });
});

describe('size limits', () => {
  it('a file over the size limit is refused without being parsed', async () => {
    const huge = `facts:\n  - claim: "${'x'.repeat(KNOWLEDGE_LIMITS.fileBytes)}"\n`;
    const dir = await folder({ 'base.yaml': `${VALID}\n`, 'huge.yaml': huge });
    const result = await loadKnowledge(dir, { now });
    expect(result.problems.map(formatProblem)).toEqual([`${dir}/huge.yaml:1:1  257 KiB; a knowledge file may be at most 256 KiB (split it) (too-large)`]);
  });

  it('a folder over the total size limit is refused before any file is read', async () => {
    // A limit of 100 kB here, so that the test writes kilobytes, not the 16 MiB of the default.
    const filler = `# ${'x'.repeat(30 * 1024)}\n`;
    const dir = await folder({ 'a.yaml': filler, 'b.yaml': filler, 'c.yaml': filler, 'd.yaml': filler });
    const result = await loadKnowledge(dir, { now, limits: { totalBytes: 100 * 1024 } });
    expect(result.problems.map(formatProblem)).toEqual([`${dir}:1:1  121 KiB of YAML; the knowledge folder may hold at most 100 KiB (KNOWLEDGE_MAX_MB raises it) (too-large)`]);
  });

  it('a file with more items than a file may hold is refused as a whole', async () => {
    const items = Array.from({ length: KNOWLEDGE_LIMITS.itemsPerFile + 1 }, (_, index) => `  - { id: s${index}, title: T, publisher: P, url: "https://example.org/", kind: news }`);
    const dir = await folder({ 'many.yaml': `sources:\n${items.join('\n')}\n` });
    const result = await loadKnowledge(dir, { now });
    expect(result.problems.map(formatProblem)).toEqual([`${dir}/many.yaml:1:1  1,001 items; a knowledge file may hold at most 1,000 (split it) (too-large)`]);
  });

  it('a base with more items than it may hold is refused once, at the file that goes over', async () => {
    const files: Record<string, string> = {};
    for (let part = 0; part < 5; part++) {
      const items = Array.from({ length: 3 }, (_, index) => `  - { id: s${part}-${index}, title: T, publisher: P, url: "https://example.org/", kind: news }`);
      files[`part-${part}.yaml`] = `sources:\n${items.join('\n')}\n`;
    }
    const dir = await folder(files);
    const result = await loadKnowledge(dir, { now, limits: { items: 10 } });
    const tooMany = result.problems.filter((problem) => problem.rule === 'too-large');
    expect(tooMany.map(formatProblem)).toEqual([
      `${dir}/part-3.yaml:1:1  this file takes the base past 10 items (sources, entities, facts, freshness rules and intents), the most it may hold (KNOWLEDGE_MAX_ITEMS raises it) (too-large)`,
    ]);
    expect(result.kb).toBeUndefined();
  });

  it('a field longer than the limit is refused at that field', async () => {
    const dir = await folder({ 'base.yaml': VALID.replace('claim: C', `claim: ${'word '.repeat(1_000)}`) });
    const result = await loadKnowledge(dir, { now });
    expect(result.kb).toBeUndefined();
    expect(result.problems.filter((problem) => problem.severity === 'error').map(formatProblem)).toEqual([
      `${dir}/base.yaml:7:12  facts.0.claim: 4,999 characters; a field may hold at most 2,000 (too-long)`,
    ]);
  });

  it('a list longer than the limit is refused at that list', async () => {
    const aliases = Array.from({ length: KNOWLEDGE_LIMITS.listLength + 1 }, (_, index) => `a${index}`).join(', ');
    const dir = await folder({ 'base.yaml': VALID.replace('name: A,', `name: A, aliases: { en: [${aliases}] },`) });
    const result = await loadKnowledge(dir, { now });
    expect(result.problems.filter((problem) => problem.rule === 'too-long').map(formatProblem)).toEqual([
      expect.stringMatching(new RegExp(`^${dir}/base\\.yaml:4:\\d+  entities\\.0\\.aliases\\.en: 101 entries; a list may hold at most 100 \\(too-long\\)$`)),
    ]);
  });
});

describe('many problems', () => {
  it('lists the first ones, counts the rest in a last line, and knows the totals', async () => {
    const bad = Array.from({ length: 250 }, (_, index) => `  - { id: Bad_${index} }`).join('\n');
    const dir = await folder({ 'bad.yaml': `facts:\n${bad}\n` });
    const result = await loadKnowledge(dir, { now });
    expect(result.problems).toHaveLength(KNOWLEDGE_LIMITS.problems + 1);
    expect(result.errors).toBeGreaterThan(250 * 5);
    const last = result.problems.at(-1)!;
    expect(last).toMatchObject({ file: dir, severity: 'error', rule: 'more-problems' });
    expect(last.message).toBe(
      `and ${(result.errors - KNOWLEDGE_LIMITS.problems).toLocaleString('en')} more problem(s) not listed (${(result.errors - KNOWLEDGE_LIMITS.problems).toLocaleString('en')} error(s), 0 warning(s)); fix the ones above and run lint again`,
    );
  });

  it('names a few unknown fields of an item, not thousands', async () => {
    const keys = Array.from({ length: 5_000 }, (_, index) => `k${index}: 1`).join(', ');
    const dir = await folder({ 'base.yaml': VALID.replace('name: A,', `name: A, ${keys},`) });
    const result = await loadKnowledge(dir, { now });
    expect(result.problems.filter((problem) => problem.rule === 'schema').map((problem) => problem.message)).toEqual(['entities.0: unknown field "k0", "k1", "k2", "k3", "k4" and 4,995 more']);
  });
});
