import type { CommandDefinition } from '../src/command.ts';
import { builderFor, byDateDescending, notFoundAnswer, usageAnswer } from '../src/answer/common.ts';
import { entityName, messages } from '../src/answer/i18n.ts';

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
    if (!segment) return notFoundAnswer(share, input, context, 'segment', name, 'segment');

    const displayName = entityName(segment, input.locale);
    const figures = [...context.index.figuresFor(segment.id)].sort((a, b) => byDateDescending(a.fact, b.fact));
    const builder = builderFor(share, input, context);
    const seen = new Set<string>();
    for (const { fact, figure } of figures) {
      if (seen.has(fact.id)) continue;
      seen.add(fact.id);
      builder.addFact(fact, figure);
    }
    return builder.build({
      status: figures.length > 0 ? 'ok' : 'not-found',
      title: input.locale === 'fr' ? `Part : ${displayName}` : `Share: ${displayName}`,
      summary: (input.locale === 'fr' && segment.description_fr) || segment.description,
      notices: figures.length > 1 ? [{ kind: 'scope', text: messages(input.locale).scopeReminder }] : [],
      ...(figures.some(({ figure }) => figure.unit === 'percent')
        ? {
            chart: {
              kind: 'bar' as const,
              title: displayName,
              unit: 'percent',
              bars: figures
                .filter(({ figure }) => figure.unit === 'percent')
                .map(({ fact, figure }) => ({ label: `${figure.metric} (${figure.period ?? fact.date})`, value: figure.value })),
            },
          }
        : {}),
    });
  },
};
