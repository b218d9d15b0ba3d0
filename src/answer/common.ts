// Answers every command gives the same way: the usage line for a missing argument, and
// "did you mean" for a name the base does not know.
import type { CommandContext, CommandDefinition, CommandInput, CompletionKind } from '../command.ts';
import { usageLine } from '../command.ts';
import type { Answer } from './answer.ts';
import { AnswerBuilder } from './build.ts';
import { messages } from './messages.ts';

export function builderFor(command: CommandDefinition, input: CommandInput, context: CommandContext): AnswerBuilder {
  return new AnswerBuilder(context.kb, input.locale, context.now, { name: command.name, args: { ...input.args } });
}

export function usageAnswer(command: CommandDefinition, input: CommandInput, context: CommandContext): Answer {
  const text = messages(input.locale);
  const description = input.locale === 'fr' ? command.description_fr : command.description;
  return builderFor(command, input, context)
    .addText(description)
    .build({
      status: 'usage',
      title: text.usage(usageLine(command)),
      suggestions: command.examples.map((example) => ({ label: example, command: example })),
    });
}

/**
 * "No segment called X" with up to 5 close names, each as the command that would work.
 * `what` is the kind of thing in words ("segment", "vendor").
 */
export function notFoundAnswer(command: CommandDefinition, input: CommandInput, context: CommandContext, what: string, name: string, kind: CompletionKind): Answer {
  const text = messages(input.locale);
  const suggestions = context.index.suggest(kind, name).map((choice) => ({
    label: choice.name,
    command: `/${command.name} ${choice.value}`,
  }));
  return builderFor(command, input, context).build({
    status: 'not-found',
    title: text.notFound(what, name),
    suggestions,
  });
}

/** Newest first; partial dates sort as their first day. */
export function byDateDescending(a: { date: string }, b: { date: string }): number {
  return b.date.localeCompare(a.date);
}
