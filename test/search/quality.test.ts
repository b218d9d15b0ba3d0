// Search quality on the real fact base, on two question sets:
// - the development set (questions.yaml and dev/*.yaml): natural questions in English and
//   French, some misspelt, each with the facts that answer it; a hit is one of them in /ask's
//   top 3. Tuning the ranking against it is expected.
// - the held-out set (held-out.yaml), written before the ranking and never tuned to: the first
//   fact must be about the right entity and answer the right kind of question, unanswerable
//   questions must get "not in the base", French questions a French answer, and date,
//   licence and size questions a lead line that states the value.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { evaluateDev, evaluateHeldOut, loadQuestions, percent, type DevQuestion, type HeldOutQuestion } from '../../src/search/evaluate.ts';
import { fixtureBot } from '../support/fixture.ts';

let bot: Bot;
let dev: DevQuestion[];
let heldOut: HeldOutQuestion[];
const ask = async (question: string) => (await bot.handle({ platform: 'console', userId: 'quality', command: 'ask', args: { question } })).answer;

beforeAll(async () => {
  bot = await fixtureBot('knowledge');
  dev = await loadQuestions<DevQuestion>('test/search/questions.yaml', 'test/search/dev');
  heldOut = await loadQuestions<HeldOutQuestion>('test/search/held-out.yaml');
});

describe('the development set', () => {
  it('has questions in both languages, each expecting facts that exist', () => {
    expect(dev.length).toBeGreaterThanOrEqual(300);
    expect(dev.filter((question) => question.lang === 'fr').length).toBeGreaterThanOrEqual(100);
    for (const question of dev) {
      for (const id of question.expect) expect(bot.knowledge.kb.facts.has(id), `${question.q} expects unknown fact ${id}`).toBe(true);
    }
  });

  it('finds an expected fact in the top 3 for at least 90% of questions', async () => {
    const report = await evaluateDev(dev, ask);
    console.log(
      `development set: ${report.hits}/${report.total} = ${percent(report.hits, report.total)} top-3 hit rate` +
        (report.misses.length ? `\nmisses:\n${report.misses.map((miss) => `  ${miss.q}  → got [${miss.got.join(', ')}], expected one of [${miss.expected.join(', ')}]`).join('\n')}` : ''),
    );
    expect(report.hits / report.total).toBeGreaterThanOrEqual(0.9);
  });
});

describe('the held-out set', () => {
  it('is large enough, mixed enough, and names entities that exist', () => {
    expect(heldOut.length).toBeGreaterThanOrEqual(120);
    expect(heldOut.filter((question) => question.lang === 'fr').length / heldOut.length).toBeGreaterThanOrEqual(0.35);
    expect(heldOut.filter((question) => question.expect === 'none').length / heldOut.length).toBeGreaterThanOrEqual(0.14);
    for (const question of heldOut) {
      if (question.expect === 'none') continue;
      for (const id of [question.expect.about].flat()) expect(bot.knowledge.kb.entities.has(id), `${question.q} names unknown entity ${id}`).toBe(true);
    }
  });

  it('leads with the right fact, admits what the base lacks, answers in French, and states the value asked', async () => {
    const report = await evaluateHeldOut(heldOut, ask, bot.knowledge.kb);
    console.log(
      [
        `held-out set: right fact first ${report.rightFirst}/${report.answerable} = ${percent(report.rightFirst, report.answerable)}`,
        `  "not in the base" for unanswerable questions ${report.honestMisses}/${report.unanswerable} = ${percent(report.honestMisses, report.unanswerable)}`,
        `  French questions answered in French ${report.answeredInFrench}/${report.french} = ${percent(report.answeredInFrench, report.french)}`,
        `  lead line states the date, licence or size ${report.leadStatesValue}/${report.valueQuestions} = ${percent(report.leadStatesValue, report.valueQuestions)}`,
        ...(report.failures.length ? ['failures:', ...report.failures.map((failure) => `  ${failure}`)] : []),
      ].join('\n'),
    );
    expect(report.rightFirst / report.answerable).toBeGreaterThanOrEqual(0.9);
    expect(report.honestMisses / report.unanswerable).toBeGreaterThanOrEqual(0.9);
    expect(report.answeredInFrench / report.french).toBeGreaterThanOrEqual(0.95);
    expect(report.leadStatesValue / report.valueQuestions).toBeGreaterThanOrEqual(0.9);
  });
});
