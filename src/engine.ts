// From a line of input or a command with arguments to an Answer, on the live knowledge.
// Pure apart from reading the clock: no platform, no I/O, never throws on user input.
import { commands as allCommands } from '../commands/index.ts';
import type { Answer, Locale } from './answer/answer.ts';
import type { CommandCapabilities, CommandDefinition } from './command.ts';
import { AnswerBuilder } from './answer/build.ts';
import { messages } from './answer/messages.ts';
import { guessLocale } from './search/normalize.ts';
import type { Knowledge } from './knowledge/store.ts';

export interface ParsedInput {
  command: string;
  args: Record<string, string>;
}

export interface EngineOptions {
  knowledge: () => Knowledge;
  commands?: readonly CommandDefinition[];
  now?: () => Date;
}

const NAMED_ARGUMENT = /(?:^|\s)([a-z]+):(\S+)/g;

export class Engine {
  readonly commands: readonly CommandDefinition[];
  private readonly knowledge: () => Knowledge;
  private readonly now: () => Date;

  constructor(options: EngineOptions) {
    this.commands = options.commands ?? allCommands;
    this.knowledge = options.knowledge;
    this.now = options.now ?? (() => new Date());
  }

  command(name: string): CommandDefinition | undefined {
    return this.commands.find((command) => command.name === name);
  }

  /**
   * `/share chinese-open` runs /share; `/timeline meta from:2024` sets an option by name;
   * anything not starting with `/` is a question for /ask.
   */
  parse(line: string): ParsedInput {
    const trimmed = line.trim();
    if (!trimmed.startsWith('/')) return { command: 'ask', args: { question: trimmed } };
    const [head = '', ...rest] = trimmed.slice(1).split(/\s+/);
    const name = head.toLowerCase();
    const command = this.command(name);
    const text = rest.join(' ');
    if (!command) return { command: name, args: text ? { text } : {} };

    const named: Record<string, string> = {};
    const optionNames = new Set(command.options.map((option) => option.name));
    const positional = text
      .replace(NAMED_ARGUMENT, (whole, key: string, value: string) => {
        if (!optionNames.has(key)) return whole;
        named[key] = value;
        return ' ';
      })
      .trim();
    const parsed = command.parseText ? command.parseText(positional) : firstOption(command, positional);
    return { command: name, args: { ...parsed, ...named } };
  }

  /**
   * Runs a command; an unknown one gets "did you mean" among the commands. `capabilities`
   * are what this request may do beyond reading (the Bot grants /reload to admins).
   */
  run(name: string, args: Record<string, string>, locale?: Locale, capabilities: CommandCapabilities = {}): Answer {
    const knowledge = this.knowledge();
    const chosenLocale = locale ?? guessLocale(Object.values(args).join(' '));
    const context = { ...capabilities, kb: knowledge.kb, index: knowledge.index, commands: this.commands, now: this.now() };
    const command = this.command(name.toLowerCase());
    if (command?.keyed) {
      // The same answer for the same arguments, language, base and day; a large vendor's
      // timeline has thousands of facts. Every request gets the same object, never changed
      // (a caller that adds to it copies it first), so that its views and rendered pages are
      // kept with it (see viewOf).
      const key = `answer:${command.name}:${chosenLocale}:${context.now.toISOString().slice(0, 10)}:${JSON.stringify(Object.entries(args).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
      return knowledge.index.derived(key, () => command.run({ args, locale: chosenLocale }, context));
    }
    if (command) return command.run({ args, locale: chosenLocale }, context);

    const suggestions = knowledge.index.suggest('command', name).map((choice) => ({ label: `/${choice.value}`, command: `/${choice.value}` }));
    const text = messages(chosenLocale);
    return new AnswerBuilder(knowledge.kb, chosenLocale, context.now, { name, args }).addText(text.typeHelp).build({
      status: 'not-found',
      title: text.notFound(text.what.command, `/${name}`),
      suggestions,
    });
  }
}

function firstOption(command: CommandDefinition, text: string): Record<string, string> {
  const first = command.options[0];
  return first && text ? { [first.name]: text } : {};
}
