import type { CommandDefinition } from '../src/command.ts';
import { builderFor, byDateDescending, notFoundAnswer, usageAnswer } from '../src/answer/common.ts';
import { entityName } from '../src/answer/i18n.ts';
import { figuresChart } from '../src/answer/charts.ts';
import type { ChartSpec } from '../src/answer/answer.ts';
import { messages } from '../src/answer/messages.ts';

export const share: CommandDefinition = {
  name: 'share',
  description: 'Every figure about a segment’s share (downloads, usage…), newest first, with its scope and source',
  description_fr: 'Chiffres de part d’un segment (téléchargements, usage…), du plus récent, avec périmètre et source',
  options: [
    {
      name: 'segment',
      description: 'A segment such as chinese-open, us-open, open-weight or proprietary',
      description_fr: 'Un segment : chinese-open, us-open, open-weight, proprietary…',
      type: 'string',
      required: true,
      complete: 'segment',
      maxLength: 100,
    },
  ],
  examples: ['/share chinese-open', '/share open-weight'],
  keyed: true,
  run(input, context) {
    const name = input.args.segment?.trim() ?? '';
    if (!name) return usageAnswer(share, input, context);
    const segment = context.index.resolveEntity(name, ['segment']);
    if (!segment) return notFoundAnswer(share, input, context, messages(input.locale).what.segment, name, 'segment');

    const displayName = entityName(segment, input.locale);
    const figures = [...context.index.figuresFor(segment.id)].sort((a, b) => byDateDescending(a.fact, b.fact));
    const builder = builderFor(share, input, context);
    const seen = new Set<string>();
    const listed = figures.filter(({ fact }) => !seen.has(fact.id) && seen.add(fact.id));
    for (const { fact, figure } of listed) builder.addFact(fact, figure);
    return builder.build({
      status: figures.length > 0 ? 'ok' : 'not-found',
      title: messages(input.locale).shareTitle(displayName),
      summary: (input.locale === 'fr' && segment.description_fr) || segment.description,
      notices: figures.length > 1 ? [{ kind: 'scope', text: messages(input.locale).scopeReminder }] : [],
      // Numbered like the statements: the first figure of each fact, in list order.
      ...chartOf(figuresChart(displayName, listed, input.locale)),
      subjects: [segment.id],
    });
  },
};

function chartOf(chart: ChartSpec | undefined): { chart?: ChartSpec } {
  return chart ? { chart } : {};
}
