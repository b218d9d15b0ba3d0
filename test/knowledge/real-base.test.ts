// The curated fact base as users meet it: clean lint, every segment/vendor/model
// answerable, and every claim of the source article answered with its fact and, where
// primary sources disagree, both sides.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import { formatProblem } from '../../src/knowledge/problems.ts';
import { FIXED_NOW, fixtureBot } from '../support/fixture.ts';

let bot: Bot;
beforeAll(async () => {
  bot = await fixtureBot('knowledge');
});

const run = async (command: string, args: Record<string, string>) => (await bot.handle({ platform: 'console', userId: 'test', command, args })).answer;
const entitiesOf = (kind: string) => [...bot.knowledge.kb.entities.values()].filter((entity) => entity.kind === kind);

describe('the real fact base', () => {
  it('passes lint with no error and no warning (no uncited source, no orphan entity)', async () => {
    const result = await loadKnowledge('knowledge', { now: FIXED_NOW });
    expect(result.problems.map(formatProblem)).toEqual([]);
  });

  it('holds every reference fact and source', () => {
    expect(bot.knowledge.kb.facts.size).toBeGreaterThanOrEqual(86);
    expect(bot.knowledge.kb.sources.size).toBeGreaterThanOrEqual(74);
  });

  it('gives at least one figure for each segment, each with a scope', async () => {
    const segments = entitiesOf('segment');
    expect(segments.map((segment) => segment.id)).toEqual(expect.arrayContaining(['chinese-open', 'us-open', 'open-weight', 'proprietary', 'rest-of-world-open']));
    for (const segment of segments) {
      const answer = await run('share', { segment: segment.id });
      expect(answer.items.length, segment.id).toBeGreaterThan(0);
      for (const item of answer.items) expect(item.figure?.scope, `${segment.id}: ${item.factId}`).toBeTruthy();
    }
  });

  it('gives each vendor’s timeline in date order', async () => {
    for (const vendor of entitiesOf('vendor')) {
      const answer = await run('timeline', { entity: vendor.id });
      const dates = answer.items.map((item) => item.date!);
      expect(dates, vendor.id).toEqual([...dates].sort());
    }
  });

  it('profiles every vendor and every model', async () => {
    for (const entity of [...entitiesOf('vendor'), ...entitiesOf('model')]) {
      const answer = await run(entity.kind, { name: entity.name });
      expect(answer.status, entity.id).toBe('ok');
      expect(answer.title).toBe(entity.name);
    }
  });

  it('takes each report’s name to the source that is the report', async () => {
    for (const report of entitiesOf('report')) {
      expect(report.source, report.id).toBeDefined();
      const answer = await run('source', { name: report.name });
      expect(answer.title, report.id).toBe(bot.knowledge.kb.sources.get(report.source!)!.title);
    }
    expect((await run('source', { name: 'State of AI' })).summary).toContain('https://a16z.com/state-of-ai/');
  });

  it('describes every source with the facts it backs', async () => {
    for (const source of bot.knowledge.kb.sources.values()) {
      const answer = await run('source', { name: source.id });
      expect(answer.title, source.id).toBe(source.title);
      expect(answer.items.length, source.id).toBeGreaterThan(0);
    }
  });
});

/** The source article's claims, asked as users would, with the fact that answers each. */
const ARTICLE_CLAIMS: { en: string; fr: string; fact: string | string[]; disputed: boolean }[] = [
  { en: 'When was DeepSeek R1 released?', fr: 'Quand le modèle R1 de DeepSeek est-il sorti ?', fact: 'seed-r1-release-date', disputed: true },
  { en: 'Were Chinese open model downloads negligible before R1?', fr: 'Les téléchargements de modèles chinois étaient-ils négligeables avant R1 ?', fact: 'hf-top-2024', disputed: true },
  {
    en: 'Do downloads of Chinese open models exceed US ones?',
    fr: 'Les téléchargements de modèles ouverts chinois dépassent-ils ceux des modèles américains ?',
    fact: 'seed-eoi-17pct',
    disputed: false,
  },
  { en: 'When was the Economies of Open Intelligence study published?', fr: 'Quand l’étude Economies of Open Intelligence a-t-elle été publiée ?', fact: 'seed-eoi-identity', disputed: false },
  { en: 'What share of AI usage do Chinese models have?', fr: 'Quelle part de l’usage total des IA pour les modèles chinois ?', fact: 'seed-soai-cn-13pct', disputed: true },
  { en: 'What is the December State of AI report?', fr: 'Qu’est-ce que le rapport State of AI publié en décembre ?', fact: 'seed-soai-identity', disputed: false },
  {
    en: 'What share of usage do open models have compared with proprietary ones?',
    fr: 'Quelle part de l’usage pour l’IA ouverte face aux modèles propriétaires ?',
    fact: 'seed-soai-open-third',
    disputed: true,
  },
  { en: 'When did OpenAI stop publishing its models openly?', fr: 'Depuis quand OpenAI a-t-il cessé de publier ses modèles ouvertement ?', fact: 'seed-gpt2-2019', disputed: true },
  { en: 'When did Meta first release Llama?', fr: 'Quand Meta a-t-il sorti son premier Llama ?', fact: 'seed-llama1', disputed: false },
  { en: 'What did Meta tell TechCrunch about open source?', fr: 'Qu’a dit Meta à TechCrunch sur l’open source ?', fact: 'seed-meta-techcrunch', disputed: false },
  { en: 'When did Yann LeCun leave Meta?', fr: 'Quand Yann LeCun a-t-il quitté Meta ?', fact: 'seed-lecun-exit', disputed: true },
  { en: 'Did Anthropic warn about open models proliferating?', fr: 'Anthropic a-t-il mis en garde contre la prolifération des IA ouvertes ?', fact: 'seed-amodei-2023', disputed: true },
  { en: 'Which Chinese models are downloaded the most?', fr: 'Quels modèles chinois sont les plus téléchargés ?', fact: ['seed-eoi-ds-qwen', 'hf-top-2024'], disputed: false },
];

describe('the source article’s claims', () => {
  for (const claim of ARTICLE_CLAIMS) {
    for (const language of ['en', 'fr'] as const) {
      it(`${language}: ${claim[language]}`, async () => {
        const answer = await run('ask', { question: claim[language] });
        const expected = [claim.fact].flat();
        const item = answer.items.slice(0, 3).find((candidate) => expected.includes(candidate.factId!));
        expect(
          item,
          `top 3 were ${answer.items
            .slice(0, 3)
            .map((each) => each.factId)
            .join(', ')}`,
        ).toBeDefined();
        expect(item!.citations.length).toBeGreaterThan(0);
        if (claim.disputed) expect(item!.notes.some((note) => note.kind === 'dispute')).toBe(true);
      });
    }
  }
});

describe('checking a claim against the real base', () => {
  it('"Chinese models are 13% of all AI usage" finds the OpenRouter fact, its scope caveat and its dispute', async () => {
    for (const claim of ['Chinese models are 13% of all AI usage', 'Les modèles chinois représentent 13 % de l’usage total de l’IA']) {
      const answer = await run('check', { claim });
      expect(answer.lead?.factId, claim).toBe('seed-soai-cn-13pct');
      expect(answer.lead!.text, claim).toMatch(/^(The base records this claim as disputed|La base tient cette affirmation pour contestée)/);
      expect(answer.notices[0]?.text, claim).toMatch(/OpenRouter/);
      const item = answer.items[0]!;
      expect(item.factId).toBe('seed-soai-cn-13pct');
      expect(item.figure?.scope).toMatch(/OpenRouter/);
      expect(item.notes.filter((note) => note.kind === 'dispute').length).toBeGreaterThan(0);
    }
  });
});
