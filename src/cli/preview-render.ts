// The one place `landscape preview` turns an Answer into what a platform shows: the console's
// text, or the JSON body the Discord and Slack adapters would send for its first message.
import type { Answer } from '../answer/answer.ts';
import { renderDiscordView, type DiscordMessage } from '../answer/render-discord.ts';
import { renderSlackView, type SlackMessage } from '../answer/render-slack.ts';
import { renderText } from '../answer/render-text.ts';
import { PROFILES, viewOf } from '../answer/view.ts';

export const PREVIEW_PLATFORMS = ['text', 'discord', 'slack'] as const;
export type PreviewPlatform = (typeof PREVIEW_PLATFORMS)[number];

export interface PreviewRenderOptions {
  /** The knowledge version, as Discord's footer names it: `2026-11-30 (5c0eeb3)`. */
  version: string;
  /** Text only: wrap width and ANSI styling. */
  width: number;
  color: boolean;
}

/** The first message of an answer on `platform`: text, or the message payload. */
export function renderPreview(answer: Answer, platform: PreviewPlatform, options: PreviewRenderOptions): string | DiscordMessage | SlackMessage {
  switch (platform) {
    case 'text':
      return renderText(viewOf(answer, { profile: PROFILES.text }), { width: options.width, color: options.color });
    case 'discord':
      // No buttons: nothing would answer them.
      return renderDiscordView(viewOf(answer, { profile: PROFILES.discord }), { version: options.version });
    case 'slack':
      return renderSlackView(viewOf(answer, { profile: PROFILES.slack }));
  }
}
