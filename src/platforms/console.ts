// The local console: a prompt on a terminal, or one answer per input line from a pipe,
// ending at end of input. Same Bot, same answers as the chat platforms: compact first, with
// "more" for the next page and "details" for every note of the page shown last.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Answer, Locale } from '../answer/answer.ts';
import type { Bot } from '../bot.ts';
import { takePage } from '../answer/paging.ts';
import { renderText } from '../answer/render-text.ts';
import { PROFILES, viewOf } from '../answer/view.ts';

export interface ConsoleOptions {
  input: Readable & { isTTY?: boolean };
  output: Writable & { isTTY?: boolean; columns?: number };
  color: boolean;
  /** Answer in this language whatever the question's; by default, the question's. */
  locale?: Locale;
}

export async function runConsole(bot: Bot, options: ConsoleOptions): Promise<void> {
  const interactive = Boolean(options.input.isTTY && options.output.isTTY);
  const lines = createInterface({ input: options.input, output: interactive ? options.output : undefined, terminal: interactive });
  const write = (text: string) => options.output.write(`${text}\n`);
  const show = (answer: Answer, page: number, detailed: boolean) =>
    write(renderText(viewOf(answer, { page, detailed, profile: PROFILES.text }), { width: options.output.columns ?? 80, color: options.color }));
  if (interactive) {
    const { kb } = bot.knowledge;
    write(
      `landscape — ${kb.facts.size} facts from ${kb.sources.size} sources. Try "When did DeepSeek V4 come out?", /releases 2026 or /compare qwen3 llama-4-maverick. /help lists commands; Ctrl-D quits.`,
    );
    lines.setPrompt('landscape> ');
    lines.prompt();
  }
  let first = true;
  let last: { answer: Answer; page: number } | undefined;
  for await (const line of lines) {
    const input = line.trim();
    if (input === 'exit' || input === 'quit') break;
    if (input) {
      if (!interactive && !first) write('');
      first = false;
      if (last && (input === 'more' || input === 'details')) {
        // "more" turns the page; "details" shows the page already shown, with every note.
        if (input === 'more') last.page += 1;
        show(last.answer, last.page, input === 'details');
      } else {
        const { text, page } = takePage(input);
        const reply = await bot.handle({ platform: 'console', userId: 'console', text, ...(options.locale ? { locale: options.locale } : {}) });
        last = { answer: reply.answer, page };
        show(reply.answer, page, false);
      }
    }
    if (interactive) lines.prompt();
  }
  lines.close();
}
