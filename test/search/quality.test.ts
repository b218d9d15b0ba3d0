// Search quality on the real fact base: natural questions in English and French (some
// misspelt), each with the facts that answer it. A question is a hit when one of its
// expected facts is in /ask's top 3. The rate is printed so regressions are visible.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { fixtureBot } from '../support/fixture.ts';

interface Question {
  q: string;
  lang: 'en' | 'fr';
  expect: string[];
}

const REQUIRED_HIT_RATE = 0.9;
let bot: Bot;
let questions: Question[];

beforeAll(async () => {
  bot = await fixtureBot('knowledge');
  questions = parse(await readFile('test/search/questions.yaml', 'utf8')) as Question[];
});

describe('search quality on the real base', () => {
  it('has a question set of at least 80 questions in both languages, each expecting facts that exist', () => {
    expect(questions.length).toBeGreaterThanOrEqual(80);
    expect(questions.filter((question) => question.lang === 'fr').length).toBeGreaterThanOrEqual(30);
    for (const question of questions) {
      for (const id of question.expect) expect(bot.knowledge.kb.facts.has(id), `${question.q} expects unknown fact ${id}`).toBe(true);
    }
  });

  it(`finds an expected fact in the top 3 for at least ${REQUIRED_HIT_RATE * 100}% of questions`, async () => {
    const misses: string[] = [];
    for (const question of questions) {
      const { answer } = await bot.handle({ platform: 'console', userId: 'quality', command: 'ask', args: { question: question.q } });
      const top3 = answer.items.slice(0, 3).map((item) => item.factId);
      if (!question.expect.some((id) => top3.includes(id))) misses.push(`  ${question.q}  → got [${top3.join(', ')}], expected one of [${question.expect.join(', ')}]`);
    }
    const rate = (questions.length - misses.length) / questions.length;
    console.log(`search quality: ${questions.length - misses.length}/${questions.length} = ${(rate * 100).toFixed(1)}% top-3 hit rate${misses.length ? `\nmisses:\n${misses.join('\n')}` : ''}`);
    expect(rate).toBeGreaterThanOrEqual(REQUIRED_HIT_RATE);
  });
});
