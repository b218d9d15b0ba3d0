// The first line of an /ask answer, built only from the fields of the fact that answers it:
// its date for "when", its licence block for "can I use it commercially", its parameter
// figures for "how big". Nothing is invented: without the field, the lead is the claim.
// The same pieces make the one-line "brief" of a fact that compact answers list.
import type { KnowledgeBase } from '../knowledge/load.ts';
import type { AnswerKind, Entity, Fact, Figure } from '../knowledge/schema.ts';
import { isStale } from '../knowledge/freshness.ts';
import type { Selection } from '../search/select.ts';
import type { Understanding } from '../search/understand.ts';
import type { Locale } from './answer.ts';
import { entityName, formatDate, formatNumber, localUnit } from './i18n.ts';
import { messages } from './messages.ts';
import { firstSentence } from './text.ts';

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

export function askLabel(kind: AnswerKind, locale: Locale): string {
  return messages(locale).askLabel[kind];
}

export function leadLine(input: LeadInput): LeadLine {
  const { selection, locale } = input;
  const text = messages(locale);
  switch (selection.kind) {
    case 'off-topic':
      return { text: text.outOfScope };
    case 'none':
      return { text: text.nothingAnswers };
    case 'missing': {
      const asked = versionLabel(selection.missing.asked, selection.missing.of);
      if (selection.mentioning.length > 0) return { text: text.noModelButMentioned(asked) };
      const known = selection.nearest.map((entity) => entityName(entity, locale)).join(', ');
      return { text: known ? text.noFactsAboutKnows(asked, known) : text.noFactsAbout(asked) };
    }
    case 'partial':
      return { text: text.partial(askLabel(selection.ask, locale), entityName(selection.subject, locale)) };
    case 'answer':
      return answerLine(input, selection);
  }
}

function answerLine(input: LeadInput, selection: Extract<Selection, { kind: 'answer' }>): LeadLine {
  const { locale, understanding, kb } = input;
  const fact = selection.facts[0]!;
  const listing = selection.ask === 'release' && selection.facts.length > 1 && (understanding.latest || understanding.periods.length > 0) && selection.subject?.kind !== 'model';
  if (listing) return { text: releaseList(input, selection), fact };
  const subject = modelOf(fact, selection.subject, kb);
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
        return usageLine(fact, selection.subject, kb, locale, input.now);
      default:
        return undefined;
    }
  })();
  return { text: line ?? claimOf(fact, locale), fact };
}

function releaseLine(name: string, date: string, locale: Locale): string {
  return messages(locale).released(name, formatDate(date, locale), date.length === 10);
}

/** "Newest first": the latest release, or the releases of the period asked about. */
function releaseList(input: LeadInput, selection: Extract<Selection, { kind: 'answer' }>): string {
  const { locale, understanding, kb } = input;
  const text = messages(locale);
  const of = selection.subject ? entityName(selection.subject, locale) : undefined;
  const items = selection.facts.map((fact) => {
    const model = modelOf(fact, undefined, kb);
    return `${model ? entityName(model, locale) : fact.id} (${formatDate(fact.date, locale)})`;
  });
  const period = understanding.periods[0];
  if (!period) return text.newestRelease(of, items[0]!);
  const shown = items.slice(0, 4).join(', ') + (items.length > 4 ? '…' : '');
  return text.releasesIn(items.length, of, formatDate(period, locale), shown);
}

function licenceLine(name: string, fact: Fact, understanding: Understanding, locale: Locale): string {
  const text = messages(locale);
  const licence = fact.licence!;
  const statement = text.licenceStatement(name, licence.name, commercialUse(fact, locale));
  const asked = LICENCE_WORDS.find((word) => understanding.words.join(' ').includes(word));
  if (asked) return `${licence.name.toLowerCase().replace(/[-_]/g, ' ').includes(asked) ? text.verdict.yes : text.verdict.no} — ${statement}`;
  if (!understanding.yesNo) return statement;
  return `${text.verdict[licence.commercial === 'conditional' ? 'partly' : licence.commercial]} — ${statement}`;
}

/** "which allows commercial use with conditions: …", from a licence block. */
function commercialUse(fact: Fact, locale: Locale): string {
  const licence = fact.licence!;
  return messages(locale).commercialUse[licence.commercial]((locale === 'fr' && licence.conditions_fr) || licence.conditions || '');
}

function sizeLine(name: string, figures: readonly Figure[], locale: Locale): string | undefined {
  const text = messages(locale);
  const totals = figures.filter((figure) => figure.metric === 'total-parameters');
  const active = figures.find((figure) => figure.metric === 'active-parameters');
  const billions = (value: number) => text.billions(formatNumber(value, locale));
  if (totals.length === 1) return active ? text.totalAndActive(name, billions(totals[0]!.value), billions(active.value)) : text.totalParameters(name, billions(totals[0]!.value));
  if (totals.length > 1) {
    const values = totals.map((figure) => figure.value).sort((a, b) => a - b);
    return text.sizeRange(name, formatNumber(values[0]!, locale), billions(values.at(-1)!));
  }
  return undefined;
}

function contextLine(name: string, figures: readonly Figure[], locale: Locale): string | undefined {
  const context = figures.find((figure) => figure.metric === 'context-length');
  return context ? messages(locale).contextWindow(name, contextTokens(context, locale)) : undefined;
}

/** `128K`, `1M`: how a context window is written. */
function contextTokens(figure: Figure, locale: Locale): string {
  return `${formatNumber(figure.value, locale)}${figure.unit === 'million tokens' ? 'M' : 'K'}`;
}

function usageLine(fact: Fact, subject: Entity | undefined, kb: KnowledgeBase, locale: Locale, now: Date): string | undefined {
  const figure = fact.figures.find((each) => subject && each.segment === subject.id) ?? fact.figures[0];
  if (!figure) return undefined;
  const line = figureLine(figure, kb, locale);
  return isStale(fact, kb.freshness, now)
    ? `${messages(locale)
        .asOf(formatDate(fact.date, locale), fact.date.length === 10)
        .replace(/\.$/, ',')} ${line}`
    : line;
}

/**
 * "Chinese open models: 13% — share of OpenRouter weekly tokens, 2025 average." In a list
 * under the segment's own title (`brief`), without the segment, and with the scope and
 * period up to their first parenthesis: the rest is in Details.
 */
function figureLine(figure: Figure, kb: KnowledgeBase, locale: Locale, brief = false): string {
  const fr = locale === 'fr';
  const segment = figure.segment && !brief ? kb.entities.get(figure.segment) : undefined;
  const value = figure.unit === 'percent' ? `${formatNumber(figure.value, locale)}${fr ? '\u202f%' : '%'}` : `${formatNumber(figure.value, locale)} ${localUnit(figure.unit, locale)}`;
  // In brief: without its parentheses and after its first semicolon.
  const short = (text: string) =>
    brief
      ? text
          .replace(/\s*\([^()]*\)/g, '')
          .split(/;\s/)[0]!
          .trim()
      : text;
  const scope = short((fr && figure.scope_fr) || figure.scope);
  const period = figure.period ? `, ${short((fr && figure.period_fr) || figure.period)}` : '';
  return `${segment ? `${entityName(segment, locale)}${messages(locale).colon} ` : ''}${value} — ${scope}${period}.`;
}

/**
 * A fact in one line for compact lists, from its fields where it has them ("DeepSeek-R1:
 * MIT, which allows commercial use"; "Kimi K2: 1,000 billion parameters, 32 billion
 * active"), else its first sentence. The whole claim stays behind Details.
 */
export function briefOf(fact: Fact, kb: KnowledgeBase, locale: Locale, figure?: Figure | null): string {
  const model = modelOf(fact, undefined, kb);
  const name = model ? entityName(model, locale) : undefined;
  const text = messages(locale);
  // A figure picked out for a list (/share): the list's title names the segment.
  if (figure && figure.metric !== 'total-parameters' && figure.metric !== 'active-parameters' && figure.metric !== 'context-length') return figureLine(figure, kb, locale, true);
  if (name) {
    const figures = figuresOf(fact, model);
    const totals = figures
      .filter((each) => each.metric === 'total-parameters')
      .map((each) => each.value)
      .sort((a, b) => a - b);
    const active = figures.find((each) => each.metric === 'active-parameters');
    const context = figures.find((each) => each.metric === 'context-length');
    const b = (value: number) => `${formatNumber(value, locale)}B`;
    const parts = [
      totals.length > 0 ? text.sizeShort(totals.length > 1 ? `${b(totals[0]!)}–${b(totals.at(-1)!)}` : b(totals[0]!), totals.length === 1 && active ? b(active.value) : undefined) : '',
      context ? text.contextShort(contextTokens(context, locale)) : '',
      fact.licence ? `${fact.licence.name} (${text.commercialShort[fact.licence.commercial]})` : '',
    ].filter(Boolean);
    // "Kimi K2 released — 1,000B parameters, 32B active · 128K context"; "Qwen3: Apache-2.0 (…)".
    if (fact.answers.includes('release')) return `${text.releasedHead(name)}${parts.length > 0 ? ` — ${parts.join(' · ')}` : ''}.`;
    if (parts.length > 0) return `${name}${text.colon} ${parts.join(' · ')}.`;
  }
  const claim = claimOf(fact, locale);
  return claim.length <= 200 ? claim : firstSentence(claim);
}

/** The model the fact is about: the one asked, if the fact is about it, else its first model. */
export function modelOf(fact: Fact, subject: Entity | undefined, kb: KnowledgeBase): Entity | undefined {
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
  const version = asked
    .split(' ')
    .at(-1)!
    .replace(/^([a-z]+)?(?=\d)/, (letters) => (letters.length <= 2 ? letters.toUpperCase() : ''));
  return asked.includes(' ') ? `${of.name} ${version}` : `${of.name} ${asked.replace(/^[a-z]+-?/, '')}`;
}
