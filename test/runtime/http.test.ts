import { request } from 'node:http';
import { App } from '@slack/bolt';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import type { ConnectionState, PlatformAdapter } from '../../src/platforms/adapter.ts';
import { createRoutes, Health, startHttpServer, type HttpServerHandle } from '../../src/runtime/http.ts';
import { Metrics } from '../../src/runtime/metrics.ts';
import { captureLog } from '../support/capture-log.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';

let store: KnowledgeStore;
beforeAll(async () => {
  store = await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW });
});

class FakeAdapter implements PlatformAdapter {
  constructor(
    readonly platform: 'discord' | 'slack',
    public current: ConnectionState = 'connected',
    public why?: string,
  ) {}
  async start() {}
  async stop() {}
  state() {
    return this.current;
  }
  failure() {
    return this.why;
  }
}

function get(port: number, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function setUp(adapters: PlatformAdapter[]) {
  const metrics = new Metrics({ knowledge: () => store.current, platforms: () => adapters });
  const health = new Health({
    knowledge: () => store.current,
    platforms: () => adapters,
    lastReload: () => ({ ok: false, reason: 'file base.yaml', errors: 2, warnings: 0, at: '2026-11-28T12:00:00.000Z', ms: 3 }),
  });
  const bot = new Bot({ store, metrics, now: () => FIXED_NOW });
  return { metrics, health, bot, routes: createRoutes({ health, metrics }) };
}

let server: HttpServerHandle | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('standalone /healthz and /metrics server', () => {
  it('answers 503 while starting, 200 with the knowledge and platform states when ready, 503 while draining', async () => {
    const discord = new FakeAdapter('discord', 'starting');
    const { health, routes } = setUp([discord]);
    server = await startHttpServer({ port: 0, host: '127.0.0.1', routes });

    const starting = await get(server.port, '/healthz');
    expect(starting.status).toBe(503);
    expect(JSON.parse(starting.body).status).toBe('starting');

    health.phase = 'ready';
    discord.current = 'connected';
    const ready = await get(server.port, '/healthz');
    expect(ready.status).toBe(200);
    expect(ready.type).toMatch(/^application\/json/);
    const body = JSON.parse(ready.body);
    const { kb } = store.current;
    expect(body).toMatchObject({
      status: 'ok',
      knowledge: { version: { date: kb.version.date, revision: kb.version.revision }, facts: 6, sources: 5, entities: 8, lastReload: { ok: false, errors: 2 } },
      platforms: { discord: 'connected' },
    });
    expect(body.knowledge.version.revision).toMatch(/^[0-9a-f]{10}$/);

    discord.current = 'reconnecting';
    const degraded = await get(server.port, '/healthz');
    expect(degraded.status).toBe(200);
    expect(JSON.parse(degraded.body)).toMatchObject({ status: 'degraded', platforms: { discord: 'reconnecting' } });

    // Without REDIS_URL there is no shared state to report.
    expect(body.shared).toBeUndefined();

    health.phase = 'draining';
    const draining = await get(server.port, '/healthz?probe=1');
    expect(draining.status).toBe(503);
    expect(JSON.parse(draining.body).status).toBe('draining');
  });

  it('answers 503 "failing" when no platform can answer, with why; 200 "degraded" while another one can', async () => {
    const discord = new FakeAdapter('discord', 'failed', 'authentication failed; check DISCORD_TOKEN (gateway close code 4004)');
    const slack = new FakeAdapter('slack', 'disconnected');
    const { health, routes, metrics } = setUp([discord, slack]);
    health.phase = 'ready';
    server = await startHttpServer({ port: 0, host: '127.0.0.1', routes });

    const failing = await get(server.port, '/healthz');
    expect(failing.status).toBe(503);
    expect(JSON.parse(failing.body)).toMatchObject({
      status: 'failing',
      platforms: { discord: 'failed', slack: 'disconnected' },
      failures: { discord: 'authentication failed; check DISCORD_TOKEN (gateway close code 4004)' },
    });
    expect(await metrics.text()).toContain('landscape_platform_state{platform="discord",state="failed"} 1');

    slack.current = 'reconnecting';
    const degraded = await get(server.port, '/healthz');
    expect(degraded.status).toBe(200);
    expect(JSON.parse(degraded.body)).toMatchObject({ status: 'degraded', platforms: { discord: 'failed', slack: 'reconnecting' } });
  });

  it('says whether a reload is running and how edits are noticed', async () => {
    const metrics = new Metrics({ knowledge: () => store.current });
    let reloading = true;
    const health = new Health({ knowledge: () => store.current, reloading: () => reloading, watch: () => 'polling' });
    health.phase = 'ready';
    server = await startHttpServer({ port: 0, host: '127.0.0.1', routes: createRoutes({ health, metrics }) });
    expect(JSON.parse((await get(server.port, '/healthz')).body).knowledge).toMatchObject({ reloading: true, watch: 'polling' });
    reloading = false;
    expect(JSON.parse((await get(server.port, '/healthz')).body).knowledge).toMatchObject({ reloading: false, watch: 'polling' });
  });

  it('serves Prometheus text with answers by command, platform and outcome, latency, misses, reloads, facts and process metrics', async () => {
    const { bot, routes, health } = setUp([new FakeAdapter('slack')]);
    health.phase = 'ready';
    server = await startHttpServer({ port: 0, host: '127.0.0.1', routes });
    await bot.handle({ platform: 'slack', userId: 'U1', channelId: 'C1', command: 'share', args: { segment: 'chinese-open' } });
    await bot.handle({ platform: 'slack', userId: 'U1', channelId: 'C1', command: 'share', args: { segment: 'chinese-open' } });
    await bot.handle({ platform: 'discord', userId: 'u', channelId: 'c', text: 'Who won the 1998 World Cup?' });
    await bot.handle({ platform: 'discord', userId: 'u', channelId: 'c', text: `/${'nonsense'.repeat(20)}` });

    const res = await get(server.port, '/metrics');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toContain('landscape_answers_total{command="share",platform="slack",outcome="hit"} 2');
    expect(text).toContain('landscape_answers_total{command="ask",platform="discord",outcome="miss"} 1');
    // An unknown command never becomes a label value of its own (bounded cardinality).
    expect(text).toContain('landscape_answers_total{command="unknown",platform="discord",outcome="miss"} 1');
    expect(text).not.toContain('nonsensenonsense');
    expect(text).toMatch(/landscape_answer_latency_seconds_bucket\{le="0\.005",command="share",platform="slack"\} \d/);
    expect(text).toContain('landscape_answer_latency_seconds_count{command="share",platform="slack"} 2');
    expect(text).toContain('landscape_misses_total{command="ask"} 1');
    expect(text).toContain('landscape_knowledge_reloads_total{result="ok"} 0');
    expect(text).toContain('landscape_knowledge_reloads_total{result="error"} 0');
    expect(text).toContain('landscape_knowledge_facts 6');
    expect(text).toMatch(new RegExp(`landscape_knowledge_info\\{revision="${store.current.kb.version.revision}",date="\\d{4}-\\d{2}-\\d{2}",commit="[0-9a-f]*"\\} 1`));
    expect(text).toContain('landscape_platform_state{platform="slack",state="connected"} 1');
    expect(text).toContain('landscape_platform_state{platform="slack",state="reconnecting"} 0');
    expect(text).toContain('landscape_answers_in_flight 0');
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('answers 404 elsewhere, 405 for other methods, and HEAD without a body', async () => {
    const { routes, health } = setUp([]);
    health.phase = 'ready';
    server = await startHttpServer({ port: 0, host: '127.0.0.1', routes });
    expect((await get(server.port, '/')).status).toBe(404);
    expect((await get(server.port, '/healthz/../metrics')).status).toBe(200);
    expect((await get(server.port, '/%zz')).status).toBe(404);
    const post = await get(server.port, '/healthz', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await get(server.port, '/healthz', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('keeps separate registries per process object, so fresh metrics start at zero', async () => {
    const first = setUp([]);
    await first.bot.handle({ platform: 'slack', userId: 'U', channelId: 'C', text: '/about' });
    const second = setUp([]);
    expect(await second.metrics.text()).not.toContain('landscape_answers_total{');
    expect(await first.metrics.text()).toContain('landscape_answers_total{command="about",platform="slack",outcome="info"} 1');
  });
});

describe('the same routes as Bolt customRoutes (Slack in HTTP mode, one port)', () => {
  it('serves /healthz and /metrics from a real Bolt App beside /slack/events', async () => {
    const { routes, health } = setUp([new FakeAdapter('slack')]);
    health.phase = 'ready';
    const app = new App({
      token: 'xoxb-not-a-real-token',
      signingSecret: 'not-a-real-secret',
      botId: 'B0TEST',
      botUserId: 'U0TEST',
      customRoutes: routes,
      clientOptions: { slackApiUrl: 'http://127.0.0.1:9/api/' },
    });
    const listening = (await app.start(0)) as import('node:http').Server;
    try {
      const port = (listening.address() as import('node:net').AddressInfo).port;
      const healthz = await get(port, '/healthz');
      expect(healthz.status).toBe(200);
      expect(JSON.parse(healthz.body)).toMatchObject({ status: 'ok', platforms: { slack: 'connected' } });
      const metrics = await get(port, '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.body).toContain('landscape_knowledge_facts 6');
    } finally {
      await app.stop();
    }
  });
});

describe('logs of the HTTP server', () => {
  it('says where it listens', async () => {
    const log = captureLog();
    server = await startHttpServer({ port: 0, host: '127.0.0.1', routes: setUp([]).routes, logger: log.logger });
    expect(log.records()).toContainEqual(expect.objectContaining({ msg: 'serving /healthz and /metrics', port: server.port }));
  });
});
