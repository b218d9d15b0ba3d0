// The local console: a prompt on a terminal, or one answer per input line from a pipe,
// ending at end of input. Same Bot, same answers as the chat platforms.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Bot } from '../bot.ts';
import { pageOf, takePage } from '../answer/paging.ts';
import { TEXT_PAGE_SIZE, renderText } from '../answer/render-text.ts';

export interface ConsoleOptions {
  input: Readable & { isTTY?: boolean };
  output: Writable & { isTTY?: boolean; columns?: number };
  color: boolean;
}

export async function runConsole(bot: Bot, options: ConsoleOptions): Promise<void> {
  const interactive = Boolean(options.input.isTTY && options.output.isTTY);
  const lines = createInterface({ input: options.input, output: interactive ? options.output : undefined, terminal: interactive });
  const write = (text: string) => options.output.write(`${text}\n`);
  if (interactive) {
    const { kb } = bot.knowledge;
    write(`landscape — ${kb.facts.size} facts from ${kb.sources.size} sources. Try /share chinese-open, /timeline meta, or ask a question. /help lists commands; Ctrl-D quits.`);
    lines.setPrompt('landscape> ');
    lines.prompt();
  }
  let first = true;
  for await (const line of lines) {
    const input = line.trim();
    if (input === 'exit' || input === 'quit') break;
    if (input) {
      const { text, page } = takePage(input);
      const reply = await bot.handle({ platform: 'console', userId: 'console', text });
      if (!interactive && !first) write('');
      write(renderText(pageOf(reply.answer, page, TEXT_PAGE_SIZE), { width: options.output.columns ?? 80, color: options.color }));
      first = false;
    }
    if (interactive) lines.prompt();
  }
  lines.close();
}
