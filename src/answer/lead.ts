// The first line of an /ask answer, built only from the fields of the fact that answers it:
// its date for "when", its licence block for "can I use it commercially", its parameter
// figures for "how big". Nothing is invented: without the field, the lead is the claim.
import type { KnowledgeBase } from '../knowledge/load.ts';
import type { AnswerKind, Entity, Fact, Figure } from '../knowledge/schema.ts';
import { isStale } from '../knowledge/freshness.ts';
import type { Selection } from '../search/select.ts';
import type { Understanding } from '../search/understand.ts';
import type { Locale } from './answer.ts';
import { entityName, formatDate, formatNumber, localUnit } from './i18n.ts';

export interface LeadInput {
  selection: Selection;
  understanding: Understanding;
  kb: KnowledgeBase;
  locale: Locale;
  now: Date;
}

export interface LeadLine {
  text: string;
  /** The fact the line states; its citations follow the line. */
  fact?: Fact;
}

/** Licence names a question can test ("is Gemma 4 Apache 2.0?"). */
const LICENCE_WORDS = ['apache', 'mit', 'gpl', 'bsd', 'creative commons', 'cc by'];

const LABELS: Record<Locale, Record<AnswerKind, string>> = {
  en: {
    release: 'release date', licence: 'licence', size: 'size', context: 'context window', training: 'training',
    usage: 'usage and downloads', benchmark: 'performance', company: 'company', position: 'stated position',
    policy: 'rules', definition: 'what it is', report: 'report', event: 'events',
  },
  fr: {
    release: 'date de sortie', licence: 'licence', size: 'taille', context: 'fenêtre de contexte', training: 'entraînement',
    usage: 'usage et téléchargements', benchmark: 'performances', company: 'entreprise', position: 'position',
    policy: 'règles', definition: 'définition', report: 'rapport', event: 'événements',
  },
};

export function askLabel(kind: AnswerKind, locale: Locale): string {
  return LABELS[locale][kind];
}

export function leadLine(input: LeadInput): LeadLine {
  const { selection, locale } = input;
  const fr = locale === 'fr';
  switch (selection.kind) {
    case 'off-topic':
      return {
        text: fr
          ? 'Cette question sort de mon domaine : je réponds sur les modèles d’IA à poids ouverts (sorties, licences, tailles, usage) et sur les rapports qui les mesurent.'
          : 'That is outside what I know: I answer questions about open-weight AI models (releases, licences, sizes, usage) and the reports that measure them.',
      };
    case 'none':
      return { text: fr ? 'La base ne contient aucun fait qui réponde à cette question.' : 'The fact base has nothing that answers that yet.' };
    case 'missing': {
      const asked = versionLabel(selection.missing.asked, selection.missing.of);
      const known = selection.nearest.map((entity) => entityName(entity, locale)).join(', ');
      if (selection.mentioning.length > 0) {
        return { text: fr ? `La base n’a pas de modèle ${asked}, mais ces faits le mentionnent :` : `The base has no model called ${asked}, but these facts mention it:` };
      }
      if (!known) return { text: fr ? `La base n’a aucun fait sur ${asked}.` : `The base has no facts about ${asked}.` };
      return { text: fr ? `La base n’a aucun fait sur ${asked} ; elle connaît ${known}.` : `The base has no facts about ${asked}; it knows ${known}.` };
    }
    case 'partial': {
      const name = entityName(selection.subject, locale);
      const what = askLabel(selection.ask, locale);
      return { text: fr ? `La base n’a pas de fait sur : ${what} de ${name}. Ce qu’elle en sait :` : `The base has no fact about the ${what} of ${name}. What it knows about ${name}:` };
    }
    case 'answer':
      return answerLine(input, selection);
  }
}

function answerLine(input: LeadInput, selection: Extract<Selection, { kind: 'answer' }>): LeadLine {
  const { locale, understanding } = input;
  const fact = selection.facts[0]!;
  const listing = selection.ask === 'release' && selection.facts.length > 1 && (understanding.latest || understanding.periods.length > 0) && selection.subject?.kind !== 'model';
  if (listing) return { text: releaseList(input, selection), fact };
  const subject = modelOf(fact, selection.subject, input.kb);
  const name = subject ? entityName(subject, locale) : undefined;
  const line = (() => {
    switch (selection.ask) {
      case 'release':
        return name ? releaseLine(name, fact.date, locale) : undefined;
      case 'licence':
        return name && fact.licence ? licenceLine(name, fact, understanding, locale) : undefined;
      case 'size':
        return name ? sizeLine(name, figuresOf(fact, subject), locale) : undefined;
      case 'context':
        return name ? contextLine(name, figuresOf(fact, subject), locale) : undefined;
      case 'usage':
        return usageLine(fact, selection.subject, input);
      default:
        return undefined;
    }
  })();
  return { text: line ?? claimOf(fact, locale), fact };
}

function releaseLine(name: string, date: string, locale: Locale): string {
  const when = formatDate(date, locale);
  if (locale === 'fr') return `${name} est sorti ${date.length === 10 ? 'le' : 'en'} ${when}.`;
  return `${name} was released ${date.length === 10 ? 'on' : 'in'} ${when}.`;
}

/** "Newest first": the latest release, or the releases of the period asked about. */
function releaseList(input: LeadInput, selection: Extract<Selection, { kind: 'answer' }>): string {
  const { locale, understanding, kb } = input;
  const fr = locale === 'fr';
  const of = selection.subject ? entityName(selection.subject, locale) : undefined;
  const items = selection.facts.map((fact) => {
    const model = modelOf(fact, undefined, kb);
    return `${model ? entityName(model, locale) : fact.id} (${formatDate(fact.date, locale)})`;
  });
  const period = understanding.periods[0];
  if (!period) {
    const [first] = items;
    if (fr) return of ? `La sortie la plus récente de ${of} dans la base : ${first}.` : `La sortie la plus récente dans la base : ${first}.`;
    return of ? `The newest ${of} release in the base: ${first}.` : `The newest release in the base: ${first}.`;
  }
  const shown = items.slice(0, 4).join(', ') + (items.length > 4 ? '…' : '');
  const when = formatDate(period, locale);
  if (fr) return `${items.length} ${items.length > 1 ? 'sorties' : 'sortie'}${of ? ` de ${of}` : ''} en ${when} dans la base : ${shown}.`;
  return `${items.length} ${of ? `${of} ` : ''}${items.length > 1 ? 'releases' : 'release'} in ${when} in the base: ${shown}.`;
}

function licenceLine(name: string, fact: Fact, understanding: Understanding, locale: Locale): string {
  const licence = fact.licence!;
  const fr = locale === 'fr';
  const conditions = (fr && licence.conditions_fr) || licence.conditions;
  const asked = LICENCE_WORDS.find((word) => understanding.words.join(' ').includes(word));
  const use = {
    yes: fr ? 'qui autorise l’usage commercial' : 'which allows commercial use',
    conditional: fr ? `qui autorise l’usage commercial sous conditions : ${conditions}` : `which allows commercial use with conditions: ${conditions}`,
    no: fr ? `qui n’autorise pas l’usage commercial : ${conditions}` : `which does not allow commercial use: ${conditions}`,
  }[licence.commercial];
  const statement = fr ? `${name} est publié sous ${licence.name}, ${use}.` : `${name} is released under ${licence.name}, ${use}.`;
  if (asked) {
    const matches = licence.name.toLowerCase().replace(/[-_]/g, ' ').includes(asked);
    return `${matches ? (fr ? 'Oui' : 'Yes') : fr ? 'Non' : 'No'} — ${statement}`;
  }
  if (!understanding.yesNo) return statement;
  const verdict = { yes: fr ? 'Oui' : 'Yes', conditional: fr ? 'En partie' : 'Partly', no: fr ? 'Non' : 'No' }[licence.commercial];
  return `${verdict} — ${statement}`;
}

function sizeLine(name: string, figures: readonly Figure[], locale: Locale): string | undefined {
  const totals = figures.filter((figure) => figure.metric === 'total-parameters');
  const active = figures.find((figure) => figure.metric === 'active-parameters');
  const fr = locale === 'fr';
  const billions = (value: number) => `${formatNumber(value, locale)} ${fr ? 'milliards' : 'billion'}`;
  if (totals.length === 1) {
    const total = `${billions(totals[0]!.value)} ${fr ? 'de paramètres' : 'parameters'}`;
    if (!active) return fr ? `${name} compte ${total}.` : `${name} has ${total}.`;
    return fr ? `${name} compte ${total} au total, dont ${billions(active.value)} actifs par token.` : `${name} has ${total} in total, of which ${billions(active.value)} are active per token.`;
  }
  if (totals.length > 1) {
    const values = totals.map((figure) => figure.value).sort((a, b) => a - b);
    const span = `${formatNumber(values[0]!, locale)} ${fr ? 'à' : 'to'} ${billions(values.at(-1)!)} ${fr ? 'de paramètres' : 'parameters'}`;
    return fr ? `${name} existe en plusieurs tailles, de ${span}.` : `${name} comes in several sizes, from ${span}.`;
  }
  return undefined;
}

function contextLine(name: string, figures: readonly Figure[], locale: Locale): string | undefined {
  const context = figures.find((figure) => figure.metric === 'context-length');
  if (!context) return undefined;
  const tokens = `${formatNumber(context.value, locale)}${context.unit === 'million tokens' ? 'M' : 'K'} tokens`;
  return locale === 'fr' ? `${name} a une fenêtre de contexte de ${tokens}.` : `${name} has a context window of ${tokens}.`;
}

function usageLine(fact: Fact, subject: Entity | undefined, input: LeadInput): string | undefined {
  const { locale, kb } = input;
  const fr = locale === 'fr';
  const figure = fact.figures.find((each) => subject && each.segment === subject.id) ?? fact.figures[0];
  if (!figure) return undefined;
  const segment = figure.segment ? kb.entities.get(figure.segment) : undefined;
  const value = figure.unit === 'percent' ? `${formatNumber(figure.value, locale)}${fr ? '\u202f%' : '%'}` : `${formatNumber(figure.value, locale)} ${localUnit(figure.unit, locale)}`;
  const scope = (fr && figure.scope_fr) || figure.scope;
  const period = figure.period ? `, ${(fr && figure.period_fr) || figure.period}` : '';
  const asOf = isStale(fact, kb.freshness, input.now) ? `${fr ? (fact.date.length === 10 ? 'Au' : 'En') : 'As of'} ${formatDate(fact.date, locale)}, ` : '';
  const line = `${segment ? `${entityName(segment, locale)}${fr ? '\u00a0:' : ':'} ` : ''}${value} — ${scope}${period}.`;
  return `${asOf}${line}`;
}

/** The model the fact is about: the one asked, if the fact is about it, else its first model. */
function modelOf(fact: Fact, subject: Entity | undefined, kb: KnowledgeBase): Entity | undefined {
  if (subject && fact.about.includes(subject.id) && subject.kind !== 'vendor') return subject;
  const models = fact.about.map((id) => kb.entities.get(id)).filter((entity): entity is Entity => entity?.kind === 'model' || entity?.kind === 'family');
  if (subject) {
    const member = models.find((entity) => entity.family === subject.id || entity.vendor === subject.id);
    if (member) return member;
  }
  return models[0];
}

/** The figures that belong to the model: its own, or all of them when the fact names one model. */
function figuresOf(fact: Fact, model: Entity | undefined): Figure[] {
  return fact.figures.filter((figure) => figure.about === undefined || figure.about === model?.id);
}

function claimOf(fact: Fact, locale: Locale): string {
  return (locale === 'fr' && fact.claim_fr) || fact.claim;
}

/** "deepseek v7" → "DeepSeek V7": the family's own spelling, the version as typed. */
function versionLabel(asked: string, of: Entity): string {
  const version = asked.split(' ').at(-1)!.replace(/^([a-z]+)?(?=\d)/, (letters) => (letters.length <= 2 ? letters.toUpperCase() : ''));
  return asked.includes(' ') ? `${of.name} ${version}` : `${of.name} ${asked.replace(/^[a-z]+-?/, '')}`;
}
