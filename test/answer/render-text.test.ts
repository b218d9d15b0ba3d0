import { beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { renderText, wrap } from '../../src/answer/render-text.ts';
import { takePage } from '../../src/answer/paging.ts';
import { PROFILES, viewOf, type ViewProfile } from '../../src/answer/view.ts';
import { fixtureBot } from '../support/fixture.ts';

let bot: Bot;
beforeAll(async () => {
  bot = await fixtureBot();
});

const answerTo = async (text: string) => (await bot.handle({ platform: 'console', userId: 'test', text })).answer;
const rendered = async (text: string, options: { width?: number; detailed?: boolean; page?: number; profile?: ViewProfile } = {}) =>
  renderText(viewOf(await answerTo(text), { profile: options.profile ?? PROFILES.text, detailed: options.detailed ?? false, page: options.page ?? 1 }), { width: options.width ?? 80 });

describe('text renderer', () => {
  it.each(['/share chinese-open', '/timeline meta', 'When was DeepSeek R1 released?', 'Quelle part des téléchargements pour les modèles chinois ?', '/share chinse', '/vendor deepseek', '/help'])(
    'renders %s compact, and in detail',
    async (input) => {
      expect(await rendered(input)).toMatchSnapshot();
      expect(await rendered(input, { detailed: true })).toMatchSnapshot();
    },
  );

  it('keeps every line within the width, URLs aside', async () => {
    for (const line of (await rendered('/share chinese-open', { width: 50, detailed: true })).split('\n')) {
      if (!line.includes('https://')) expect(line.length).toBeLessThanOrEqual(50);
    }
  });

  it('styles only when asked (NO_COLOR and pipes get plain text)', async () => {
    const view = viewOf(await answerTo('/timeline meta'), { profile: PROFILES.text });
    expect(renderText(view, { color: false })).not.toContain('\u001b[');
    expect(renderText(view, { color: true })).toContain('\u001b[1m');
  });

  it('pages a list, renumbering citations per page, and says how to see the rest', async () => {
    const one: ViewProfile = { supporting: 1, firstList: 1, pageSize: 1, detailPageSize: 1 };
    const first = await rendered('/timeline meta', { profile: one });
    expect(first).toContain('More (1): type "more" or add page:2');
    const second = await rendered('/timeline meta', { profile: one, page: 2, width: 200 });
    expect(second).toMatch(/^• \[2023-07-18\] .*\[1\]$/m);
    expect(second).toContain('[1] meta-llama/llama-models');
    expect(second).toContain('Page 2/2');
    expect(second).not.toContain('page:3');
    expect(await rendered('/timeline meta', { profile: one, page: 99, width: 200 })).toBe(second);
  });

  it('reads a page:N suffix off a text line', () => {
    expect(takePage('/timeline meta page:2')).toEqual({ text: '/timeline meta', page: 2 });
    expect(takePage('When was R1 released?')).toEqual({ text: 'When was R1 released?', page: 1 });
  });

  it('wraps with a hanging indent, and a megabyte of text without running out of stack', () => {
    expect(wrap('one two three four', 9, '', '  ')).toEqual(['one two', '  three', '  four']);
    expect(wrap('word '.repeat(250_000), 80).length).toBeGreaterThan(10_000);
  });
});
