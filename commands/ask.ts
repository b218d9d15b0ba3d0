import type { CommandContext, CommandDefinition, CommandInput } from '../src/command.ts';
import type { Suggestion } from '../src/answer/answer.ts';
import { builderFor, usageAnswer } from '../src/answer/common.ts';
import { entityName } from '../src/answer/i18n.ts';
import { askLabel, leadLine } from '../src/answer/lead.ts';
import { messages } from '../src/answer/messages.ts';
import type { Entity } from '../src/knowledge/schema.ts';
import { selectFacts, type Selection } from '../src/search/select.ts';
import { understand, type Understanding } from '../src/search/understand.ts';

export const ask: CommandDefinition = {
  name: 'ask',
  description: 'Ask a question in English or French; get the answer first, with its sources',
  description_fr: 'Posez une question en français ou en anglais ; la réponse d’abord, avec ses sources',
  options: [
    {
      name: 'question',
      description: 'Your question, e.g. When was DeepSeek R1 released?',
      description_fr: 'Votre question, ex. Quand DeepSeek R1 est-il sorti ?',
      type: 'string',
      required: true,
      maxLength: 500,
    },
    // Set by follow-ups in a thread; anyone may set it too ("what licence?" about:kimi-k2).
    {
      name: 'about',
      description: 'What the question is about when it names nothing, e.g. kimi-k2',
      description_fr: 'Le sujet de la question quand elle n’en nomme aucun, ex. kimi-k2',
      type: 'string',
      required: false,
      complete: 'entity',
      maxLength: 200,
    },
  ],
  examples: ['/ask When was DeepSeek R1 released?', '/ask Quelle part des téléchargements pour les modèles chinois ?'],
  run(input, context) {
    const question = input.args.question?.trim() ?? '';
    if (!question) return usageAnswer(ask, input, context);
    // `about` holds entity ids or names, comma-separated (a thread's subject may be several).
    const about = (input.args.about ?? '').split(',').flatMap((name) => context.index.resolveEntity(name.trim()) ?? []);
    const understanding = understand(question, context.index, context.kb.intents, context.now, { subjects: about });
    const selection = selectFacts(understanding, context.index, context.kb);
    const lead = leadLine({ selection, understanding, kb: context.kb, locale: input.locale, now: context.now });

    const builder = builderFor(ask, input, context);
    const facts = selection.kind === 'answer' || selection.kind === 'partial' ? selection.facts : selection.kind === 'missing' ? selection.mentioning : [];
    for (const fact of facts) builder.addFact(fact);
    return builder.build({
      status: selection.kind === 'answer' ? 'ok' : selection.kind === 'partial' || facts.length > 0 ? 'partial' : 'not-found',
      title: titleOf(selection, input),
      lead: { text: lead.text, citations: lead.fact ? builder.citationsOf(lead.fact) : [], ...(lead.fact ? { factId: lead.fact.id } : {}) },
      suggestions: suggestionsFor(selection, input, context),
      subjects: subjectsOf(understanding),
    });
  },
};

/** What a follow-up to this answer is about: what it named, else the segments it named. */
export function subjectsOf(understanding: Understanding): string[] {
  const subjects = understanding.subjects.length > 0 ? understanding.subjects : understanding.themes.filter((theme) => theme.kind === 'segment');
  return subjects.map((entity) => entity.id);
}

/** What the answer is about, never the question echoed back: "DeepSeek-R1 — release date". */
function titleOf(selection: Selection, input: CommandInput): string {
  const text = messages(input.locale);
  switch (selection.kind) {
    case 'answer': {
      const subject = selection.subject ? entityName(selection.subject, input.locale) : undefined;
      const what = selection.ask ? askLabel(selection.ask, input.locale) : undefined;
      if (subject && what) return `${subject} — ${what}`;
      return subject ?? (what ? capitalise(what) : text.whatTheBaseSays);
    }
    case 'partial':
      return `${entityName(selection.subject, input.locale)} — ${askLabel(selection.ask, input.locale)}`;
    case 'missing':
    case 'none':
      return text.notInTheBase;
    case 'off-topic':
      return text.offTopicTitle;
  }
}

/** The closest things the base does know, as commands a click away. */
function suggestionsFor(selection: Selection, input: CommandInput, context: CommandContext): Suggestion[] {
  const profile = (entity: Entity): Suggestion => ({
    label: entityName(entity, input.locale),
    command: `/${entity.kind === 'vendor' ? 'vendor' : entity.kind === 'model' || entity.kind === 'family' ? 'model' : 'timeline'} ${entity.id}`,
  });
  switch (selection.kind) {
    case 'missing':
      return selection.nearest.map(profile);
    case 'partial':
      return [profile(selection.subject)];
    case 'off-topic':
    case 'none':
      return exampleQuestions(input, context);
    case 'answer':
      return [];
  }
}

/** Two questions the base answers well today: the newest release and a licence. */
function exampleQuestions(input: CommandInput, context: CommandContext): Suggestion[] {
  const text = messages(input.locale);
  const newest = (kind: 'release' | 'licence', other?: Entity) => {
    for (const fact of context.index.newestAnswering(kind)) {
      const model = fact.about.map((id) => context.kb.entities.get(id)).find((entity) => entity?.kind === 'model');
      if (model && model.id !== other?.id) return model;
    }
    return undefined;
  };
  const released = newest('release');
  const licensed = newest('licence', released);
  const questions = [released && text.exampleWhen(entityName(released, input.locale)), licensed && text.exampleLicence(entityName(licensed, input.locale))].filter((question): question is string =>
    Boolean(question),
  );
  return questions.map((question) => ({ label: question, command: `/ask ${question}` }));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
