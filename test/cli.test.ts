import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main, SUBCOMMANDS } from '../src/cli.ts';
import { CONFIG_VARIABLES } from '../src/config.ts';
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

  it('is compact by default, with every page and note under --full, and in the language --lang asks', async () => {
    const compact = captureIo({ env });
    expect(await main(['ask', 'When was DeepSeek R1 released?'], compact)).toBe(0);
    expect(compact.out()).toMatch(/^DeepSeek-R1 — release date\nDeepSeek-R1 was released on 20 January 2025\. \[1\]/);
    expect(compact.out()).toContain('Details: type "details" or add --full');
    const full = captureIo({ env });
    expect(await main(['ask', '--full', 'When was DeepSeek R1 released?'], full)).toBe(0);
    expect(full.out()).toContain('⚠ Disputed: the source article says: “R1 was launched on 27 January 2025.”');
    const french = captureIo({ env });
    expect(await main(['ask', '--lang', 'fr', 'When was DeepSeek R1 released?'], french)).toBe(0);
    expect(french.out()).toMatch(/^DeepSeek-R1 — date de sortie\nDeepSeek-R1 est sorti le 20 janvier 2025\./);
    const wrong = captureIo({ env });
    expect(await main(['ask', '--lang', 'de', 'hi'], wrong)).toBe(2);
    expect(wrong.err()).toContain('--lang takes en or fr, not "de"');
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

describe('help', () => {
  it.each(Object.keys(SUBCOMMANDS))('landscape %s --help prints its usage and options, and does nothing else', async (name) => {
    // No variable at all: a command that needs a token must still explain itself.
    const io = captureIo({ env: {} });
    expect(await main([name, '--help'], io)).toBe(0);
    expect(io.out()).toMatch(new RegExp(`^Usage: landscape ${name}\\b`));
    expect(io.out().split('\n').length).toBeGreaterThan(3);
    expect(io.err()).toBe('');
    const short = captureIo({ env: {} });
    expect(await main(['help', name], short)).toBe(0);
    expect(short.out()).toBe(io.out());
  });

  it('lists every command and every configuration variable, grouped by platform', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    for (const name of Object.keys(SUBCOMMANDS)) expect(io.out()).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    for (const variable of CONFIG_VARIABLES) expect(io.out()).toMatch(new RegExp(`\\b${variable}\\b`));
    expect(io.out()).toMatch(/^ {2}Discord +DISCORD_TOKEN/m);
    expect(io.out()).toMatch(/^ {2}Slack +SLACK_BOT_TOKEN/m);
  });

  it("answers a wrong option with what went wrong and that command's usage, with status 2", async () => {
    const io = captureIo({ env: {} });
    expect(await main(['deploy-commands', '--guil', '1'], io)).toBe(2);
    expect(io.err()).toMatch(/^landscape deploy-commands: Unknown option '--guil'/);
    expect(io.err()).toContain('Usage: landscape deploy-commands [--guild ID | --global]');
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

  it('"more" turns to the next page of the last answer, "details" shows its notes, --lang fixes the language', async () => {
    const child = run('node', ['bin/landscape.js', 'start', '--lang', 'fr'], { env: { ...process.env, ...env, NO_COLOR: '1' } });
    child.child.stdin!.end('When was DeepSeek R1 released?\ndetails\n');
    const { stdout } = await child;
    expect(stdout).toMatch(/^DeepSeek-R1 — date de sortie/);
    expect(stdout).toContain('\nDétails · DeepSeek-R1 — date de sortie\n');
    expect(stdout).toContain('⚠ Contesté\u00a0: the source article affirme\u00a0: «\u00a0R1 a été lancé le 27 janvier');
  });
});
