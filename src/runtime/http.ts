// `GET /healthz` and `GET /metrics`, as plain node:http route handlers. The same handlers
// serve two ways: as Bolt `customRoutes` when Slack runs in HTTP mode (one port for Slack's
// events and for operators), or from a small standalone server on PORT otherwise, or on
// METRICS_PORT when operators keep them off the public port.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knowledge } from '../knowledge/store.ts';
import type { ConnectionState, PlatformAdapter } from '../platforms/adapter.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import type { ReloadOutcome, WatchMode } from './reload.ts';
import type { SharedStatus } from './shared/types.ts';

/** Bolt's CustomRoute shape, so the routes can be handed to `new App({ customRoutes })`. */
export interface HttpRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export type Phase = 'starting' | 'ready' | 'draining';

export interface HealthBody {
  /**
   * `ok`: ready and every platform connected; `degraded`: ready, some platform is not;
   * `failing`: ready, but no platform can answer (each failed, disconnected or stopped).
   */
  status: 'starting' | 'ok' | 'degraded' | 'failing' | 'draining';
  knowledge: {
    version: { date: string; revision: string; commit?: string };
    facts: number;
    sources: number;
    entities: number;
    loadedAt: string;
    lastReload?: { ok: boolean; at: string; errors: number };
    /** A reload is loading or indexing a new base right now. */
    reloading?: boolean;
    /** How edits are noticed: `polling` when the folder watcher failed, `off` when nothing watches. */
    watch?: WatchMode;
  };
  platforms: Record<string, ConnectionState>;
  /** Why each `failed` platform failed. */
  failures?: Record<string, string>;
  /** With REDIS_URL: whether Redis serves the shared state (else local state stands in). */
  shared?: SharedStatus;
  uptimeSeconds: number;
}

export interface HealthOptions {
  knowledge: () => Knowledge;
  platforms?: () => readonly PlatformAdapter[];
  lastReload?: () => ReloadOutcome | undefined;
  reloading?: () => boolean;
  watch?: () => WatchMode;
  shared?: () => SharedStatus | undefined;
}

/** States in which a platform answers, or will again by itself. */
const SERVING: readonly ConnectionState[] = ['connected', 'reconnecting'];

/**
 * What `/healthz` reports. 503 while starting, while draining and when no platform can
 * answer, so a load balancer sends traffic only to a process that can; 200 otherwise, even
 * when a platform is reconnecting (restarting the process would not reconnect it faster).
 */
export class Health {
  phase: Phase = 'starting';
  private readonly started = Date.now();

  constructor(private readonly options: HealthOptions) {}

  report(): { httpStatus: number; body: HealthBody } {
    const { kb } = this.options.knowledge();
    const platforms: Record<string, ConnectionState> = {};
    const failures: Record<string, string> = {};
    for (const adapter of this.options.platforms?.() ?? []) {
      platforms[adapter.platform] = adapter.state();
      const failure = adapter.state() === 'failed' ? adapter.failure?.() : undefined;
      if (failure) failures[adapter.platform] = failure;
    }
    const states = Object.values(platforms);
    const serving = states.length === 0 || states.some((state) => SERVING.includes(state));
    const status = this.phase !== 'ready' ? this.phase : !serving ? 'failing' : states.every((state) => state === 'connected') ? 'ok' : 'degraded';
    const last = this.options.lastReload?.();
    const reloading = this.options.reloading?.();
    const watch = this.options.watch?.();
    const shared = this.options.shared?.();
    return {
      httpStatus: status === 'ok' || status === 'degraded' ? 200 : 503,
      body: {
        status,
        knowledge: {
          version: { date: kb.version.date, revision: kb.version.revision, ...(kb.version.commit ? { commit: kb.version.commit } : {}) },
          facts: kb.facts.size,
          sources: kb.sources.size,
          entities: kb.entities.size,
          loadedAt: kb.loadedAt.toISOString(),
          ...(last ? { lastReload: { ok: last.ok, at: last.at, errors: last.errors } } : {}),
          ...(reloading !== undefined ? { reloading } : {}),
          ...(watch ? { watch } : {}),
        },
        platforms,
        ...(Object.keys(failures).length > 0 ? { failures } : {}),
        ...(shared ? { shared } : {}),
        uptimeSeconds: Math.round((Date.now() - this.started) / 1000),
      },
    };
  }
}

export function createRoutes(options: { health: Health; metrics: Metrics; logger?: Logger }): HttpRoute[] {
  const { health, metrics, logger } = options;
  return [
    {
      path: '/healthz',
      method: ['GET', 'HEAD'],
      handler(req, res) {
        const { httpStatus, body } = health.report();
        send(req, res, httpStatus, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
      },
    },
    {
      path: '/metrics',
      method: ['GET', 'HEAD'],
      handler(req, res) {
        metrics.text().then(
          (text) => send(req, res, 200, metrics.contentType, text),
          (error: unknown) => {
            logger?.error({ err: error }, 'cannot collect metrics');
            send(req, res, 500, 'text/plain; charset=utf-8', 'cannot collect metrics\n');
          },
        );
      },
    },
  ];
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Dispatches to the routes by path and method: 404 for an unknown path, 405 for a wrong method. */
export function routeRequest(routes: readonly HttpRoute[], req: IncomingMessage, res: ServerResponse): void {
  let pathname: string;
  try {
    pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    pathname = '';
  }
  const route = routes.find((candidate) => candidate.path === pathname);
  if (!route) {
    send(req, res, 404, 'text/plain; charset=utf-8', 'not found\n');
    return;
  }
  if (!route.method.includes(req.method ?? '')) {
    res.setHeader('allow', route.method.join(', '));
    send(req, res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    return;
  }
  route.handler(req, res);
}

export interface HttpServerHandle {
  server: Server;
  /** The port bound (useful with PORT=0 in tests). */
  port: number;
  /** Stops accepting, ends idle keep-alive connections, and resolves once all are closed. */
  close(): Promise<void>;
}

/** A standalone server for the routes, for when Slack's HTTP server is not running. */
export async function startHttpServer(options: { port: number; host?: string; routes: readonly HttpRoute[]; logger?: Logger }): Promise<HttpServerHandle> {
  const server = createServer((req, res) => {
    try {
      routeRequest(options.routes, req, res);
    } catch (error) {
      options.logger?.error({ err: error, url: req.url?.slice(0, 200) }, 'http handler failed');
      if (!res.headersSent) send(req, res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    }
  });
  // Operators' probes are tiny: no reason to hold a slow client's connection for long.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.logger?.error({ err: error }, 'http server error'));
  const { port, address } = server.address() as AddressInfo;
  options.logger?.info({ port, address }, 'serving /healthz and /metrics');
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
