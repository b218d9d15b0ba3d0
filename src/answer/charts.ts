// The charts answers carry, built from the facts they list (pure; drawn by render-chart.ts):
// /share's figures as small multiples, one panel per metric, each bar numbered like its
// statement; /timeline's events on a date axis, one row per subject (model, family, vendor),
// coloured by vendor when there are several.
import type { KnowledgeBase } from '../knowledge/load.ts';
import type { Entity, Fact, Figure } from '../knowledge/schema.ts';
import type { ChartEvent, ChartPanel, ChartSpec, Locale } from './answer.ts';
import { entityName, localUnit } from './i18n.ts';
import { messages } from './messages.ts';

/**
 * The most rows a timeline chart draws, 24 pixels each: a large vendor's timeline keeps the
 * subjects with the latest events (its list keeps every event).
 */
export const TIMELINE_ROWS = 16;

/** Bars for the listed figures, in statement order (n = position in the list, from 1). */
export function figuresChart(title: string, listed: readonly { fact: Fact; figure: Figure }[], locale: Locale): ChartSpec | undefined {
  const panels = new Map<string, ChartPanel>();
  listed.forEach(({ fact, figure }, index) => {
    const key = `${figure.metric}|${figure.unit}`;
    const panel = panels.get(key) ?? panels.set(key, { title: `${figure.metric} (${localUnit(figure.unit, locale)})`, unit: figure.unit, bars: [] }).get(key)!;
    panel.bars.push({ n: index + 1, label: (locale === 'fr' && figure.period_fr) || figure.period || fact.date, value: figure.value, estimate: isEstimate(fact, figure) });
  });
  return panels.size > 0 ? { kind: 'bars', title, panels: [...panels.values()] } : undefined;
}

/**
 * Events for the listed facts, on a row per subject: the timeline's own entities (`focus`)
 * first, so a fact about Qwen and DeepSeek sits on Qwen's row in Qwen's timeline.
 */
export function timelineChart(title: string, facts: readonly Fact[], kb: KnowledgeBase, locale: Locale, focus: readonly Entity[] = []): ChartSpec | undefined {
  const focused = new Set(focus.map((entity) => entity.id));
  const events: ChartEvent[] = facts.flatMap((fact, index) => {
    const named = fact.about.map((id) => kb.entities.get(id)).filter((entity): entity is Entity => entity !== undefined && entity.kind !== 'topic' && entity.kind !== 'segment');
    const subject = named.find((entity) => focused.has(entity.id) && entity.kind === 'model') ?? named.find((entity) => focused.has(entity.id)) ?? named[0];
    if (!subject) return [];
    const vendor = subject.kind === 'vendor' ? subject : subject.vendor ? kb.entities.get(subject.vendor) : undefined;
    return [{ n: index + 1, date: firstDay(fact.date), label: entityName(subject, locale), group: vendor ? entityName(vendor, locale) : entityName(subject, locale) }];
  });
  if (events.length < 2) return undefined;
  const latest = new Map<string, string>();
  for (const event of events) if ((latest.get(event.label) ?? '') < event.date) latest.set(event.label, event.date);
  if (latest.size <= TIMELINE_ROWS) return { kind: 'timeline', title, events };
  const newestFirst = [...latest].sort(([, a], [, b]) => (a < b ? 1 : a > b ? -1 : 0));
  const shown = new Set(newestFirst.slice(0, TIMELINE_ROWS).map(([label]) => label));
  return { kind: 'timeline', title, events: events.filter((event) => shown.has(event.label)), note: messages(locale).timelineRowsShown(TIMELINE_ROWS, latest.size) };
}

/** Someone's estimate or stated position, which a chart must not pass off as a measurement. */
function isEstimate(fact: Fact, figure: Figure): boolean {
  return fact.answers.includes('position') || /estimate|opinion/.test(figure.metric) || /\b(estimate|opinion)\b/i.test(figure.scope);
}

function firstDay(date: string): string {
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
}
