// Draws a ChartSpec: a Vega-Lite spec (pure, so a test can read it), rendered to SVG by Vega
// and to PNG by resvg. Bars: one panel per metric, shares on a 0–100 axis so a small share
// looks small, estimates in a lighter colour and labelled. Timeline: events on a date axis,
// one row per subject, oldest first, coloured by vendor when there are several.
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartPanel, ChartSpec } from './answer.ts';

const FONT = 'DejaVu Sans';
const MEASURED = '#4c78a8';
const ESTIMATED = '#c6dbef';

export function chartToVegaLite(chart: ChartSpec): TopLevelSpec {
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', background: 'white', config: { font: FONT } } as const;
  if (chart.kind === 'timeline') {
    // Points only: the row names the subject and the axis the date; labels on each point
    // overlapped as soon as a vendor had a few events a month.
    const coloured = new Set(chart.events.map((event) => event.group)).size > 1;
    return {
      ...base,
      title: { text: chart.title, ...(chart.note ? { subtitle: chart.note } : {}) },
      width: 560,
      height: { step: 24 },
      data: { values: chart.events },
      mark: { type: 'point', filled: true, size: 70, opacity: 0.85, ...(coloured ? {} : { color: MEASURED }) },
      encoding: {
        // A few pixels beyond the first and the last event, so that no point is cut in half.
        x: { field: 'date', type: 'temporal', title: null, scale: { padding: 8 }, axis: { format: '%b %Y', labelAngle: 0, tickCount: 6 } },
        y: { field: 'label', type: 'nominal', title: null, sort: { field: 'date', op: 'min' }, axis: { labelLimit: 220 } },
        ...(coloured ? { color: { field: 'group', type: 'nominal', title: null, scale: { scheme: 'tableau20' }, legend: { orient: 'bottom', columns: 5 } } } : {}),
      },
    };
  }
  return {
    ...base,
    title: { text: chart.title, subtitle: 'One panel per metric; each bar is numbered like its statement. Lighter bars are estimates, not measurements.' },
    vconcat: chart.panels.map(panelSpec),
  };
}

function panelSpec(panel: ChartPanel) {
  const isPercent = panel.unit === 'percent';
  return {
    title: panel.title,
    width: 480,
    height: { step: 30 },
    data: { values: panel.bars.map((bar) => ({ ...bar, tag: `${bar.n}. ${bar.label}${bar.estimate ? ' (estimate)' : ''}` })) },
    encoding: {
      y: { field: 'tag', type: 'nominal' as const, sort: null, title: null, axis: { labelLimit: 300 } },
      x: { field: 'value', type: 'quantitative' as const, title: null, ...(isPercent ? { scale: { domain: [0, 100] } } : {}) },
    },
    layer: [
      { mark: { type: 'bar' as const }, encoding: { color: { condition: { test: 'datum.estimate', value: ESTIMATED }, value: MEASURED } } },
      { mark: { type: 'text' as const, align: 'left' as const, dx: 4 }, encoding: { text: { field: 'value', type: 'quantitative' as const } } },
    ],
  };
}

export async function renderChartPng(chart: ChartSpec): Promise<Buffer> {
  const view = new vega.View(vega.parse(compile(chartToVegaLite(chart)).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: FONT } }).render().asPng();
  } finally {
    view.finalize();
  }
}

/**
 * Charts drawn lately, by chart: a kept answer (see Engine.run) hands the same chart object
 * to every repeat, which then costs nothing instead of a drawing (40 to 100 ms of CPU for a
 * timeline or a share chart). A few dozen PNGs of 20 to 60 kB; a failed drawing is not kept.
 */
const DRAWN_LIMIT = 48;
const drawn = new Map<ChartSpec, Promise<Buffer>>();

/** `renderChartPng`, once per chart object among the last few drawn. */
export function drawChartOnce(chart: ChartSpec): Promise<Buffer> {
  const known = drawn.get(chart);
  if (known) {
    // Most recently used last, so that the oldest goes first.
    drawn.delete(chart);
    drawn.set(chart, known);
    return known;
  }
  const drawing = renderChartPng(chart);
  drawn.set(chart, drawing);
  if (drawn.size > DRAWN_LIMIT) drawn.delete(drawn.keys().next().value!);
  drawing.catch(() => {
    if (drawn.get(chart) === drawing) drawn.delete(chart);
  });
  return drawing;
}

/** How many marks a chart draws, for a one-line summary. */
export function markCount(chart: ChartSpec): number {
  return chart.kind === 'timeline' ? chart.events.length : chart.panels.reduce((sum, panel) => sum + panel.bars.length, 0);
}
