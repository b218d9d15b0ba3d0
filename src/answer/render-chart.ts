// Charts for answers that carry a ChartSpec (the percentages of /share): a Vega-Lite spec
// built from the Answer (pure, so a test can read it), drawn to SVG by Vega and to PNG by
// resvg. Shares are drawn on a 0–100 axis so a small share looks small.
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from './answer.ts';

const FONT = 'DejaVu Sans';

export function chartToVegaLite(chart: ChartSpec): TopLevelSpec {
  const isPercent = chart.unit === 'percent';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title, subtitle: 'Each bar has its own scope; see the cited answer before comparing them.' },
    width: 520,
    height: { step: 34 },
    background: 'white',
    data: { values: chart.bars.map((bar) => ({ label: bar.label, value: bar.value })) },
    layer: [
      { mark: { type: 'bar', color: '#4c78a8' } },
      { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { text: { field: 'value', type: 'quantitative' } } },
    ],
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 280 } },
      x: {
        field: 'value',
        type: 'quantitative',
        title: chart.unit,
        ...(isPercent ? { scale: { domain: [0, 100] } } : {}),
      },
    },
    config: { font: FONT },
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
