// `/check <claim>`, and "Check with landscape" on a message in Slack or Discord: what the base
// says about a claim someone made. The claim goes through the same understanding as a
// question (`understand`, `selectFacts`), and then the base's own record of disputes tells
// whether the claim is one it records as disputed (`index.disputedClaims`: "Chinese models
// are 13% of all AI usage" is the source article's wording, which the OpenRouter fact
// disputes). A number in the claim is compared with the facts' figures, and the scope of the
// figure is always said: most wrong claims about shares are right numbers of something
// narrower. The bot does not judge truth beyond that: it shows the facts, their caveats and
// disputes, each cited.
import type { CommandDefinition } from '../src/command.ts';
import type { AnswerNote } from '../src/answer/answer.ts';
import { shortAuthor } from '../src/answer/build.ts';
import { builderFor, usageAnswer } from '../src/answer/common.ts';
import { formatDate, formatFigure } from '../src/answer/i18n.ts';
import { briefOf } from '../src/answer/lead.ts';
import { messages } from '../src/answer/messages.ts';
import { cut } from '../src/answer/text.ts';
import type { Fact, Figure } from '../src/knowledge/schema.ts';
import { meaningfulWords, selectFacts } from '../src/search/select.ts';
import { understand } from '../src/search/understand.ts';
import { subjectsOf } from './ask.ts';

/**
 * Figures written in a claim: "13%", "13 %", "15,8 pour cent", "1.6 trillion", "671B". A bare
 * number is more often part of a name ("Llama 2") or a date than a figure.
 */
const FIGURE = /(?<![\w.,])(\d+(?:[.,]\d+)?)\s*(?:%|percent\b|per cent\b|pour ?cent\b|billion\b|million\b|trillion\b|milliards?\b|millions?\b|billions?\b|[bmk]\b)/gi;

export const check: CommandDefinition = {
  name: 'check',
  description: 'Check a claim: the facts that support or dispute it, with their scope and sources',
  description_fr: 'Vérifier une affirmation : les faits qui la confirment ou la contestent, avec leur périmètre',
  options: [
    {
      name: 'claim',
      description: 'The claim, e.g. Chinese models are 13% of all AI usage',
      description_fr: 'L’affirmation, ex. Les modèles chinois font 13 % de l’usage de l’IA',
      type: 'string',
      required: true,
      maxLength: 500,
    },
  ],
  examples: ['/check Chinese models are 13% of all AI usage', '/check DeepSeek R1 came out on 27 January 2025'],
  run(input, context) {
    const claim = input.args.claim?.trim() ?? '';
    if (!claim) return usageAnswer(check, input, context);
    const { kb, index } = context;
    const text = messages(input.locale);
    const understanding = understand(claim, index, kb.intents, context.now);
    const selection = selectFacts(understanding, index, kb);
    const found = selection.kind === 'answer' || selection.kind === 'partial' ? selection.facts : selection.kind === 'missing' ? selection.mentioning : [];
    const disputed = index.disputedClaims(meaningfulWords(understanding), new Set(found.map((fact) => fact.id)));
    const numbers = [...claim.matchAll(FIGURE)].map((match) => Number(match[1]!.replace(',', '.')));
    const matching = (fact: Fact) => fact.figures.find((figure) => numbers.some((number) => Math.abs(number - figure.value) < 0.05));
    // A dispute is this claim only if it says the claim's figures too ("40% of downloads" is not "13% of usage").
    const disputeOf = (fact: Fact) => (disputed.has(fact.id) ? fact.disputes.find((dispute) => numbers.every((number) => mentions(dispute.claim, number))) : undefined);
    // The fact that records this very claim as disputed comes first, then one whose figure the claim repeats.
    const lead = found.find((fact) => disputeOf(fact) !== undefined) ?? found.find((fact) => matching(fact) !== undefined) ?? found[0];
    const facts = lead ? [lead, ...found.filter((fact) => fact !== lead)] : [];

    const builder = builderFor(check, input, context);
    for (const fact of facts) builder.addFact(fact, matching(fact) ?? fact.figures[0] ?? null);
    const title = text.checkTitle(cut(claim, 80));
    if (!lead) return builder.build({ status: 'not-found', title, lead: { text: text.checkNothing, citations: [] } });

    const french = input.locale === 'fr';
    const short = briefOf(lead, kb, input.locale, matching(lead) ?? lead.figures[0] ?? null);
    // A claim about a date is checked against the fact's date, which a compact brief leaves to the list.
    const brief = short.includes(lead.date.slice(0, 4)) ? short : `${short.replace(/\.$/, '')} (${formatDate(lead.date, input.locale)}).`;
    const figure = matching(lead);
    const dispute = disputeOf(lead);
    const line = dispute
      ? text.checkDisputed(shortAuthor((french && dispute.by_fr) || dispute.by), brief)
      : figure
        ? text.checkFigure(figureWithScope(figure, french, input.locale))
        : numbers.length > 0 && lead.figures[0]
          ? text.checkFigureDiffers(figureWithScope(lead.figures[0], french, input.locale))
          : text.checkRelated(brief);
    // The scope caveat is what such claims get wrong: it stays on the first page.
    const caveat = ((french && lead.caveats_fr) || lead.caveats)[0];
    const notices: AnswerNote[] = caveat ? [{ kind: 'scope', text: caveat }] : [];
    return builder.build({
      status: 'ok',
      title,
      lead: { text: line, citations: builder.citationsOf(lead), factId: lead.id },
      notices,
      subjects: subjectsOf(understanding),
    });
  },
};

/** Whether a text states a number ("13" in "13%", "13 per cent", "13.0%"), not as part of another. */
function mentions(text: string, number: number): boolean {
  return [...text.matchAll(/(?<![\w.,])(\d+(?:[.,]\d+)?)(?![\d])/g)].some((match) => Math.abs(Number(match[1]!.replace(',', '.')) - number) < 0.05);
}

function figureWithScope(figure: Figure, french: boolean, locale: 'en' | 'fr'): string {
  const period = (french && figure.period_fr) || figure.period;
  return `${formatFigure(figure, locale)} — ${(french && figure.scope_fr) || figure.scope}${period ? `, ${period}` : ''}`;
}
