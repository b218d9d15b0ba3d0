import { messages } from '../src/answer/messages.ts';
import type { CommandDefinition } from '../src/command.ts';
import { builderFor, byDateDescending, notFoundAnswer, usageAnswer } from '../src/answer/common.ts';
import type { Source } from '../src/knowledge/schema.ts';
import type { CommandContext } from '../src/command.ts';

export const source: CommandDefinition = {
  name: 'source',
  description: 'What a report or article is, and every fact the base takes from it',
  description_fr: 'Ce qu’est un rapport ou un article, et tous les faits que la base en tire',
  options: [
    {
      name: 'name',
      description: 'A source id, title or report name, e.g. a16z-soai',
      description_fr: 'Un identifiant, un titre ou un nom de rapport, ex. a16z-soai',
      type: 'string',
      required: true,
      complete: 'source',
      maxLength: 200,
    },
  ],
  examples: ['/source a16z-soai', '/source Economies of Open Intelligence'],
  keyed: true,
  run(input, context) {
    const name = input.args.name?.trim() ?? '';
    if (!name) return usageAnswer(source, input, context);
    const found = context.index.resolveSource(name) ?? sourceOfReport(name, context);
    if (!found) return notFoundAnswer(source, input, context, messages(input.locale).what.source, name, 'source');

    const facts = [...context.index.factsCiting(found.id)].sort(byDateDescending);
    const builder = builderFor(source, input, context);
    for (const fact of facts) builder.addFact(fact);
    const text = messages(input.locale);
    const details = [
      `${found.publisher} · ${found.kind}${found.published ? ` · ${found.published}` : ''}${found.published_note ? ` (${found.published_note})` : ''}`,
      found.url,
      found.read_via ? `${capitalise(text.readVia)}${text.colon} ${found.read_via}` : '',
      found.note ?? '',
    ]
      .filter(Boolean)
      .join('\n');
    return builder.build({
      status: 'ok',
      title: found.title,
      summary: details,
      notices: facts.length === 0 ? [{ kind: 'info', text: text.noFactCitesSource }] : [],
    });
  },
};

/**
 * A report's name ("State of AI", "AI Index") reaches the source that is the report, or
 * failing that the source its facts cite most.
 */
function sourceOfReport(name: string, context: CommandContext): Source | undefined {
  const report = context.index.resolveEntity(name, ['report']);
  if (!report) return undefined;
  if (report.source) return context.kb.sources.get(report.source);
  const counts = new Map<string, number>();
  for (const fact of context.index.factsAbout(report.id)) for (const id of fact.sources) counts.set(id, (counts.get(id) ?? 0) + 1);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best ? context.kb.sources.get(best[0]) : undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
