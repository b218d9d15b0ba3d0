import type { CommandDefinition } from '../src/command.ts';
import { builderFor, usageAnswer } from '../src/answer/common.ts';
import { messages } from '../src/answer/i18n.ts';
import type { Fact } from '../src/knowledge/schema.ts';

const MAX_FACTS = 5;
/** Facts scoring below this share of the best hit are noise, not answers. */
const RELATIVE_CUTOFF = 0.3;

export const ask: CommandDefinition = {
  name: 'ask',
  description: 'Ask a question in English or French; get the best-matching cited facts',
  description_fr: 'Posez une question en français ou en anglais ; recevez les faits sourcés les plus pertinents',
  options: [
    { name: 'question', description: 'Your question, e.g. When was DeepSeek R1 released?', description_fr: 'Votre question, ex. Quand DeepSeek R1 est-il sorti ?', type: 'string', required: true, maxLength: 500 },
  ],
  examples: ['/ask When was DeepSeek R1 released?', '/ask Quelle part des téléchargements pour les modèles chinois ?'],
  run(input, context) {
    const question = input.args.question?.trim() ?? '';
    if (!question) return usageAnswer(ask, input, context);

    const hits = context.index.query(question, 30);
    const factHits = hits.filter((hit) => hit.kind === 'fact');
    const best = factHits[0]?.score ?? 0;
    const facts: Fact[] = factHits
      .filter((hit) => hit.score >= best * RELATIVE_CUTOFF)
      .slice(0, MAX_FACTS)
      .flatMap((hit) => context.kb.facts.get(hit.id) ?? []);

    const builder = builderFor(ask, input, context);
    for (const fact of facts) builder.addFact(fact);
    if (facts.length === 0) {
      // Names in the question that the base knows, as timelines to explore instead.
      const suggestions = hits
        .filter((hit) => hit.kind === 'entity')
        .slice(0, 5)
        .map((hit) => ({ label: context.kb.entities.get(hit.id)?.name ?? hit.id, command: `/timeline ${hit.id}` }));
      return builder.build({ status: 'not-found', title: messages(input.locale).noAnswer, suggestions });
    }
    return builder.build({ status: 'ok', title: question.length > 200 ? `${question.slice(0, 199)}…` : question });
  },
};
