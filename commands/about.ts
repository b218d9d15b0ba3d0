import type { CommandDefinition } from '../src/command.ts';
import type { Locale } from '../src/answer/answer.ts';
import { builderFor } from '../src/answer/common.ts';
import { messages } from '../src/answer/messages.ts';
import { staleCount } from '../src/knowledge/freshness.ts';
import type { EntityKind } from '../src/knowledge/schema.ts';

/** Singular and plural of each entity kind, as /about counts them. */
const KIND_WORDS: Record<Locale, Record<EntityKind, [string, string]>> = {
  en: {
    vendor: ['vendor', 'vendors'],
    family: ['model family', 'model families'],
    model: ['model', 'models'],
    segment: ['segment', 'segments'],
    topic: ['topic', 'topics'],
    person: ['person', 'people'],
    policy: ['policy', 'policies'],
    report: ['report', 'reports'],
  },
  fr: {
    vendor: ['éditeur', 'éditeurs'],
    family: ['famille de modèles', 'familles de modèles'],
    model: ['modèle', 'modèles'],
    segment: ['segment', 'segments'],
    topic: ['sujet', 'sujets'],
    person: ['personne', 'personnes'],
    policy: ['règle', 'règles'],
    report: ['rapport', 'rapports'],
  },
};

export const about: CommandDefinition = {
  name: 'about',
  description: 'What the bot knows: counts of facts, sources and entities, and the knowledge version',
  description_fr: 'Ce que sait le bot : nombre de faits, de sources et d’entités, et la version de la base',
  options: [],
  examples: ['/about'],
  run(input, context) {
    const { kb } = context;
    const text = messages(input.locale);
    const byKind = new Map<EntityKind, number>();
    for (const entity of kb.entities.values()) byKind.set(entity.kind, (byKind.get(entity.kind) ?? 0) + 1);
    const kinds = [...byKind]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, count]) => `${count} ${KIND_WORDS[input.locale][kind]![count > 1 ? 1 : 0]}`)
      .join(', ');
    const version = `${kb.version.date} (${kb.version.commit ? `${kb.version.commit}, ` : ''}rev ${kb.version.revision})`;
    return builderFor(about, input, context)
      .addText(text.aboutCounts(kb.facts.size, kb.sources.size, kb.entities.size, kinds))
      .addText(text.aboutVersion(version))
      .addText(text.aboutScope)
      .addText(text.aboutStale(staleCount(kb, context.now)))
      .build({ status: 'info', title: text.aboutTitle });
  },
};
