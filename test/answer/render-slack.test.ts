// The Slack renderer is pure: answers from the stable fixture base and a pinned clock give
// identical Block Kit, so snapshots show what members see. Properties check the limits and
// the escaping for any input.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AnswerItem, Locale } from '../../src/answer/answer.ts';
import {
  SLACK_ACTIONS,
  SLACK_LIMITS,
  cutMrkdwn,
  escapeMrkdwn,
  link,
  renderSlackSources,
  renderSlackView,
  safePlainText,
  type SlackBlock,
  type SlackButtons,
  type SlackMessage,
} from '../../src/answer/render-slack.ts';
import { PROFILES, viewOf, type AnswerView } from '../../src/answer/view.ts';
import { homeView } from '../../src/platforms/slack/home.ts';
import { answerArbitrary } from '../support/arbitrary-answers.ts';
import type { Bot } from '../../src/bot.ts';
import { fixtureBot } from '../support/fixture.ts';
import { HOSTILE_INPUTS, hostileText } from '../support/hostile-inputs.ts';

let bot: Bot;

beforeAll(async () => {
  bot = await fixtureBot();
});

async function answerOf(text: string, locale?: Locale): Promise<Answer> {
  return (await bot.handle({ platform: 'slack', userId: 'U0001', text, ...(locale ? { locale } : {}) })).answer;
}

/** Every text a reader sees, mrkdwn and plain, with the fallback. */
function texts(message: { text?: string; blocks: SlackBlock[] }): string[] {
  const out: string[] = [];
  for (const block of message.blocks) {
    if (block.type === 'header') out.push(block.text.text);
    if (block.type === 'section') out.push(block.text.text);
    if (block.type === 'context') out.push(...block.elements.map((element) => element.text));
    if (block.type === 'actions') out.push(...block.elements.map((element) => element.text.text));
  }
  if (message.text) out.push(message.text);
  return out;
}

/** Slack control sequences (`<!…>`, `<@…>`, `<#…>`, `<scheme:…>`) other than our own links. */
const LIVE = /<[!@#]|<(?!https?:\/\/[^\s|<>]+\|[^<>]*>)[a-z][a-z0-9+.-]*:/i;

function checkLimits(message: SlackMessage): void {
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  for (const block of message.blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (block.type === 'section') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    if (block.type === 'context') {
      expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      for (const element of block.elements) expect(element.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
    }
    if (block.type === 'actions') {
      expect(new Set(block.elements.map((button) => button.action_id)).size).toBe(block.elements.length);
      for (const button of block.elements) {
        expect(button.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        expect(button.value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
      }
    }
  }
}

const ALL: SlackButtons = { more: 'm', details: 'd', sources: 's', post: 'p' };

async function viewOfText(text: string, options: { locale?: Locale; page?: number; detailed?: boolean } = {}): Promise<AnswerView> {
  return viewOf(await answerOf(text, options.locale), { profile: PROFILES.slack, page: options.page ?? 1, detailed: options.detailed ?? false });
}

describe('renderSlackView', () => {
  it('/ask: the lead in bold with its source linked, the dispute in one line, the buttons', async () => {
    const message = renderSlackView(await viewOfText('When was DeepSeek R1 released?'), { buttons: { details: 'd', sources: 's', post: 'p' } });
    checkLimits(message);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'DeepSeek-R1 — release date', emoji: true } });
    expect(message.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*DeepSeek-R1 was released on 20 January 2025.* <https://github.com/deepseek-ai/DeepSeek-R1|[1]>' } });
    expect(texts(message)).toContain('⚠️ disputed — the source article says “R1 was launched on 27 January 2025.”');
    const actions = message.blocks.at(-1)!;
    expect(actions.type === 'actions' && actions.elements.map((button) => [button.action_id, button.text.text])).toEqual([
      [SLACK_ACTIONS.details, 'Details'],
      [SLACK_ACTIONS.sources, 'Sources'],
      [SLACK_ACTIONS.post, 'Post in channel'],
    ]);
    expect(message).toMatchSnapshot();
  });

  it('/share: one line per figure, More, Details, Sources; in French', async () => {
    const english = renderSlackView(await viewOfText('/share chinese-open'), { buttons: ALL });
    checkLimits(english);
    expect(english).toMatchSnapshot();
    const french = renderSlackView(await viewOfText('/share chinese-open', { locale: 'fr' }), { buttons: ALL });
    expect(french.blocks[0]).toMatchObject({ text: { text: 'Part\u00a0: Chinese open-weight models' } });
    expect(texts(french)).toContain('Publier dans le canal');
  });

  it('Details: whole statements, every note, the quote', async () => {
    const message = renderSlackView(await viewOfText('When was DeepSeek R1 released?', { detailed: true }), { buttons: { sources: 's' } });
    checkLimits(message);
    expect(message.blocks[0]).toMatchObject({ text: { text: 'Details · DeepSeek-R1 — release date' } });
    expect(texts(message).join('\n')).toContain('⚠️ Disputed: the source article says: “R1 was launched on 27 January 2025.”');
    expect(texts(message).join('\n')).toContain('> _“Release DeepSeek-R1”_');
  });

  it('"did you mean" suggestions are buttons', async () => {
    const view = await viewOfText('/share chinse');
    const message = renderSlackView(view, { buttons: { suggestions: view.suggestions.map((suggestion) => ({ value: suggestion.command, label: suggestion.label })) } });
    const actions = message.blocks.at(-1)!;
    expect(actions.type === 'actions' && actions.elements.map((button) => [button.action_id, button.text.text, button.value])).toEqual([
      [`${SLACK_ACTIONS.suggestion}_0`, 'Chinese open-weight models (chinese-open)', '/share chinese-open'],
    ]);
  });

  it('/help lists commands as one bulleted section', async () => {
    const message = renderSlackView(await viewOfText('/help'));
    expect(message.blocks.filter((block) => block.type === 'section')).toHaveLength(2);
    expect(texts(message).join('\n')).toContain('• /compare &lt;first&gt; &lt;second&gt;');
  });

  it('a shared copy says who shared it; only a real Slack user id becomes a mention', async () => {
    const view = await viewOfText('/share chinese-open');
    expect(texts(renderSlackView(view, { sharedBy: { userId: 'U0002', command: '/share chinese-open' } }))).toContain('Shared by <@U0002> · `/share chinese-open`');
    expect(texts(renderSlackView(view, { sharedBy: { userId: '<!channel>', command: 'x' } })).join('\n')).not.toContain('Shared by');
  });

  it('the Sources message lists publisher, date, URL, how the copy was read, and the quotes', async () => {
    const message = renderSlackSources(await viewOfText('/share chinese-open', { detailed: true }));
    checkLimits(message);
    expect(texts(message).join('\n')).toContain('read via full-text repost on chinastrategy.org');
    expect(message).toMatchSnapshot();
  });

  it('errors and limits are one short section', () => {
    const answer: Answer = {
      status: 'error',
      locale: 'en',
      command: { name: 'ask', args: {} },
      title: 'Sorry, something went wrong on our side. Reference: abc.',
      items: [],
      citations: [],
      notices: [],
      suggestions: [],
    };
    expect(renderSlackView(viewOf(answer, { profile: PROFILES.slack })).blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: ':warning: Sorry, something went wrong on our side. Reference: abc.' } },
    ]);
  });

  it('the App Home view', () => {
    const view = homeView(bot, 'en', new Date('2026-11-28T12:00:00Z'));
    expect(view.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.homeBlocks);
    expect(view).toMatchSnapshot();
  });
});

describe('escaping', () => {
  it('escapes &, < and > and nothing else', () => {
    expect(escapeMrkdwn('a & b < c > d *e*')).toBe('a &amp; b &lt; c &gt; d *e*');
  });

  it('links only http(s) URLs, and a title cannot close or split the link', () => {
    expect(link('https://example.org/a?b=1&c=2', 'T|i>t<le & co')).toBe('<https://example.org/a?b=1&amp;c=2|T¦i&gt;t&lt;le &amp; co>');
    expect(link('javascript:alert(1)', 'x')).toBe('x');
    expect(link('https://example.org/<!channel>', 'x')).toBe('<https://example.org/%3C!channel%3E|x>');
  });

  it('neutralises Slack control sequences in plain text, keeping usage lines readable', () => {
    expect(safePlainText('Usage: /share <segment>')).toBe('Usage: /share <segment>');
    expect(safePlainText('<!channel> <@U1|bob> <#C1> <https://x.example|x>')).toBe('‹!channel› ‹@U1|bob› ‹#C1› ‹https://x.example|x›');
  });

  it('cuts mrkdwn without breaking an entity or a link', () => {
    expect(cutMrkdwn('abc &amp; def', 7)).toBe('abc …');
    expect(cutMrkdwn('see <https://example.org|a link> now', 20)).toBe('see …');
    expect(cutMrkdwn('short', 10)).toBe('short');
  });

  it.each(HOSTILE_INPUTS.map((input) => [input.name, input.text]))('hostile input (%s) is never echoed as a live mention', async (_name, text) => {
    for (const line of [text, `/ask ${text}`, `/share ${text}`]) {
      const message = renderSlackView(viewOf(await answerOf(line), { profile: PROFILES.slack }), { buttons: ALL });
      for (const each of texts(message)) expect(each).not.toMatch(LIVE);
      expect(JSON.stringify(message.blocks.filter((block) => block.type === 'actions'))).not.toMatch(/<[!@#]/);
      checkLimits(message);
    }
  });

  it('any text, as a question or as a fact, stays within limits and never mentions anyone', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, fc.array(hostileText, { maxLength: 60 }), async (question, claims) => {
        const asked = renderSlackView(viewOf(await answerOf(`/ask ${question}`), { profile: PROFILES.slack }), { buttons: ALL });
        const synthetic = syntheticAnswer(question, claims);
        for (const message of [
          asked,
          renderSlackView(viewOf(synthetic, { profile: PROFILES.slack }), { buttons: ALL }),
          renderSlackView(viewOf(synthetic, { profile: PROFILES.slack, detailed: true })),
        ]) {
          checkLimits(message);
          for (const each of texts(message)) expect(each).not.toMatch(LIVE);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('limits', () => {
  it('a page of huge statements keeps 50 blocks, and the buttons', () => {
    const claims = Array.from({ length: 200 }, (_, index) => `${'long statement '.repeat(400)} #${index}`);
    const view = viewOf(syntheticAnswer('q'.repeat(500), claims), { profile: { ...PROFILES.slack, firstList: 200 } });
    const message = renderSlackView(view, { buttons: ALL });
    checkLimits(message);
    expect(message.blocks.at(-1)?.type).toBe('actions');
  });

  it('any answer fits Slack on every page, compact or in detail', () => {
    fc.assert(
      fc.property(answerArbitrary, fc.integer({ min: 1, max: 8 }), fc.boolean(), (answer, page, detailed) => {
        const view = viewOf(answer, { profile: PROFILES.slack, page, detailed });
        checkLimits(renderSlackView(view, { buttons: { ...ALL, suggestions: view.suggestions.map((suggestion) => ({ value: suggestion.command, label: suggestion.label })) } }));
        checkLimits(renderSlackSources(view));
      }),
      { numRuns: 150 },
    );
  });
});

function syntheticAnswer(title: string, claims: string[]): Answer {
  const items: AnswerItem[] = claims.map((claim, index) => ({
    text: claim,
    date: '2025-01',
    confidence: 'medium',
    figure: { metric: claim.slice(0, 40), value: index + 0.5, unit: 'percent', scope: claim, period: claim.slice(0, 30) },
    citations: [1],
    quote: claim.slice(0, 300),
    notes: [
      { kind: 'caveat', text: claim },
      { kind: 'dispute', text: claim, citations: [1] },
    ],
  }));
  return {
    status: 'ok',
    locale: 'en',
    command: { name: 'ask', args: { question: title } },
    title,
    summary: title,
    items,
    citations: [{ n: 1, sourceId: 's', title, publisher: title, url: 'https://example.org/?a=1&b=<2>', note: title }],
    notices: [{ kind: 'scope', text: title }],
    suggestions: [{ label: title, command: `/ask ${title}` }],
  };
}
