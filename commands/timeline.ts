import type { CommandDefinition } from '../src/command.ts';
import { builderFor, notFoundAnswer, usageAnswer } from '../src/answer/common.ts';
import { entityName } from '../src/answer/i18n.ts';
import { messages } from '../src/answer/messages.ts';
import { timelineChart } from '../src/answer/charts.ts';
import { PARTIAL_DATE } from '../src/knowledge/schema.ts';
import type { Fact } from '../src/knowledge/schema.ts';

const TRAILING_DATES = /^(.*?)(?:\s+(\d{4}(?:-\d{2}){0,2}))?(?:\s+(\d{4}(?:-\d{2}){0,2}))?\s*$/;

export const timeline: CommandDefinition = {
  name: 'timeline',
  description: 'Dated facts about a vendor, model or topic, oldest first',
  description_fr: 'Les faits datés sur un éditeur, un modèle ou un sujet, du plus ancien au plus récent',
  options: [
    {
      name: 'entity',
      description: 'A vendor, model or topic, e.g. meta or deepseek-r1',
      description_fr: 'Un éditeur, un modèle ou un sujet, ex. meta ou deepseek-r1',
      type: 'string',
      required: true,
      complete: 'timeline-entity',
      maxLength: 100,
    },
    { name: 'from', description: 'Earliest date, YYYY or YYYY-MM or YYYY-MM-DD', description_fr: 'Date de début, AAAA ou AAAA-MM ou AAAA-MM-JJ', type: 'date', required: false, maxLength: 10 },
    { name: 'to', description: 'Latest date, YYYY or YYYY-MM or YYYY-MM-DD', description_fr: 'Date de fin, AAAA ou AAAA-MM ou AAAA-MM-JJ', type: 'date', required: false, maxLength: 10 },
  ],
  examples: ['/timeline meta', '/timeline deepseek 2025', '/timeline qwen 2024 2025-06'],
  keyed: true,
  parseText(text) {
    const [, entity = '', from, to] = TRAILING_DATES.exec(text.trim()) ?? [];
    return { entity: entity.trim(), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  },
  run(input, context) {
    const name = input.args.entity?.trim() ?? '';
    if (!name) return usageAnswer(timeline, input, context);
    const from = input.args.from?.trim();
    const to = input.args.to?.trim();
    if ((from && !PARTIAL_DATE.test(from)) || (to && !PARTIAL_DATE.test(to))) return usageAnswer(timeline, input, context);

    const entity = context.index.resolveEntity(name);
    if (!entity) return notFoundAnswer(timeline, input, context, messages(input.locale).what.topic, name, 'timeline-entity');

    // A vendor's or a family's timeline includes its models' events; sorted once per base
    // (thousands of facts for a large vendor).
    const related = [entity, ...context.index.membersOf(entity)];
    const all = context.index.derived(`timeline:${entity.id}`, () => {
      const facts = new Map<string, Fact>();
      for (const each of related) for (const fact of context.index.factsAbout(each.id)) facts.set(fact.id, fact);
      return [...facts.values()].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
    });
    const inRange = from || to ? all.filter((fact) => (!from || !endsBefore(fact.date, from)) && (!to || !startsAfter(fact.date, to))) : all;

    const builder = builderFor(timeline, input, context);
    for (const fact of inRange) builder.addFact(fact);
    const displayName = entityName(entity, input.locale);
    const range = from || to ? ` (${from ?? '…'} → ${to ?? '…'})` : '';
    const chart = timelineChart(displayName, inRange, context.kb, input.locale, related);
    return builder.build({
      ...(chart ? { chart } : {}),
      status: inRange.length > 0 ? 'ok' : 'not-found',
      title: messages(input.locale).timelineTitle(`${displayName}${range}`),
      summary: inRange.length > 0 ? messages(input.locale).datedFacts(inRange.length) : messages(input.locale).noFacts(displayName),
      subjects: [entity.id],
    });
  },
};

/** `2024` ends before `2025-03`; `2025` does not end before `2025-03` (it overlaps). */
function endsBefore(date: string, from: string): boolean {
  const length = Math.min(date.length, from.length);
  return date.slice(0, length) < from.slice(0, length);
}

function startsAfter(date: string, to: string): boolean {
  const length = Math.min(date.length, to.length);
  return date.slice(0, length) > to.slice(0, length);
}
