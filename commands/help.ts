import type { CommandDefinition } from '../src/command.ts';
import { usageLine } from '../src/command.ts';
import { builderFor, notFoundAnswer } from '../src/answer/common.ts';
import { messages } from '../src/answer/messages.ts';

export const help: CommandDefinition = {
  name: 'help',
  description: 'List the commands, or explain one',
  description_fr: 'Lister les commandes, ou en expliquer une',
  options: [{ name: 'command', description: 'A command name, e.g. share', description_fr: 'Un nom de commande, ex. share', type: 'string', required: false, complete: 'command', maxLength: 50 }],
  examples: ['/help', '/help timeline'],
  run(input, context) {
    const fr = input.locale === 'fr';
    const text = messages(input.locale);
    const describe = (command: CommandDefinition) => (fr ? command.description_fr : command.description);
    const name = input.args.command?.trim().replace(/^\//, '').toLowerCase() ?? '';
    const builder = builderFor(help, input, context);
    if (!name) {
      // Admin-only commands are hidden here as Discord hides them; `/help reload` still explains one.
      for (const command of context.commands.filter((candidate) => !candidate.adminOnly)) builder.addText(`${usageLine(command)} — ${describe(command)}`);
      return builder.build({
        status: 'info',
        title: text.commandsTitle,
        summary: text.helpSummary,
      });
    }
    const command = context.commands.find((candidate) => candidate.name === name);
    if (!command) return notFoundAnswer(help, input, context, text.what.command, name, 'command');
    for (const option of command.options) {
      builder.addText(`${option.name}${option.required ? '' : text.optional}${text.colon} ${fr ? option.description_fr : option.description}`);
    }
    return builder.build({
      status: 'info',
      title: usageLine(command),
      summary: describe(command),
      suggestions: command.examples.map((example) => ({ label: example, command: example })),
    });
  },
};
