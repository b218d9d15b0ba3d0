// The few words answers are framed with, in the two languages our users read.
import type { AnswerFigure, ChartSpec, Locale } from './answer.ts';

export interface Messages {
  asOf(date: string): string;
  confidence(level: string): string;
  disputed(by: string, claim: string): string;
  didYouMean: string;
  notFound(what: string, name: string): string;
  usage(line: string): string;
  noFacts(name: string): string;
  noAnswer: string;
  inputCut(limit: number): string;
  internalError(id: string): string;
  rateLimited(seconds: number): string;
  shuttingDown: string;
  scopeReminder: string;
}

const MESSAGES: Record<Locale, Messages> = {
  en: {
    asOf: (date: string) => `As of ${formatDate(date, 'en')}.`,
    confidence: (level: string) => `Confidence: ${level}.`,
    disputed: (by: string, claim: string) => `Disputed: ${by} says: “${claim}”`,
    didYouMean: 'Did you mean',
    notFound: (what: string, name: string) => `No ${what} called “${name}”.`,
    usage: (line: string) => `Usage: ${line}`,
    noFacts: (name: string) => `The fact base has no dated facts about ${name} yet.`,
    noAnswer: 'No fact in the base answers that yet.',
    inputCut: (limit: number) => `Your input was cut to ${limit} characters.`,
    internalError: (id: string) => `Sorry, something went wrong on our side. Reference: ${id}.`,
    rateLimited: (seconds: number) => `You are asking faster than I can keep up with; please try again in ${seconds} s.`,
    shuttingDown: 'I am restarting right now; please ask again in a moment.',
    scopeReminder: 'Each figure is a share of what its scope says; figures with different scopes are not comparable.',
  },
  fr: {
    asOf: (date: string) => `${date.length === 10 ? 'Au' : 'En'} ${formatDate(date, 'fr')}.`,
    confidence: (level: string) => `Confiance : ${({ high: 'élevée', medium: 'moyenne', low: 'faible' } as Record<string, string>)[level] ?? level}.`,
    disputed: (by: string, claim: string) => `Contesté : ${by} affirme : « ${claim} »`,
    didYouMean: 'Vouliez-vous dire',
    notFound: (what: string, name: string) => `Aucun·e ${what} nommé·e « ${name} ».`,
    usage: (line: string) => `Usage : ${line}`,
    noFacts: (name: string) => `La base ne contient pas encore de faits datés sur ${name}.`,
    noAnswer: 'Aucun fait de la base ne répond encore à cette question.',
    inputCut: (limit: number) => `Votre saisie a été coupée à ${limit} caractères.`,
    internalError: (id: string) => `Désolé, une erreur est survenue de notre côté. Référence : ${id}.`,
    rateLimited: (seconds: number) => `Vous posez vos questions plus vite que je ne peux suivre ; réessayez dans ${seconds} s.`,
    shuttingDown: 'Je redémarre en ce moment ; reposez votre question dans un instant.',
    scopeReminder: 'Chaque chiffre est une part de ce que dit son périmètre ; des périmètres différents ne se comparent pas.',
  },
};

export function messages(locale: Locale): Messages {
  return MESSAGES[locale];
}

/** Units the fact base uses, in French; a unit not listed here is shown as written. */
const UNITS_FR: Record<string, string> = {
  'billion parameters': 'milliards de paramètres',
  'trillion tokens': 'billions de tokens',
  'thousand tokens': 'milliers de tokens',
  'million tokens': 'millions de tokens',
  models: 'modèles',
  'million downloads': 'millions de téléchargements',
  'billion downloads': 'milliards de téléchargements',
  'million monthly active users': "millions d'utilisateurs actifs mensuels",
  'million users': "millions d'utilisateurs",
  'million models': 'millions de modèles',
  'million developers': 'millions de développeurs',
  'million H800 GPU hours': "millions d'heures GPU H800",
  languages: 'langues',
  datasets: 'jeux de données',
  providers: 'fournisseurs',
  'USD million monthly revenue': 'millions USD de revenu mensuel',
  'USD billion': 'milliards USD',
  'HKD billion': 'milliards HKD',
  GB: 'Go',
};

export function localUnit(unit: string, locale: Locale): string {
  return (locale === 'fr' && UNITS_FR[unit]) || unit;
}

/** An entity's name as a reader of `locale` expects it. */
export function entityName(entity: { name: string; name_fr?: string | undefined }, locale: Locale): string {
  return (locale === 'fr' && entity.name_fr) || entity.name;
}

// One formatter per language: building one per call (toLocaleString with options) costs
// about 45 times as much, and answers format many numbers.
const NUMBER_FORMATS: Record<Locale, Intl.NumberFormat> = {
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 }),
  fr: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 }),
};

/** `1,150` in English, `1 150` in French, at most three decimals. */
export function formatNumber(value: number, locale: Locale): string {
  return NUMBER_FORMATS[locale].format(value);
}

/** `17%`, `17 %` in French, `671 milliards de paramètres`: the way each language writes a figure. */
export function formatFigure(figure: Pick<AnswerFigure, 'value' | 'unit'>, locale: Locale): string {
  const number = formatNumber(figure.value, locale);
  if (figure.unit === 'percent') return locale === 'fr' ? `${number}\u202f%` : `${number}%`;
  return `${number} ${localUnit(figure.unit, locale)}`;
}

/** A chart in words, for screen readers (Slack's alt_text, a Discord file's description). */
export function chartAltText(chart: ChartSpec, locale: Locale, max = 1000): string {
  const text = `${chart.title}: ${chart.bars.map((bar) => `${bar.label} ${formatFigure({ value: bar.value, unit: chart.unit }, locale)}`).join('; ')}`;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const MONTHS: Record<Locale, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
};

/** A partial date in words: `20 January 2025`, `March 2026`, `2025`; `1er mars 2026` in French. */
export function formatDate(date: string, locale: Locale): string {
  const [year, month, day] = date.split('-');
  if (!month) return year!;
  const monthName = MONTHS[locale][Number(month) - 1] ?? month;
  if (!day) return `${monthName} ${year}`;
  const dayNumber = Number(day);
  return `${locale === 'fr' && dayNumber === 1 ? '1er' : dayNumber} ${monthName} ${year}`;
}
