// bin/healthcheck.js, the container's HEALTHCHECK, run as Docker runs it: a process whose exit
// status says healthy (0) or not (1), against the real /healthz routes on loopback.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import { createRoutes, Health, startHttpServer, type HttpServerHandle } from '../../src/runtime/http.ts';
import { Metrics } from '../../src/runtime/metrics.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';

function probe(env: Record<string, string>): Promise<{ status: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/healthcheck.js'], { env: { PATH: process.env.PATH ?? '', ...env } }, (error, _stdout, stderr) => {
      resolve({ status: error ? Number(error.code) : 0, stderr });
    });
  });
}

/** A loopback port with nothing listening on it: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let store: KnowledgeStore;
let server: HttpServerHandle | undefined;
beforeAll(async () => {
  store = await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve() {
  const health = new Health({ knowledge: () => store.current });
  const metrics = new Metrics({ knowledge: () => store.current });
  server = await startHttpServer({ port: 0, host: '127.0.0.1', routes: createRoutes({ health, metrics }) });
  return { health, port: String(server.port) };
}

describe('bin/healthcheck.js', () => {
  it('is healthy once the bot is ready, and not while it starts or drains', async () => {
    const { health, port } = await serve();
    const starting = await probe({ PORT: port });
    expect(starting.status).toBe(1);
    expect(starting.stderr).toBe(`http://127.0.0.1:${port}/healthz: 503 starting\n`);
    health.phase = 'ready';
    expect(await probe({ PORT: port })).toEqual({ status: 0, stderr: '' });
    health.phase = 'draining';
    expect((await probe({ PORT: port })).status).toBe(1);
  });

  it('asks METRICS_PORT when set, where /healthz then is, and HOST when it names one address', async () => {
    const { health, port } = await serve();
    health.phase = 'ready';
    const elsewhere = String(await closedPort());
    expect((await probe({ PORT: elsewhere, METRICS_PORT: port })).status).toBe(0);
    expect((await probe({ PORT: elsewhere, METRICS_PORT: port, HOST: '127.0.0.1' })).status).toBe(0);
    expect((await probe({ PORT: port, HOST: '0.0.0.0' })).status).toBe(0);
  });

  it('is unhealthy, saying why, when nothing answers', async () => {
    const port = String(await closedPort());
    const result = await probe({ PORT: port });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`http://127.0.0.1:${port}/healthz: ECONNREFUSED\n`);
  });
});
