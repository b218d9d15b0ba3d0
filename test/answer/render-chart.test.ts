import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { main } from '../../src/cli.ts';
import { chartAltText } from '../../src/answer/i18n.ts';
import { TIMELINE_ROWS } from '../../src/answer/charts.ts';
import { chartToVegaLite, renderChartPng } from '../../src/answer/render-chart.ts';
import { fixtureBot } from '../support/fixture.ts';
import { captureIo } from '../support/io.ts';

let bot: Bot;
let real: Bot;
beforeAll(async () => {
  bot = await fixtureBot();
  real = await fixtureBot('knowledge');
});

describe('charts', () => {
  it('draws /share as one panel per metric, each bar numbered like its statement', async () => {
    const { answer } = await bot.handle({ platform: 'console', userId: 't', text: '/share chinese-open' });
    expect(answer.chart).toEqual({
      kind: 'bars',
      title: 'Chinese open-weight models',
      panels: [
        { title: 'download-share (percent)', unit: 'percent', bars: [{ n: 1, label: 'past year to Nov 2025', value: 17, estimate: false }] },
        { title: 'usage-share (percent)', unit: 'percent', bars: [{ n: 2, label: '2025 average', value: 13, estimate: false }] },
      ],
    });
    expect(chartToVegaLite(answer.chart!)).toMatchSnapshot();
  });

  it('marks an estimate next to measurements, in the chart and in its words', async () => {
    const { answer } = await real.handle({ platform: 'console', userId: 't', text: '/share chinese-open' });
    const bars = answer.chart!.kind === 'bars' ? answer.chart!.panels.flatMap((panel) => panel.bars) : [];
    const estimate = bars.find((bar) => bar.estimate);
    expect(estimate, "the a16z partner's 80% is an estimate").toMatchObject({ value: 80 });
    expect(answer.items[estimate!.n - 1]!.factId).toBe('casado-80pct');
    expect(chartAltText(answer.chart!, 'en')).toContain('80% (estimate)');
    // Every bar is the figure of the statement its number names.
    for (const bar of bars) expect(answer.items[bar.n - 1]!.figure?.value).toBe(bar.value);
  });

  it('draws /timeline as events on a date axis, grouped by vendor', async () => {
    const { answer } = await real.handle({ platform: 'console', userId: 't', text: '/timeline qwen 2026' });
    expect(answer.chart?.kind).toBe('timeline');
    const events = answer.chart!.kind === 'timeline' ? answer.chart!.events : [];
    expect(events.length).toBeGreaterThan(1);
    for (const event of events) {
      expect(event.group).toBe('Alibaba');
      expect(event.date).toMatch(/^2026-\d{2}-\d{2}$/);
      expect(answer.items[event.n - 1]!.date!.startsWith(event.date.slice(0, answer.items[event.n - 1]!.date!.length))).toBe(true);
    }
    // One row per subject, the first events first; one vendor, one colour.
    const spec = chartToVegaLite(answer.chart!) as { encoding: Record<string, unknown> };
    expect(spec).toMatchObject({ encoding: { x: { type: 'temporal' }, y: { field: 'label', sort: { field: 'date', op: 'min' } } } });
    expect(spec.encoding.color).toBeUndefined();
  });

  it('puts a fact about a vendor and its model on the model’s row, in the vendor’s timeline', async () => {
    // ds-mit-switch is about [deepseek, deepseek-r1, licenses]: the vendor is named first.
    const { answer } = await real.handle({ platform: 'console', userId: 't', text: '/timeline deepseek' });
    const n = answer.items.findIndex((item) => item.factId === 'ds-mit-switch') + 1;
    expect(n).toBeGreaterThan(0);
    const chart = answer.chart!;
    if (chart.kind !== 'timeline') throw new Error('a timeline answer has a timeline chart');
    expect(chart.events.find((event) => event.n === n)).toMatchObject({ label: 'DeepSeek-R1', group: 'DeepSeek' });
  });

  it('draws a timeline of many subjects as the rows with the latest events, coloured by vendor, and says so', async () => {
    const notes = { en: /^The 16 of (\d+) subjects with the latest events\.$/, fr: /^Les 16 sujets sur (\d+) aux événements les plus récents\.$/ };
    for (const locale of ['en', 'fr'] as const) {
      const { answer } = await real.handle({ platform: 'console', userId: 't', text: '/timeline licenses', locale });
      const chart = answer.chart!;
      if (chart.kind !== 'timeline') throw new Error('a timeline answer has a timeline chart');
      expect(new Set(chart.events.map((event) => event.label)).size).toBe(TIMELINE_ROWS);
      expect(Number(notes[locale].exec(chart.note ?? '')?.[1])).toBeGreaterThan(TIMELINE_ROWS);
      // No statement left off the chart is newer than the latest event of any row kept.
      const latestByRow = new Map<string, string>();
      for (const event of chart.events) if ((latestByRow.get(event.label) ?? '') < event.date) latestByRow.set(event.label, event.date);
      const oldestLatest = [...latestByRow.values()].sort()[0]!;
      const drawn = new Set(chart.events.map((event) => event.n));
      // (A statement about topics or segments alone has no row on any chart.)
      const { kb } = real.knowledge;
      const hasRow = (factId: string) => kb.facts.get(factId)!.about.some((id) => !['topic', 'segment'].includes(kb.entities.get(id)?.kind ?? 'topic'));
      const leftOff = answer.items.flatMap((item, index) => (drawn.has(index + 1) || !hasRow(item.factId!) ? [] : [item.date!]));
      expect(leftOff.length).toBeGreaterThan(0);
      for (const date of leftOff) expect(date.slice(0, 10) <= oldestLatest).toBe(true);
      expect(chartToVegaLite(chart)).toMatchObject({ title: { subtitle: chart.note }, encoding: { color: { field: 'group' } } });
      expect(chartAltText(chart, locale).startsWith(`${chart.title}: ${chart.note}`)).toBe(true);
    }
  });

  it('draws a PNG', async () => {
    const png = await renderChartPng({ kind: 'bars', title: 'Test', panels: [{ title: 'share (percent)', unit: 'percent', bars: [{ n: 1, label: 'a', value: 10, estimate: false }] }] });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(1000);
  });

  it('writes the chart of an answer with `landscape chart`', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'landscape-chart-')), 'share.png');
    const io = captureIo({ env: { KNOWLEDGE_DIR: 'test/fixtures/mini' } });
    expect(await main(['chart', '/share chinese-open', '--out', file], io)).toBe(0);
    const png = await readFile(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(480);
    expect(png.readUInt32BE(20)).toBeGreaterThan(2 * 30);
    expect(io.out()).toContain('2 bars');
  });

  it('says so when the answer has nothing to draw', async () => {
    const io = captureIo({ env: { KNOWLEDGE_DIR: 'test/fixtures/mini' } });
    expect(await main(['chart', '/vendor meta', '--out', '/tmp/never.png'], io)).toBe(1);
    expect(io.err()).toContain('has nothing to draw');
  });
});
