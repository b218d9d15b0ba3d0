// Answers fit a chat screen: on the project's question sets, the first message a user reads
// (what Discord and Slack show, links counted as the [n] a reader sees) is short, and never
// long; whatever it leaves out is one click away behind Details, More or Sources.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { renderDiscordView } from '../../src/answer/render-discord.ts';
import { renderSlackView, type SlackBlock } from '../../src/answer/render-slack.ts';
import { PROFILES, viewOf } from '../../src/answer/view.ts';
import { loadQuestions, type DevQuestion } from '../../src/search/evaluate.ts';
import { fixtureBot } from '../support/fixture.ts';

let bot: Bot;
let questions: string[];
beforeAll(async () => {
  bot = await fixtureBot('knowledge');
  questions = (await loadQuestions<DevQuestion>('test/search/questions.yaml', 'test/search/dev', 'test/search/held-out.yaml')).map((question) => question.q);
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** What a Discord reader reads: markdown links as their text, escapes as the character. */
function discordVisible(title: string, description: string): number {
  return `${title}\n${description}`.replace(/\]\(https?:[^)]*\)/g, ']').replace(/\\(.)/g, '$1').length;
}

/** What a Slack reader reads: `<url|[1]>` as [1], entities as their character. */
function slackVisible(blocks: SlackBlock[]): number {
  const texts = blocks.flatMap((block) => (block.type === 'header' || block.type === 'section' ? [block.text.text] : block.type === 'context' ? block.elements.map((element) => element.text) : []));
  return texts
    .join('\n')
    .replace(/<https?:[^|>]*\|([^>]*)>/g, '$1')
    .replace(/&(amp|lt|gt);/g, '_').length;
}

describe('compact first messages', () => {
  it('/ask: median under 700 characters and none over 1,500, on Discord and on Slack', async () => {
    const discord: number[] = [];
    const slack: number[] = [];
    for (const question of questions) {
      const { answer } = await bot.handle({ platform: 'discord', userId: 'u', command: 'ask', args: { question } });
      const message = renderDiscordView(viewOf(answer, { profile: PROFILES.discord }), { version: '2026-11-30 (abc1234)' });
      const embed = message.embeds?.[0];
      discord.push(embed ? discordVisible(embed.title ?? '', embed.description ?? '') : (message.content ?? '').length);
      slack.push(slackVisible(renderSlackView(viewOf(answer, { profile: PROFILES.slack })).blocks));
    }
    console.log(`first message, ${questions.length} questions: Discord median ${median(discord)}, max ${Math.max(...discord)}; Slack median ${median(slack)}, max ${Math.max(...slack)} characters`);
    for (const lengths of [discord, slack]) {
      expect(median(lengths)).toBeLessThanOrEqual(700);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(1500);
    }
  });

  it('/share and /timeline: one line per figure or event in a first message that fits a screen', async () => {
    for (const [command, args] of [
      ['share', { segment: 'chinese-open' }],
      ['timeline', { entity: 'deepseek' }],
      ['releases', { period: '2026' }],
    ] as const) {
      const { answer } = await bot.handle({ platform: 'discord', userId: 'u', command, args });
      const view = viewOf(answer, { profile: PROFILES.discord });
      expect(view.statements.length).toBeLessThanOrEqual(PROFILES.discord.firstList);
      const embed = renderDiscordView(view, { version: 'v' }).embeds![0]!;
      expect(discordVisible(embed.title ?? '', embed.description ?? ''), command).toBeLessThanOrEqual(2000);
      if (answer.items.length > view.statements.length) expect(view.pager.more).toBe(answer.items.length - view.statements.length);
    }
  });
});
