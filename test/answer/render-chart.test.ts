import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { main } from '../../src/cli.ts';
import { chartToVegaLite, renderChartPng } from '../../src/answer/render-chart.ts';
import { fixtureBot } from '../support/fixture.ts';
import { captureIo } from '../support/io.ts';

let bot: Bot;
beforeAll(async () => {
  bot = await fixtureBot();
});

describe('charts', () => {
  it('builds a Vega-Lite bar chart of a segment’s percentages on a 0-100 axis', async () => {
    const { answer } = await bot.handle({ platform: 'console', userId: 't', text: '/share chinese-open' });
    expect(answer.chart?.bars).toEqual([
      { label: 'download-share (past year to Nov 2025)', value: 17 },
      { label: 'usage-share (2025 average)', value: 13 },
    ]);
    expect(chartToVegaLite(answer.chart!)).toMatchSnapshot();
  });

  it('draws a PNG', async () => {
    const png = await renderChartPng({ kind: 'bar', title: 'Test', unit: 'percent', bars: [{ label: 'a', value: 10 }] });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(1000);
  });

  it('writes the chart of an answer with `landscape chart`', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'landscape-chart-')), 'share.png');
    const io = captureIo({ env: { KNOWLEDGE_DIR: 'test/fixtures/mini' } });
    expect(await main(['chart', '/share chinese-open', '--out', file], io)).toBe(0);
    const png = await readFile(file);
    // The PNG header's width and height: at least the plot's 520 px, and one row per bar.
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(520);
    expect(png.readUInt32BE(20)).toBeGreaterThan(2 * 34);
    expect(io.out()).toContain('2 bars');
  });

  it('says so when the answer has nothing to draw', async () => {
    const io = captureIo({ env: { KNOWLEDGE_DIR: 'test/fixtures/mini' } });
    expect(await main(['chart', '/timeline meta', '--out', '/tmp/never.png'], io)).toBe(1);
    expect(io.err()).toContain('has no figures to draw');
  });
});
