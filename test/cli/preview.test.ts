// `landscape preview` on the fixture base and on copies of it made here, through the CLI.
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli.ts';
import { QUESTIONS } from '../../src/cli/preview.ts';
import type { Bot } from '../../src/bot.ts';
import { ANSWER_KINDS } from '../../src/knowledge/schema.ts';
import { understand } from '../../src/search/understand.ts';
import { FIXED_NOW, FIXTURE_DIR, fixtureBot } from '../support/fixture.ts';
import { removeTempRepos, tempDir } from '../support/git.ts';
import { captureIo } from '../support/io.ts';

afterAll(removeTempRepos);

async function preview(args: string[], dir = FIXTURE_DIR) {
  // An edited copy is read once: nothing to keep in the checkout's cache for it.
  const io = captureIo({ env: { KNOWLEDGE_DIR: dir, ...(dir === FIXTURE_DIR ? {} : { KNOWLEDGE_CACHE: 'off' }) } });
  const status = await main(['preview', ...args], io);
  return { status, out: io.out(), err: io.err() };
}

/** A copy of the fixture base with `edit` applied, in a folder of its own. */
async function editedBase(edit: (text: string) => string): Promise<string> {
  const dir = await tempDir();
  await cp(FIXTURE_DIR, dir, { recursive: true });
  const file = path.join(dir, 'base.yaml');
  await writeFile(file, edit(await readFile(file, 'utf8')));
  return dir;
}

describe('landscape preview', () => {
  it('shows a fact as /ask answers the question it says it answers, in text', async () => {
    const { status, out, err } = await preview(['seed-r1-release-date']);
    expect(err).toBe('');
    expect(status).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^── seed-r1-release-date ─+$/);
    expect(lines.slice(1, 3)).toEqual(['asked: /ask DeepSeek-R1 release date', '✓ the answer leads with this fact']);
    expect(out).toContain('DeepSeek-R1 — release date\nDeepSeek-R1 was released on 20 January 2025. [1]');
    expect(out).toContain('⚠ disputed');
    expect(out).toContain('Sources\n[1] deepseek-ai/DeepSeek-R1 README, LICENSE and git history — DeepSeek');
  });

  it('asks in French with --lang fr', async () => {
    const { status, out } = await preview(['seed-r1-release-date', '--lang', 'fr']);
    expect(status).toBe(0);
    expect(out).toContain('asked: /ask date de sortie de DeepSeek-R1');
    expect(out).toContain('DeepSeek-R1 est sorti le 20 janvier 2025.');
  });

  it('previews every fact of a file, in the order the file has them', async () => {
    const { status, out } = await preview([path.join(FIXTURE_DIR, 'base.yaml'), '--json']);
    expect(status).toBe(0);
    const previews = JSON.parse(out) as { fact: string; lead: boolean }[];
    const inFile = (parse(await readFile(path.join(FIXTURE_DIR, 'base.yaml'), 'utf8')) as { facts: { id: string }[] }).facts.map((fact) => fact.id);
    expect(previews.map((each) => each.fact)).toEqual(inFile);
    expect(previews.every((each) => each.lead)).toBe(true);
  });

  it('prints the Discord message body, without buttons, and the Slack blocks', async () => {
    const discord = await preview(['ds-r1-license', '--platform', 'discord', '--json']);
    expect(discord.status).toBe(0);
    const [onDiscord] = JSON.parse(discord.out);
    expect(onDiscord).toMatchObject({ fact: 'ds-r1-license', question: 'DeepSeek-R1 licence', lead: true, statement: 1, leadFact: null, platform: 'discord', locale: 'en' });
    expect(onDiscord.rendered.embeds[0].title).toBe('DeepSeek-R1 — licence');
    expect(onDiscord.rendered.embeds[0].description).toContain('DeepSeek-R1 is released under MIT');
    expect(onDiscord.rendered.embeds[0].footer.text).toMatch(/^Knowledge \d{4}-\d{2}-\d{2} \(/);
    expect(onDiscord.rendered.components).toBeUndefined();

    const slack = await preview(['ds-r1-license', '--platform', 'slack']);
    expect(slack.status).toBe(0);
    expect(slack.out).toContain('asked: /ask DeepSeek-R1 licence');
    const blocks = JSON.parse(slack.out.slice(slack.out.indexOf('\n{') + 1)).blocks as { type: string; text?: { text: string } }[];
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'DeepSeek-R1 — licence' } });
    expect(blocks.some((block) => block.text?.text.startsWith('*DeepSeek-R1 is released under MIT'))).toBe(true);
  });

  it('says when another fact leads the answer, and which', async () => {
    // Two facts with one question between them: whichever the ranking puts first, the other
    // is told so.
    const dir = await editedBase((text) =>
      text
        .replace('about: [deepseek, deepseek-r1]', 'about: [deepseek-r1]')
        .replace(
          '\nfreshness:',
          [
            '  - id: r1-release-copy',
            '    claim: DeepSeek published DeepSeek-R1 on 20 January 2025.',
            '    about: [deepseek-r1]',
            '    answers: [release]',
            '    date: 2025-01-20',
            '    sources: [r1-repo]',
            '    confidence: high',
            '',
            'freshness:',
          ].join('\n'),
        ),
    );
    const { status, out } = await preview(['--json', path.join(dir, 'base.yaml')], dir);
    expect(status).toBe(0);
    const previews = JSON.parse(out) as { fact: string; lead: boolean; statement: number | null; leadFact: string | null }[];
    const pair = previews.filter((each) => each.fact === 'seed-r1-release-date' || each.fact === 'r1-release-copy');
    const [leader, other] = pair[0]!.lead ? [pair[0]!, pair[1]!] : [pair[1]!, pair[0]!];
    expect(leader.lead).toBe(true);
    expect(other).toMatchObject({ lead: false, leadFact: leader.fact });
    expect(other.statement).toBeGreaterThan(1);

    const text = await preview([other.fact], dir);
    expect(text.out).toContain(`⚠ this fact is statement ${other.statement} of `);
    expect(text.out).toContain(`not the lead; the lead states ${leader.fact}`);
  });

  it('gives a file that does not load its problems with their positions, not a preview', async () => {
    const dir = await editedBase((text) => text.replace('about: [deepseek-r1]', 'about: [deepseek-r2]'));
    const file = path.join(dir, 'base.yaml');
    const { status, out, err } = await preview([file], dir);
    expect(status).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+  unknown entity "deepseek-r2" \\(did you mean "deepseek-r1"\\?\\)`, 'm'));
    expect(err).toContain(`landscape preview: ${file} does not load: 1 error(s)`);
  });

  it('explains an unknown fact, a file it cannot preview and a wrong option', async () => {
    const unknown = await preview(['seed-r1-release-dat']);
    expect(unknown.status).toBe(1);
    expect(unknown.err).toContain('landscape preview: no fact "seed-r1-release-dat" (did you mean "seed-r1-release-date"?)');

    const outside = await preview(['test/fixtures/lint/syntax/broken.yaml']);
    expect(outside.status).toBe(1);
    expect(outside.err).toContain('is not in the knowledge folder test/fixtures/mini');

    const noFacts = await editedBase((text) => text);
    await writeFile(path.join(noFacts, 'entities.yaml'), 'entities: []\n');
    const empty = await preview([path.join(noFacts, 'entities.yaml')], noFacts);
    expect(empty.status).toBe(1);
    expect(empty.err).toContain('has no facts, and preview shows facts');

    const platform = await preview(['seed-r1-release-date', '--platform', 'teams']);
    expect(platform.status).toBe(2);
    expect(platform.err).toContain('unknown --platform "teams" (text, discord, slack)');
  });
});

describe('the questions a preview asks', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await fixtureBot('knowledge');
  });

  // With the real base's question words: a change to knowledge/intents.yaml that stops one of
  // these from reading as its kind shows here, not as previews of the wrong answer.
  it.each(ANSWER_KINDS.filter((kind) => kind !== 'event'))('reads the %s question as asking for that kind, in both languages', (kind) => {
    for (const locale of ['en', 'fr'] as const) {
      const question = QUESTIONS[kind][locale].replace('{name}', 'DeepSeek-R1');
      expect(understand(question, bot.knowledge.index, bot.knowledge.kb.intents, FIXED_NOW).asks[0], question).toBe(kind);
    }
  });

  it('asks about an event by its date, which has no question words of its own', () => {
    for (const [locale, date] of [
      ['en', '27 January 2025'],
      ['fr', '27 janvier 2025'],
    ] as const) {
      const question = QUESTIONS.event[locale].replace('{name}', 'DeepSeek-R1').replace('{date}', date);
      const read = understand(question, bot.knowledge.index, bot.knowledge.kb.intents, FIXED_NOW);
      expect(read.periods, question).toContain('2025');
      expect(read.subjects.map((entity) => entity.id)).toEqual(['deepseek-r1']);
    }
  });
});
