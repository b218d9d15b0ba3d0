// How each language writes figures, dates, units and names; the words themselves are in
// messages.ts.
import type { AnswerFigure, ChartSpec, Locale } from './answer.ts';
import { cut } from './text.ts';
import { KeptWith } from './kept.ts';

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
  return altTexts.get(chart, `${locale}:${max}`, () => describeChart(chart, locale, max));
}

/** Kept with the chart, which a kept answer's repeats share: each repeat would list every bar again. */
const altTexts = new KeptWith<ChartSpec, string, string>();

function describeChart(chart: ChartSpec, locale: Locale, max: number): string {
  const parts =
    chart.kind === 'timeline'
      ? [...(chart.note ? [chart.note] : []), ...chart.events.map((event) => `${event.label}${event.group === event.label ? '' : ` (${event.group})`}, ${formatDate(event.date, locale)}`)]
      : chart.panels.map(
          (panel) =>
            `${panel.title}: ${panel.bars.map((bar) => `${bar.n}. ${bar.label} ${formatFigure({ value: bar.value, unit: panel.unit }, locale)}${bar.estimate ? (locale === 'fr' ? ' (estimation)' : ' (estimate)') : ''}`).join('; ')}`,
        );
  return cut(`${chart.title}: ${parts.join('; ')}`, max);
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
