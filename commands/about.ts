import type { CommandDefinition } from '../src/command.ts';
import type { Locale } from '../src/answer/answer.ts';
import { builderFor } from '../src/answer/common.ts';
import type { EntityKind } from '../src/knowledge/schema.ts';

/** Singular and plural of each entity kind, as /about counts them. */
const KIND_WORDS: Record<Locale, Record<EntityKind, [string, string]>> = {
  en: { vendor: ['vendor', 'vendors'], family: ['model family', 'model families'], model: ['model', 'models'], segment: ['segment', 'segments'], topic: ['topic', 'topics'], person: ['person', 'people'], policy: ['policy', 'policies'], report: ['report', 'reports'] },
  fr: { vendor: ['éditeur', 'éditeurs'], family: ['famille de modèles', 'familles de modèles'], model: ['modèle', 'modèles'], segment: ['segment', 'segments'], topic: ['sujet', 'sujets'], person: ['personne', 'personnes'], policy: ['règle', 'règles'], report: ['rapport', 'rapports'] },
};

export const about: CommandDefinition = {
  name: 'about',
  description: 'What the bot knows: counts of facts, sources and entities, and the knowledge version',
  description_fr: 'Ce que sait le bot : nombre de faits, de sources et d’entités, et la version de la base',
  options: [],
  examples: ['/about'],
  run(input, context) {
    const { kb } = context;
    const fr = input.locale === 'fr';
    const byKind = new Map<EntityKind, number>();
    for (const entity of kb.entities.values()) byKind.set(entity.kind, (byKind.get(entity.kind) ?? 0) + 1);
    const kinds = [...byKind].sort((a, b) => b[1] - a[1]).map(([kind, count]) => `${count} ${KIND_WORDS[input.locale][kind]![count > 1 ? 1 : 0]}`).join(', ');
    const version = `${kb.version.date} (${kb.version.commit ? `${kb.version.commit}, ` : ''}rev ${kb.version.revision})`;
    return builderFor(about, input, context)
      .addText(fr ? `${kb.facts.size} faits, ${kb.sources.size} sources, ${kb.entities.size} entités (${kinds}).` : `${kb.facts.size} facts, ${kb.sources.size} sources, ${kb.entities.size} entities (${kinds}).`)
      .addText(fr ? `Version de la base : ${version}.` : `Knowledge version: ${version}.`)
      .addText(
        fr
          ? 'Chaque réponse cite ses sources ; les chiffres disent leur périmètre (une part des jetons OpenRouter n’est pas une part de « tout l’usage de l’IA »).'
          : 'Every answer cites its sources; figures say their scope (a share of OpenRouter tokens is not a share of "all AI usage").',
      )
      .build({ status: 'info', title: fr ? 'À propos de landscape' : 'About landscape' });
  },
};
