// The Slack renderer is pure: answers from the stable fixture base and a pinned clock give
// identical Block Kit, so snapshots show what members see. Properties check the limits and
// the escaping for any input.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer, AnswerItem, Locale } from '../../src/answer/answer.ts';
import { pageOf } from '../../src/answer/paging.ts';
import {
  SLACK_ACTIONS,
  SLACK_LIMITS,
  cutMrkdwn,
  decodeState,
  encodeState,
  escapeMrkdwn,
  link,
  renderSlack,
  renderSlackHome,
  renderSlackSources,
  safePlainText,
  type SlackBlock,
  type SlackMessage,
} from '../../src/answer/render-slack.ts';
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
    if (block.type === 'section') out.push(...[block.text?.text ?? '', ...(block.fields ?? []).map((field) => field.text)]);
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
    if (block.type === 'section') {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.fields);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    if (block.type === 'context') {
      expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      for (const element of block.elements) expect(element.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
    }
    if (block.type === 'actions') {
      for (const button of block.elements) {
        expect(button.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        expect(button.value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
      }
    }
  }
}

describe('renderSlack snapshots', () => {
  it('/share chinese-open: header, figures as fields, date, confidence and source links, buttons', async () => {
    const message = renderSlack(pageOf(await answerOf('/share chinese-open'), 1, 6), { mode: 'ephemeral' });
    expect(message).toMatchSnapshot();
    checkLimits(message);
  });

  it('/timeline meta, one statement a page: page 1 has Next, page 2 has Previous', async () => {
    const answer = await answerOf('/timeline meta');
    const first = renderSlack(pageOf(answer, 1, 1), { mode: 'ephemeral' });
    const second = renderSlack(pageOf(answer, 2, 1), { mode: 'ephemeral' });
    expect(first).toMatchSnapshot();
    expect(second).toMatchSnapshot();
    const ids = (message: SlackMessage) => message.blocks.flatMap((block) => (block.type === 'actions' ? block.elements.map((element) => element.action_id) : []));
    expect(ids(first)).toEqual([SLACK_ACTIONS.next, SLACK_ACTIONS.post, SLACK_ACTIONS.sources]);
    expect(ids(second)).toEqual([SLACK_ACTIONS.previous, SLACK_ACTIONS.post, SLACK_ACTIONS.sources]);
    // Each page's citations are renumbered from 1 by pageOf.
    expect(texts(second).join('\n')).toContain('|[1] meta-llama/llama-models');
  });

  it('a French question gets French statements and French buttons', async () => {
    const message = renderSlack(pageOf(await answerOf('Quand DeepSeek R1 est-il sorti ?'), 1, 6), { mode: 'ephemeral' });
    expect(message).toMatchSnapshot();
    const all = texts(message).join('\n');
    expect(all).toContain('Publier dans le canal');
    expect(all).toContain('Confiance : élevée');
    expect(all).toContain('Contesté');
  });

  it('/help lists commands as one bulleted section', async () => {
    const message = renderSlack(pageOf(await answerOf('/help'), 1, 20), { mode: 'ephemeral' });
    expect(message).toMatchSnapshot();
  });

  it('a name the base does not know: did you mean, no buttons', async () => {
    const message = renderSlack(pageOf(await answerOf('/share chinese-opn'), 1, 6), { mode: 'ephemeral' });
    expect(message).toMatchSnapshot();
    expect(message.blocks.some((block) => block.type === 'actions')).toBe(false);
  });

  it('a shared copy says who shared it and offers no repost', async () => {
    const message = renderSlack(pageOf(await answerOf('/model deepseek-r1'), 1, 6), { mode: 'channel', sharedBy: 'U0007' });
    expect(message).toMatchSnapshot();
    expect(texts(message).join('\n')).toContain('Shared by <@U0007> · `/model deepseek-r1`');
    expect(JSON.stringify(message)).not.toContain(SLACK_ACTIONS.post);
  });

  it('only a real Slack user id becomes a mention in "shared by"', async () => {
    const message = renderSlack(pageOf(await answerOf('/about'), 1, 6), { mode: 'channel', sharedBy: '!channel' });
    expect(JSON.stringify(message)).not.toContain('<!channel>');
    expect(texts(message).join('\n')).not.toContain('Shared by');
  });

  it('the Sources message lists publisher, date, URL and how the copy was read', async () => {
    const message = renderSlackSources(pageOf(await answerOf('/share chinese-open'), 1, 6));
    expect(message).toMatchSnapshot();
  });

  it('errors and limits are one short section', () => {
    const answer: Answer = { status: 'limited', locale: 'en', command: { name: 'share', args: {} }, title: 'Too many requests; try again in a few seconds.', items: [], citations: [], notices: [], suggestions: [] };
    expect(renderSlack(answer, { mode: 'ephemeral' })).toMatchSnapshot();
  });

  it('the App Home view', async () => {
    const newest = await answerOf('/timeline deepseek');
    const view = renderSlackHome({
      locale: 'en',
      counts: { facts: 6, sources: 5, entities: 8 },
      version: '2026-01-01 (abc1234, rev 0123456789)',
      newest,
      examples: [{ command: '/share chinese-open', description: 'Every figure about a segment’s share' }],
    });
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
      const message = renderSlack(pageOf(await answerOf(line), 1, 6), { mode: 'ephemeral' });
      for (const each of texts(message)) expect(each).not.toMatch(LIVE);
      expect(JSON.stringify(message.blocks.filter((block) => block.type === 'actions'))).not.toMatch(/<[!@#]/);
      checkLimits(message);
    }
  });

  it('any text, as a question or as a fact, stays within limits and never mentions anyone', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, fc.array(hostileText, { maxLength: 60 }), async (question, claims) => {
        const asked = renderSlack(pageOf(await answerOf(`/ask ${question}`), 1, 6), { mode: 'ephemeral' });
        const synthetic = renderSlack(syntheticAnswer(question, claims), { mode: 'thread' });
        for (const message of [asked, synthetic]) {
          checkLimits(message);
          for (const each of texts(message)) expect(each).not.toMatch(LIVE);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('limits', () => {
  it('a huge unpaged answer keeps 50 blocks and says how many statements were left out', () => {
    const claims = Array.from({ length: 200 }, (_, index) => `${'long statement '.repeat(400)} #${index}`);
    const message = renderSlack(syntheticAnswer('q'.repeat(500), claims), { mode: 'ephemeral' });
    checkLimits(message);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(texts(message).join('\n')).toMatch(/\d+ more not shown/);
    // The buttons survive the cut.
    expect(message.blocks.at(-1)?.type).toBe('actions');
  });
});

describe('button state', () => {
  it('round-trips, with <, > and & never raw in the value', () => {
    const state = { command: 'ask', args: { question: '<!channel> & co' }, page: 3, locale: 'fr' as const, mode: 'thread' as const };
    const value = encodeState(state)!;
    expect(value).not.toMatch(/[<>&]/);
    expect(decodeState(value)).toEqual(state);
  });

  it('rejects values a client could tamper with', () => {
    for (const value of ['', 'x', '[]', '{"c":"share","a":"x"}', '{"c":"../etc","a":{}}', '{"c":"share","a":{"k":1}}', '{"c":"share","a":{"__proto__":"x"}}', 'x'.repeat(3000)]) {
      expect(decodeState(value)).toBeUndefined();
    }
    expect(decodeState('{"c":"share","a":{},"p":-4,"l":"de","m":"?"}')).toEqual({ command: 'share', args: {}, page: 1, locale: 'en', mode: 'ephemeral' });
  });

  it('drops buttons rather than send a value over 2,000 characters', () => {
    expect(encodeState({ command: 'ask', args: { question: '<'.repeat(400) }, page: 1, locale: 'en', mode: 'ephemeral' })).toBeUndefined();
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
