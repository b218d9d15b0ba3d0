// A field of a few megabytes must not bring a renderer down: the console and `landscape
// ask` used to die with a RangeError (stack overflow) on such a claim. Lint refuses fields
// that long (see test/knowledge/limits.test.ts); the renderers must cope anyway, since an
// Answer can carry text from anywhere.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/answer.ts';
import { DISCORD_LIMITS, renderDiscordView } from '../../src/answer/render-discord.ts';
import { SLACK_LIMITS, renderSlackView } from '../../src/answer/render-slack.ts';
import { renderText } from '../../src/answer/render-text.ts';
import { PROFILES, viewOf } from '../../src/answer/view.ts';
import { fixtureBot } from '../support/fixture.ts';

/** 6 MB of 30-letter words: wrapped at 40 columns, one a line, 200,000 lines. */
const HUGE = `${'w'.repeat(30)} `.repeat(200_000);

let answer: Answer;
beforeAll(async () => {
  const bot = await fixtureBot();
  const { answer: timeline } = await bot.handle({ platform: 'console', userId: 'test', text: '/timeline meta' });
  answer = {
    ...timeline,
    title: HUGE,
    summary: HUGE,
    notices: [{ kind: 'warning', text: HUGE }],
    items: timeline.items.map((item) => ({ ...item, text: HUGE, notes: [{ kind: 'caveat', text: HUGE }] })),
    citations: timeline.citations.map((citation) => ({ ...citation, title: HUGE, note: HUGE })),
  };
});

describe('an answer with megabyte fields', () => {
  it('renders as text, wrapped to the width below the title', () => {
    const [title, ...lines] = renderText(viewOf(answer, { profile: PROFILES.text, detailed: true }), { width: 40 }).split('\n');
    expect(title).toBe(`Details · ${HUGE}`);
    expect(lines.length).toBeGreaterThan(200_000);
    expect(lines.filter((line) => line.length > 40 && !line.includes('https://'))).toEqual([]);
  });

  it('renders for Discord within its limits', () => {
    const [embed] = renderDiscordView(viewOf(answer, { profile: PROFILES.discord, detailed: true }), { version: 'v' }).embeds!;
    expect(embed!.title!.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed!.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
  });

  it('renders for Slack within its limits', () => {
    const message = renderSlackView(viewOf(answer, { profile: PROFILES.slack, detailed: true }));
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  });
});
