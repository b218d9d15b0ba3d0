// `landscape start`: configuration → knowledge → Bot → the platforms that are configured,
// with what running in production needs around them: JSON logs, /healthz and /metrics,
// hot reload of the fact base, rate limits, the gaps file, and a graceful shutdown.
// With no platform token, the local console on the bundled fact base.
import pino from 'pino';
import type { CliIo } from './cli.ts';
import { Bot } from './bot.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { KnowledgeStore } from './knowledge/store.ts';
import { knowledgeCacheDir, knowledgeDir } from './paths.ts';
import type { PlatformAdapter } from './platforms/adapter.ts';
import { runConsole } from './platforms/console.ts';
import { createDiscordAdapter } from './platforms/discord/index.ts';
import { createSlackAdapter } from './platforms/slack/index.ts';
import { DEFAULT_GAPS_FILE, GapRecorder } from './runtime/gaps.ts';
import { createRoutes, Health, startHttpServer, type HttpRoute, type HttpServerHandle } from './runtime/http.ts';
import { createLogger, type Logger } from './runtime/logger.ts';
import { Metrics } from './runtime/metrics.ts';
import { DEFAULT_CHANNEL_RULE, DEFAULT_USER_RULE, RateLimiter } from './runtime/rate-limit.ts';
import { Reloader } from './runtime/reload.ts';
import { shutdown, waitForShutdownSignal, type Closer } from './runtime/shutdown.ts';

export interface Services {
  config: Config;
  bot: Bot;
  store: KnowledgeStore;
  logger: Logger;
  /**
   * `GET /healthz` and `GET /metrics`, shaped as Bolt `customRoutes`. When Slack runs in
   * HTTP mode (see `slackServesHttp`), the Slack adapter mounts them on its own server, on
   * PORT; otherwise main.ts serves them from a standalone server on PORT.
   */
  httpRoutes: HttpRoute[];
}

/** Slack over HTTP (signing secret, no app token) owns PORT and serves /healthz and /metrics. */
export function slackServesHttp(config: Config): boolean {
  return Boolean(config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN);
}

export async function start(io: CliIo): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return 2;
  }
  // On the console, stdout is the conversation: logs go to stderr, warnings and up unless
  // LOG_LEVEL says otherwise. With a platform, JSON lines on stdout for the log collector.
  const wantsPlatform = Boolean(config.DISCORD_TOKEN || config.SLACK_BOT_TOKEN);
  const logger = wantsPlatform
    ? createLogger({ level: config.LOG_LEVEL })
    : createLogger({ level: io.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', destination: pino.destination({ fd: 2, sync: true }) });

  const store = await KnowledgeStore.open(knowledgeDir(config.KNOWLEDGE_DIR), { cacheDir: knowledgeCacheDir(config.KNOWLEDGE_CACHE) });
  let adapters: PlatformAdapter[] = [];
  const metrics = new Metrics({ knowledge: () => store.current, platforms: () => adapters });
  const reloader = new Reloader({ store, logger, metrics });
  const gapsFile = config.GAPS_FILE ?? DEFAULT_GAPS_FILE;
  const gaps = gapsFile === 'off' ? undefined : new GapRecorder({ file: gapsFile, logger });
  const limiter = new RateLimiter({
    user: config.RATE_LIMIT_USER === undefined ? DEFAULT_USER_RULE : (config.RATE_LIMIT_USER ?? undefined),
    channel: config.RATE_LIMIT_CHANNEL === undefined ? DEFAULT_CHANNEL_RULE : (config.RATE_LIMIT_CHANNEL ?? undefined),
  });
  const bot = new Bot({ store, logger, metrics, gaps, limiter, reload: () => reloader.ticket() });
  const health = new Health({ knowledge: () => store.current, platforms: () => adapters, lastReload: () => reloader.last });
  const httpRoutes = createRoutes({ health, metrics, logger });
  adapters = createAdapters({ config, bot, store, logger, httpRoutes });

  if (adapters.length === 0) {
    // A maintainer trying edits on the console sees them without restarting.
    reloader.watch();
    const color = Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
    try {
      await runConsole(bot, { input: io.stdin as never, output: io.stdout as never, color });
    } finally {
      await reloader.close();
      // A large base takes seconds to save for the next start; the process must not exit first.
      await store.flush();
    }
    return 0;
  }
  return runPlatforms({ config, bot, store, logger, adapters, metrics, reloader, gaps, health, httpRoutes });
}

interface Running {
  config: Config;
  bot: Bot;
  store: KnowledgeStore;
  logger: Logger;
  adapters: PlatformAdapter[];
  metrics: Metrics;
  reloader: Reloader;
  gaps?: GapRecorder;
  health: Health;
  httpRoutes: HttpRoute[];
}

async function runPlatforms(running: Running): Promise<number> {
  const { config, bot, store, logger, adapters, reloader, gaps, health } = running;
  const { kb } = store.current;
  logger.info({ platforms: adapters.map((adapter) => adapter.platform), knowledge: { dir: store.dir, version: kb.version, facts: kb.facts.size } }, 'starting');

  // A failed promise somewhere in a library is logged, not a crash; an exception thrown
  // out of the event loop leaves the process in an unknown state, so that one exits.
  const onRejection = (reason: unknown) => logger.error({ err: reason }, 'unhandled promise rejection');
  const onException = (error: Error) => {
    logger.fatal({ err: error }, 'uncaught exception; exiting');
    process.exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  const signals = waitForShutdownSignal((signal) => {
    logger.warn({ signal }, 'second signal: exiting now');
    process.exit(1);
  });
  reloader.watch().listenForSignal();

  let http: HttpServerHandle | undefined;
  let status = 0;
  let reason = 'start failed';
  try {
    const slackHttp = slackServesHttp(config) && adapters.some((adapter) => adapter.platform === 'slack');
    if (!slackHttp) http = await startHttpServer({ port: config.PORT, routes: running.httpRoutes, logger });
    const started = Promise.all(adapters.map((adapter) => adapter.start())).then(() => 'started' as const);
    const first = await Promise.race([started, signals.signal]);
    if (first === 'started') {
      health.phase = 'ready';
      logger.info({ platforms: Object.fromEntries(adapters.map((adapter) => [adapter.platform, adapter.state()])), port: http?.port ?? config.PORT }, 'ready');
    }
    reason = await signals.signal;
  } catch (error) {
    logger.fatal({ err: error }, 'cannot start');
    status = 1;
  }

  const closers: Closer[] = [
    ...(http ? [{ name: 'http', close: () => http!.close() }] : []),
    { name: 'reload', close: () => reloader.close() },
    ...(gaps ? [{ name: 'gaps', close: () => gaps.flush() }] : []),
  ];
  await shutdown({ bot, adapters, closers, health, logger }, reason);
  signals.dispose();
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
  return status;
}

/** One adapter per configured platform; each platform's module adds itself here. */
function createAdapters(services: Services): PlatformAdapter[] {
  const adapters: PlatformAdapter[] = [];
  if (services.config.DISCORD_TOKEN) adapters.push(createDiscordAdapter(services));
  if (services.config.SLACK_BOT_TOKEN) adapters.push(createSlackAdapter(services));
  return adapters;
}
