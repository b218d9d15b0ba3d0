// METRICS_PORT and HOST, tried as an operator would: a whole `node bin/landscape.js start`
// with Slack over HTTP against a loopback Web API. The public port keeps Slack's events and
// /healthz for its load balancer, and no longer shows /metrics; the private port serves both.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { operatorsPort } from '../../src/main.ts';
import { spawnLandscape, type LandscapeProcess } from '../support/landscape-process.ts';
import { commandPost, postToSlackEndpoint, SIGNING_SECRET, startFakeWebApi, textsOf, type FakeWebApi } from './slack-fakes.ts';

/**
 * The local address a listening TCP socket on `port` is bound to, read from the kernel's own
 * table (Linux): what HOST changed, seen without sending a packet anywhere.
 */
function listeningAddresses(port: number): string[] {
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A: LISTEN
      const [hex, portHex] = local.split(':') as [string, string];
      if (parseInt(portHex, 16) !== port) continue;
      // IPv4 addresses are little-endian bytes: 0100007F is 127.0.0.1.
      addresses.push(
        hex.length === 8
          ? (hex.match(/../g) ?? [])
              .reverse()
              .map((byte) => parseInt(byte, 16))
              .join('.')
          : hex,
      );
    }
  }
  return addresses;
}

let api: FakeWebApi;
let bot: LandscapeProcess;
let slackPort: number;
let metricsPort: number;

beforeAll(async () => {
  api = await startFakeWebApi();
  bot = spawnLandscape({
    SLACK_BOT_TOKEN: 'xoxb-metrics-port-0000000000',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.url,
    PORT: '0',
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    KNOWLEDGE_DIR: 'test/fixtures/mini',
    GAPS_FILE: 'off',
    LOG_LEVEL: 'info',
  });
  const serving = await bot.waitForLog((line) => line.msg === 'serving /healthz and /metrics');
  metricsPort = serving.port;
  slackPort = (await bot.waitForLog((line) => line.msg === 'slack: listening')).port;
  await bot.waitForLog((line) => line.msg === 'ready');
});

afterAll(async () => {
  await bot?.kill();
  await api?.close();
});

const get = async (port: number, path: string) => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, text: await response.text() };
};

describe('METRICS_PORT keeps /metrics off the public Slack port', () => {
  it('serves Slack and /healthz on PORT, but not /metrics', async () => {
    expect(slackPort).not.toBe(metricsPort);
    const answer = await postToSlackEndpoint(`http://127.0.0.1:${slackPort}`, commandPost({ command: '/share', text: 'chinese-open', responseUrl: 'http://127.0.0.1:9/unused' }));
    expect(textsOf(await answer.json()).join('\n')).toContain('Chinese open-weight models');
    const healthz = await get(slackPort, '/healthz');
    expect(healthz.status).toBe(200);
    expect(JSON.parse(healthz.text)).toMatchObject({ status: 'ok', platforms: { slack: 'connected' } });
    expect((await get(slackPort, '/metrics')).status).toBe(404);
  });

  it('serves /metrics and /healthz on METRICS_PORT, counting the answers given on PORT', async () => {
    const metrics = await get(metricsPort, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('landscape_answers_total{command="share",platform="slack",outcome="hit"} 1');
    expect((await get(metricsPort, '/healthz')).status).toBe(200);
    expect((await get(metricsPort, '/slack/events')).status).toBe(404);
  });

  it('says where everything listens when ready', () => {
    const ready = bot.logs.entries.find((line) => line.msg === 'ready')!;
    expect(ready).toMatchObject({ metricsPort });
    expect(bot.logs.entries.find((line) => line.msg === 'serving /healthz and /metrics')).toMatchObject({ address: '127.0.0.1' });
  });

  it.runIf(existsSync('/proc/net/tcp'))('binds both ports to HOST only', () => {
    expect(listeningAddresses(slackPort)).toEqual(['127.0.0.1']);
    expect(listeningAddresses(metricsPort)).toEqual(['127.0.0.1']);
  });
});

describe('which server serves /healthz and /metrics', () => {
  const config = (env: Record<string, string>) => loadConfig(env);
  it('is METRICS_PORT whenever it is set, else PORT unless Slack over HTTP serves them there', () => {
    expect(operatorsPort(config({ METRICS_PORT: '9464' }), true)).toBe(9464);
    expect(operatorsPort(config({ METRICS_PORT: '9464' }), false)).toBe(9464);
    expect(operatorsPort(config({ PORT: '8080' }), false)).toBe(8080);
    expect(operatorsPort(config({ PORT: '8080' }), true)).toBeUndefined();
  });
});
