import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.ts';
import { captureIo } from './support/io.ts';

const run = promisify(execFile);
const env = { KNOWLEDGE_DIR: 'test/fixtures/mini' };

describe('landscape ask', () => {
  it('prints one cited answer', async () => {
    const io = captureIo({ env });
    expect(await main(['ask', '/share chinese-open'], io)).toBe(0);
    expect(io.out()).toMatch(/^Share: Chinese open-weight models/);
    expect(io.out()).toContain('[1] China leapfrogs US');
  });

  it('prints the Answer as JSON with --json', async () => {
    const io = captureIo({ env });
    expect(await main(['ask', '--json', 'When was DeepSeek R1 released?'], io)).toBe(0);
    const answer = JSON.parse(io.out());
    expect(answer).toMatchObject({ status: 'ok', command: { name: 'ask' } });
    expect(answer.items[0].factId).toBe('seed-r1-release-date');
  });

  it('explains itself on a missing input or an unknown command', async () => {
    const empty = captureIo({ env });
    expect(await main(['ask'], empty)).toBe(2);
    expect(empty.err()).toContain('give a /command or a question');
    const unknown = captureIo({ env });
    expect(await main(['frobnicate'], unknown)).toBe(2);
    expect(unknown.err()).toContain('unknown command "frobnicate"');
  });

  it('refuses to start on a broken base, listing each problem with its position', async () => {
    const io = captureIo({ env: { KNOWLEDGE_DIR: 'test/fixtures/lint/syntax' } });
    expect(await main(['ask', '/about'], io)).toBe(1);
    expect(io.err()).toContain('test/fixtures/lint/syntax/broken.yaml:5:1');
  });
});

describe('npm start with no token (the real entry point)', () => {
  it('answers one line per input line from a pipe, then exits at end of input', async () => {
    const child = run('node', ['bin/landscape.js', 'start'], { env: { ...process.env, ...env, NO_COLOR: '1' } });
    child.child.stdin!.end('/share chinese-open\n\n/timeline meta\n');
    const { stdout } = await child;
    const answers = stdout.split(/\n\n(?=Share:|Timeline:)/);
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatch(/^Share: Chinese open-weight models/);
    expect(answers[1]).toMatch(/^Timeline: Meta/);
    expect(stdout).not.toContain('\u001b[');
  });
});
