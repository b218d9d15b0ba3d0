import { beforeAll, describe, expect, it } from 'vitest';
import { citationNumbered } from '../../src/answer/answer.ts';
import { AnswerBuilder } from '../../src/answer/build.ts';
import { pageOf } from '../../src/answer/paging.ts';
import type { KnowledgeBase } from '../../src/knowledge/load.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = (await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW })).current.kb;
});

/** The fixture's facts in this order: two share r1-repo, the others have a source each. */
const FACTS = ['seed-r1-release-date', 'seed-llama1', 'ds-r1-license', 'seed-eoi-17pct', 'llama2'];

function answerOf(ids: readonly string[]) {
  const builder = new AnswerBuilder(kb, 'en', FIXED_NOW, { name: 'timeline', args: {} });
  for (const id of ids) builder.addFact(kb.facts.get(id)!);
  return builder.build({ status: 'ok', title: 'test' });
}

describe('AnswerBuilder citations', () => {
  it('numbers each source once, in reading order, and lists them as a plain array', () => {
    const answer = answerOf(FACTS);
    expect(answer.items.map((item) => item.citations)).toEqual([[1], [2], [1], [3], [4]]);
    expect(answer.citations.length).toBe(4);
    expect(answer.citations.map((citation) => [citation.n, citation.sourceId])).toEqual([
      [1, 'r1-repo'],
      [2, 'meta-llama1-blog'],
      [3, 'ft-china-open'],
      [4, 'llama-models-repo'],
    ]);
    // What JSON, spreading and equality see: the same list, with each source's details.
    expect(JSON.parse(JSON.stringify(answer.citations))[2]).toEqual({
      n: 3,
      sourceId: 'ft-china-open',
      title: "China leapfrogs US in global market for 'open' AI models",
      publisher: 'Financial Times',
      date: '2025-11-25',
      url: 'https://www.chinastrategy.org/2025/11/25/china-leapfrogs-us-in-global-market-for-open-ai-models',
      note: expect.stringContaining('full-text repost on chinastrategy.org'),
    });
    expect([...answer.citations]).toEqual(answer.citations);
  });

  it('finds citation n by position, and by search in a list numbered otherwise', () => {
    const { citations } = answerOf(FACTS);
    expect(citationNumbered(citations, 3)?.sourceId).toBe('ft-china-open');
    expect(citationNumbered(citations, 5)).toBeUndefined();
    const reordered = [citations[3]!, citations[0]!];
    expect(citationNumbered(reordered, 1)?.sourceId).toBe('r1-repo');
    expect(citationNumbered(reordered, 4)?.sourceId).toBe('llama-models-repo');
    expect(citationNumbered(reordered, 2)).toBeUndefined();
  });

  it('gives a later page its own sources, numbered from 1', () => {
    const page = pageOf(answerOf(FACTS), 2, 2);
    expect(page.items.map((item) => item.factId)).toEqual(['ds-r1-license', 'seed-eoi-17pct']);
    expect(page.items.map((item) => item.citations)).toEqual([[1], [2]]);
    expect(page.citations.map((citation) => [citation.n, citation.sourceId])).toEqual([
      [1, 'r1-repo'],
      [2, 'ft-china-open'],
    ]);
  });
});
