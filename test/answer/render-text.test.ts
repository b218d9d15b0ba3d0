import { beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { renderText, wrap } from '../../src/answer/render-text.ts';
import { pageOf, takePage } from '../../src/answer/paging.ts';
import { fixtureBot } from '../support/fixture.ts';

let bot: Bot;
beforeAll(async () => {
  bot = await fixtureBot();
});

const rendered = async (text: string, width = 80) => renderText((await bot.handle({ platform: 'console', userId: 'test', text })).answer, { width });

describe('text renderer', () => {
  it.each([
    '/share chinese-open',
    '/timeline meta',
    'When was DeepSeek R1 released?',
    'Quelle part des téléchargements pour les modèles chinois ?',
    '/share chinse',
    '/vendor deepseek',
    '/help',
  ])('renders %s', async (input) => {
    expect(await rendered(input)).toMatchSnapshot();
  });

  it('keeps every line within the width, URLs aside', async () => {
    for (const line of (await rendered('/share chinese-open', 50)).split('\n')) {
      if (!line.includes('https://')) expect(line.length).toBeLessThanOrEqual(50);
    }
  });

  it('styles only when asked (NO_COLOR and pipes get plain text)', async () => {
    const answer = (await bot.handle({ platform: 'console', userId: 'test', text: '/timeline meta' })).answer;
    expect(renderText(answer, { color: false })).not.toContain('\u001b[');
    expect(renderText(answer, { color: true })).toContain('\u001b[1m');
  });

  it('renumbers citations per page', async () => {
    const answer = (await bot.handle({ platform: 'console', userId: 'test', text: '/timeline meta' })).answer;
    const second = pageOf(answer, 2, 1);
    expect(second.items.map((item) => item.citations)).toEqual([[1]]);
    expect(second.citations.map((citation) => citation.sourceId)).toEqual(['llama-models-repo']);
    expect(second.paging).toEqual({ page: 2, pageCount: 2, totalItems: 2, pageSize: 1 });
    const text = renderText(second);
    expect(text).toMatch(/^2\. \[2023-07-18\]/m);
    expect(text).toContain('Page 2/2 (2)');
    expect(renderText(pageOf(answer, 1, 1))).toContain('Page 1/2 (2) — add page:2 for more');
    expect(pageOf(answer, 99, 1).paging?.page).toBe(2);
  });

  it('reads a page:N suffix off a text line', () => {
    expect(takePage('/timeline meta page:2')).toEqual({ text: '/timeline meta', page: 2 });
    expect(takePage('When was R1 released?')).toEqual({ text: 'When was R1 released?', page: 1 });
  });

  it('wraps with a hanging indent', () => {
    expect(wrap('one two three four', 9, '', '  ')).toEqual(['one two', '  three', '  four']);
  });
});
