import type { CommandContext, CommandDefinition, CommandInput } from '../src/command.ts';
import { builderFor, notFoundAnswer, usageAnswer } from '../src/answer/common.ts';
import { entityName, formatDate, formatNumber } from '../src/answer/i18n.ts';
import { askLabel } from '../src/answer/lead.ts';
import { messages } from '../src/answer/messages.ts';
import type { AnswerKind, Entity, Fact, Figure } from '../src/knowledge/schema.ts';
import { factAnswering, representative } from '../src/search/select.ts';
import { understand } from '../src/search/understand.ts';

/** What a comparison sets side by side, in this order. */
const ASPECTS: readonly AnswerKind[] = ['release', 'size', 'context', 'licence'];

export const compare: CommandDefinition = {
  name: 'compare',
  description: 'Two models or vendors side by side: release, size, context and licence, each cited',
  description_fr: 'Deux modèles ou éditeurs côte à côte : sortie, taille, contexte et licence, avec sources',
  options: [
    {
      name: 'first',
      description: 'A model, family or vendor, e.g. qwen3 or deepseek-v4',
      description_fr: 'Un modèle, une famille ou un éditeur, ex. qwen3 ou deepseek-v4',
      type: 'string',
      required: true,
      complete: 'comparable',
      maxLength: 100,
    },
    { name: 'second', description: 'The other one, e.g. llama-4-maverick', description_fr: 'L’autre, ex. llama-4-maverick', type: 'string', required: true, complete: 'comparable', maxLength: 100 },
  ],
  examples: ['/compare qwen3 llama-4-maverick', '/compare DeepSeek V4 vs Kimi K2.6'],
  keyed: true,
  parseText(text): Record<string, string> {
    // "A vs B", "A and B", "A, B"; else two names found in the text ("qwen3 llama 4").
    const parts = text.split(/\s+(?:vs\.?|versus|and|et|or|ou)\s+|\s*,\s*/i).filter(Boolean);
    return parts.length === 2 ? { first: parts[0]!, second: parts[1]! } : { first: text };
  },
  run(input, context) {
    const { first = '', second = '' } = input.args;
    const named = resolvePair(first.trim(), second.trim(), context);
    if (named === 'usage') return usageAnswer(compare, input, context);
    const text = messages(input.locale);
    if ('unknown' in named) return notFoundAnswer(compare, input, context, text.what.comparable, named.unknown, 'comparable');

    const sides = named.pair.map((entity) => ({ entity, shown: representative(entity, context.index) }));
    const builder = builderFor(compare, input, context);
    const summaries = sides.map(() => [] as string[]);
    const shownFacts = new Set<string>();
    for (const aspect of ASPECTS) {
      sides.forEach(({ shown }, side) => {
        const fact = factAnswering(shown, aspect, context.index);
        const name = entityName(shown, input.locale);
        if (!fact) {
          builder.addText(text.absentAspect(name, askLabel(aspect, input.locale)));
          return;
        }
        const value = aspectValue(aspect, fact, shown, input);
        if (value) summaries[side]!.push(value);
        // One statement per fact, even when it answers several aspects.
        if (!shownFacts.has(fact.id)) builder.addFact(fact, aspectFigure(aspect, fact, shown));
        shownFacts.add(fact.id);
      });
    }
    const lead = sides.map(({ entity, shown }, side) => {
      const stands = shown.id !== entity.id ? ` (${text.newestIn}${text.colon} ${entityName(shown, input.locale)})` : '';
      return `${entityName(entity, input.locale)}${stands}${text.colon} ${summaries[side]!.join(' · ') || text.nothingInTheBase}`;
    });
    return builder.build({
      status: 'ok',
      title: `${entityName(sides[0]!.entity, input.locale)} vs ${entityName(sides[1]!.entity, input.locale)}`,
      lead: { text: lead.join(' — '), citations: [] },
      subjects: sides.map(({ entity }) => entity.id),
    });
  },
};

type Pair = { pair: [Entity, Entity] } | { unknown: string } | 'usage';

function resolvePair(first: string, second: string, context: CommandContext): Pair {
  if (!first) return 'usage';
  const kinds = ['model', 'family', 'vendor'] as const;
  if (!second) {
    // One text naming both: "deepseek v4 kimi k2.6".
    const found = understand(first, context.index, context.kb.intents, context.now).subjects.filter((entity) => (kinds as readonly string[]).includes(entity.kind));
    return found.length >= 2 ? { pair: [found[0]!, found[1]!] } : 'usage';
  }
  const a = context.index.resolveEntity(first, kinds);
  if (!a) return { unknown: first };
  const b = context.index.resolveEntity(second, kinds);
  if (!b) return { unknown: second };
  return { pair: [a, b] };
}

/** The figure a statement shows: the size or context it was chosen for, none for a date or a licence. */
function aspectFigure(aspect: AnswerKind, fact: Fact, model: Entity): Figure | null {
  const metric = aspect === 'size' ? 'total-parameters' : aspect === 'context' ? 'context-length' : undefined;
  return (metric && fact.figures.find((figure) => figure.metric === metric && (figure.about === undefined || figure.about === model.id))) || null;
}

/** A few words for the lead: "24 April 2026", "1,600B (49B active)", "1M context", "MIT". */
function aspectValue(aspect: AnswerKind, fact: Fact, model: Entity, input: CommandInput): string | undefined {
  const own = fact.figures.filter((figure) => figure.about === undefined || figure.about === model.id);
  // An umbrella release (DeepSeek-V4 = Pro + Flash) has only its members' figures.
  const figures = own.length > 0 ? own : fact.figures;
  const number = (value: number) => formatNumber(value, input.locale);
  switch (aspect) {
    case 'release':
      return formatDate(fact.date, input.locale);
    case 'size': {
      const totals = figures
        .filter((figure) => figure.metric === 'total-parameters')
        .map((figure) => figure.value)
        .sort((a, b) => a - b);
      if (totals.length > 1) return `${number(totals[0]!)}–${number(totals.at(-1)!)}B`;
      const total = figures.find((figure) => figure.metric === 'total-parameters');
      const active = figures.find((figure) => figure.metric === 'active-parameters');
      if (!total) return undefined;
      return messages(input.locale).sizeShort(`${number(total.value)}B`, active ? `${number(active.value)}B` : undefined);
    }
    case 'context': {
      const context = figures.find((figure) => figure.metric === 'context-length');
      return context ? messages(input.locale).contextShort(`${number(context.value)}${context.unit === 'million tokens' ? 'M' : 'K'}`) : undefined;
    }
    case 'licence':
      return fact.licence?.name;
    default:
      return undefined;
  }
}
