// Hostile edits to the knowledge folder of a running `landscape start` (Slack over HTTP on
// loopback), as an operator would meet them: a 15 MB file, megabytes of broken items, an
// alias bomb, a Latin-1 file, a multi-megabyte claim, a symbolic link loop. The bot keeps
// answering from its last good base, /healthz keeps answering and tells the truth, and
// each problem is logged once with its file. Nothing is timed: every step waits for what
// the process logs or answers.
import { cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWLEDGE_LIMITS } from '../../src/knowledge/load.ts';
import { commandPost, postToSlackEndpoint, SIGNING_SECRET, startFakeWebApi, textsOf, type FakeWebApi } from '../e2e/slack-fakes.ts';
import { FIXTURE_DIR } from '../support/fixture.ts';
import { slackReady, spawnLandscape, type LandscapeProcess } from '../support/landscape-process.ts';

// The lead line states the R1 release fact's date; an edit of that date shows in answers.
const R1_DATE = 'date: 2025-01-20\n    sources: [r1-repo]\n    quote: Release DeepSeek-R1';
const R1_LEAD = 'DeepSeek-R1 was released on';

let api: FakeWebApi;
let dir: string;
let knowledge: string;
let bot: LandscapeProcess;
let base: string;

beforeAll(async () => {
  api = await startFakeWebApi();
  dir = await mkdtemp(path.join(tmpdir(), 'landscape-hostile-'));
  knowledge = path.join(dir, 'knowledge');
  await cp(FIXTURE_DIR, knowledge, { recursive: true });
  bot = spawnLandscape({
    SLACK_BOT_TOKEN: 'xoxb-hostile-knowledge',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.url,
    PORT: '0',
    KNOWLEDGE_DIR: knowledge,
    // Beside the copy, gone with it: not the checkout's cache (see src/knowledge/cache.ts).
    KNOWLEDGE_CACHE: path.join(dir, 'cache'),
    GAPS_FILE: 'off',
    LOG_LEVEL: 'info',
    RATE_LIMIT_USER: 'off',
    RATE_LIMIT_CHANNEL: 'off',
  });
  base = await slackReady(bot);
});

afterAll(async () => {
  await bot?.kill();
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const healthz = async () => {
  const response = await fetch(`${base}/healthz`);
  return { status: response.status, body: (await response.json()) as any };
};
const askR1 = async () =>
  textsOf((await postToSlackEndpoint(base, commandPost({ command: '/ask', text: 'When was DeepSeek R1 released?', responseUrl: 'http://127.0.0.1:9/unused' }))).json()).join('\n');

/** The next reload's outcome line after `from` log lines, and the problems logged before it. */
async function nextReload(from: number): Promise<{ outcome: Record<string, any>; problems: Record<string, any>[] }> {
  const outcome = await bot.waitForLog((line) => bot.logs.entries.indexOf(line) >= from && (line.msg === 'knowledge reloaded' || String(line.msg).startsWith('knowledge reload rejected')));
  const problems = bot.logs.entries.slice(from, bot.logs.entries.indexOf(outcome)).filter((line) => line.msg === 'knowledge problem');
  return { outcome, problems };
}

/** After a rejected edit: still serving the last good base, and /healthz says so with 200. */
async function expectStillServing(): Promise<void> {
  expect(await askR1()).toContain(R1_LEAD);
  const { status, body } = await healthz();
  expect(status).toBe(200);
  expect(body).toMatchObject({ status: 'ok', knowledge: { facts: 6, lastReload: { ok: false }, reloading: false } });
}

describe('hostile edits to the knowledge folder of a running bot', () => {
  // First, while the watcher is whole: Node's recursive watcher can also fail on a folder
  // removed under it, as the tests below do.
  it('a symbolic link loop breaks the folder watcher: /healthz says it polls, and edits are still served', async () => {
    await symlink('loop', path.join(knowledge, 'loop'));
    const file = path.join(knowledge, 'base.yaml');
    const original = await readFile(file, 'utf8');
    expect(original).toContain(R1_DATE);
    await writeFile(file, original.replace(R1_DATE, R1_DATE.replace('2025-01-20', '2025-01-22')));
    const fellBack = await bot.waitForLog((line) => String(line.msg).startsWith('the knowledge folder watcher failed'));
    expect(fellBack).toMatchObject({ level: 40, err: expect.objectContaining({ code: 'ELOOP' }) });
    await bot.waitForLog((line) => line.msg === 'knowledge reloaded' && bot.logs.entries.indexOf(line) > bot.logs.entries.indexOf(fellBack));
    expect(await askR1()).toContain('DeepSeek-R1 was released on 22 January 2025.');
    expect((await healthz()).body).toMatchObject({ status: 'ok', knowledge: { watch: 'polling' } });

    // A new file in a new subfolder: what the broken watcher missed.
    const from = bot.logs.entries.length;
    await mkdir(path.join(knowledge, 'more'));
    await writeFile(
      path.join(knowledge, 'more', 'extra.yaml'),
      'facts:\n  - id: extra-fact\n    claim: An extra fact about Meta.\n    about: [meta]\n    answers: [company]\n    date: 2024\n    sources: [meta-llama1-blog]\n    confidence: low\n',
    );
    expect((await nextReload(from)).outcome).toMatchObject({ msg: 'knowledge reloaded', facts: 7 });
    expect(bot.logs.filter((line) => String(line.msg).startsWith('the knowledge folder watcher failed'))).toHaveLength(1);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('landscape_knowledge_watch_mode{mode="polling"} 1');

    // Back to the base the other tests expect; polling notices that too.
    await writeFile(file, original);
    await rm(path.join(knowledge, 'more'), { recursive: true });
    await bot.waitForLog((line) => line.msg === 'knowledge reloaded' && line.facts === 6 && bot.logs.entries.indexOf(line) >= from);
    expect(await askR1()).toContain(R1_LEAD);
  });

  it('a 15 MB file is refused unread, logged once with its file, and the bot keeps serving', async () => {
    const from = bot.logs.entries.length;
    await writeFile(path.join(knowledge, 'huge.yaml'), `facts:\n${'  - { id: x }\n'.repeat((15 * 1024 * 1024) / 14)}`);
    const { outcome, problems } = await nextReload(from);
    expect(outcome).toMatchObject({ level: 50, errors: 1 });
    expect(problems.map((line) => line.problem)).toEqual([`${path.join(knowledge, 'huge.yaml')}:1:1  15 MiB; a knowledge file may be at most 256 KiB (split it) (too-large)`]);
    await expectStillServing();
    await rm(path.join(knowledge, 'huge.yaml'));
    expect((await nextReload(bot.logs.entries.length)).outcome.msg).toBe('knowledge reloaded');
  });

  it('megabytes of broken items are rejected on a worker: /healthz answers all along, saying a reload is running', async () => {
    // Built beside the folder and moved in at once: one change, one reload.
    const bulk = path.join(dir, 'bulk');
    await mkdir(bulk);
    const item = (file: number, index: number) => `  - { id: Bad_${file}_${index}, claim: ${'x'.repeat(200)}, about: [nobody], answers: [event], date: 2025, sources: [none], confidence: high }`;
    for (let file = 0; file < 16; file++) await writeFile(path.join(bulk, `part-${file}.yaml`), `facts:\n${Array.from({ length: 800 }, (_, index) => item(file, index)).join('\n')}\n`);
    const from = bot.logs.entries.length;
    await rename(bulk, path.join(knowledge, 'bulk'));

    // Ask until the reload is over: every answer comes, and some come while it runs.
    const seen: { status: number; reloading: boolean }[] = [];
    const reloaded = nextReload(from);
    let over = false;
    void reloaded.then(() => (over = true));
    while (!over) {
      const { status, body } = await healthz();
      seen.push({ status, reloading: body.knowledge.reloading });
      expect(await askR1()).toContain(R1_LEAD);
    }
    expect(seen.every((answer) => answer.status === 200)).toBe(true);
    expect(seen.some((answer) => answer.reloading)).toBe(true);

    const { outcome, problems } = await reloaded;
    expect(outcome.errors).toBeGreaterThan(KNOWLEDGE_LIMITS.problems);
    // The first problems are listed, the last line counts the rest.
    expect(problems).toHaveLength(KNOWLEDGE_LIMITS.problems + 1);
    expect(problems.at(-1)!.rule).toBe('more-problems');
    await expectStillServing();
    await rm(path.join(knowledge, 'bulk'), { recursive: true });
    expect((await nextReload(bot.logs.entries.length)).outcome.msg).toBe('knowledge reloaded');
  });

  it('an alias bomb, a Latin-1 file and a multi-megabyte claim are each one problem at their file, and the bot keeps serving', async () => {
    const laughs = ['lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level++)
      laughs.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(',')}]`,
      );
    const staging = path.join(dir, 'staging');
    await mkdir(staging);
    await writeFile(path.join(staging, 'bomb.yaml'), `${laughs.join('\n')}\n`);
    await writeFile(path.join(staging, 'latin1.yaml'), Buffer.from('entities:\n  - { id: x, kind: topic, name: Modèles, description: d }\n', 'latin1'));
    await writeFile(
      path.join(staging, 'long.yaml'),
      `facts:\n  - { id: long, claim: "${'word '.repeat(40_000)}", about: [meta], answers: [event], date: 2024, sources: [meta-llama1-blog], confidence: low }\n`,
    );
    const from = bot.logs.entries.length;
    await rename(staging, path.join(knowledge, 'staging'));
    const { outcome, problems } = await nextReload(from);
    const where = (name: string) => path.join(knowledge, 'staging', name);
    expect(outcome).toMatchObject({ level: 50, errors: 3 });
    expect(problems.map((line) => line.problem)).toEqual([
      `${where('bomb.yaml')}:2:8  the YAML aliases (*name) expand too far (more than 100); write the values out (yaml-aliases)`,
      `${where('latin1.yaml')}:2:36  not UTF-8 (byte 0xE8); save the file as UTF-8 (encoding)`,
      `${where('long.yaml')}:2:24  facts.0.claim: 200,000 characters; a field may hold at most 2,000 (too-long)`,
    ]);
    await expectStillServing();
    await rm(path.join(knowledge, 'staging'), { recursive: true });
    expect((await nextReload(bot.logs.entries.length)).outcome.msg).toBe('knowledge reloaded');
  });
});
