import type { CommandDefinition } from '../src/command.ts';
import { builderFor, notFoundAnswer, usageAnswer } from '../src/answer/common.ts';
import { entityName, formatDate } from '../src/answer/i18n.ts';
import { messages } from '../src/answer/messages.ts';
import type { Entity, Fact } from '../src/knowledge/schema.ts';
import { PARTIAL_DATE } from '../src/knowledge/schema.ts';
import type { KnowledgeIndex } from '../src/search/index.ts';

/** `2026`, `2026-04 chinese-open`, `deepseek`, `chinese-open 2025`: a period and a filter, in any order. */
const PERIOD = /(?:^|\s)(\d{4}(?:-\d{2}){0,2})(?=\s|$)/;

export const releases: CommandDefinition = {
  name: 'releases',
  description: 'What came out when, newest first: open-weight releases by period, vendor or segment',
  description_fr: 'Ce qui est sorti et quand, du plus récent : sorties par période, éditeur ou segment',
  options: [
    {
      name: 'period',
      description: 'A year or month, e.g. 2026 or 2026-04 (default: all)',
      description_fr: 'Une année ou un mois, ex. 2026 ou 2026-04 (par défaut : tout)',
      type: 'date',
      required: false,
      maxLength: 10,
    },
    {
      name: 'of',
      description: 'A vendor, family or segment, e.g. deepseek, qwen or chinese-open',
      description_fr: 'Un éditeur, une famille ou un segment, ex. deepseek, qwen ou chinese-open',
      type: 'string',
      required: false,
      complete: 'publisher',
      maxLength: 100,
    },
  ],
  examples: ['/releases 2026', '/releases 2026-04 chinese-open', '/releases qwen'],
  keyed: true,
  parseText(text): Record<string, string> {
    const period = PERIOD.exec(text)?.[1];
    const of = text.replace(PERIOD, ' ').trim();
    return { ...(period ? { period } : {}), ...(of ? { of } : {}) };
  },
  run(input, context) {
    const text = messages(input.locale);
    const period = input.args.period?.trim();
    if (period && !PARTIAL_DATE.test(period)) return usageAnswer(releases, input, context);
    const ofName = input.args.of?.trim();
    const filter = ofName ? context.index.resolveEntity(ofName, ['vendor', 'family', 'segment']) : undefined;
    if (ofName && !filter) return notFoundAnswer(releases, input, context, text.what.publisher, ofName, 'publisher');

    // The same period and filter give the same list until the base changes.
    const found = context.index.derived(`releases:${period ?? ''}:${filter?.id ?? ''}`, () => {
      const models = filter ? modelsUnder(filter, context.index, context.kb.entities) : undefined;
      // The facts about its models, or those about releases, never the whole base (at
      // 100,000 facts, reading it all took 40 ms for a first request).
      const candidates = models ? new Set([...models].flatMap((id) => context.index.factsAbout(id))) : context.index.factsAnswering('release');
      return [...candidates]
        .filter((fact) => fact.answers.includes('release') && (!period || fact.date.startsWith(period)))
        .filter((fact) => !models || fact.about.some((id) => models.has(id)))
        .sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
    });
    const builder = builderFor(releases, input, context);
    for (const fact of found) builder.addFact(fact, null);

    const scope = [filter ? entityName(filter, input.locale) : '', period ? text.inPeriod(formatDate(period, input.locale)) : ''].filter(Boolean).join(' ');
    const newest = found[0] ? releasedModel(found[0], context.kb.entities) : undefined;
    const lead =
      found.length === 0 ? text.noReleases(scope) : text.releasesLead(found.length, scope, newest ? entityName(newest, input.locale) : found[0]!.id, formatDate(found[0]!.date, input.locale));
    return builder.build({
      status: found.length > 0 ? 'ok' : 'not-found',
      title: text.releasesTitle(scope),
      // The lead sums up the list; it states no single fact, so the list shows from its start.
      lead: { text: lead, citations: found[0] ? builder.citationsOf(found[0]) : [] },
    });
  },
};

/** The models a vendor ships, a family groups, or a segment's vendors ship. */
function modelsUnder(filter: Entity, index: KnowledgeIndex, entities: ReadonlyMap<string, Entity>): Set<string> {
  if (filter.kind !== 'segment') return new Set(index.membersOf(filter).map((model) => model.id));
  const vendors = [...entities.values()].filter((entity) => entity.kind === 'vendor' && entity.related.includes(filter.id));
  return new Set(vendors.flatMap((vendor) => index.membersOf(vendor).map((model) => model.id)));
}

function releasedModel(fact: Fact, entities: ReadonlyMap<string, Entity>): Entity | undefined {
  return fact.about.map((id) => entities.get(id)).find((entity) => entity?.kind === 'model');
}
