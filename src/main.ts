// `landscape start`: configuration → knowledge → Bot → the platforms that are configured,
// with what running in production needs around them: JSON logs, /healthz and /metrics,
// hot reload of the fact base, rate limits, the gaps file, and a graceful shutdown.
// With REDIS_URL, what replicas must agree on (rate limits, Slack retries, gaps, feedback,
// subscriptions and digests, interaction state, /reload) is shared through Redis. With no
// platform token, the local console on the bundled fact base.
import type { Locale } from './answer/answer.ts';
import pino from 'pino';
import type { CliIo } from './cli.ts';
import { Bot } from './bot.ts';
import { ConfigError, knowledgeLimitsFrom, loadConfig, type Config } from './config.ts';
import { KnowledgeHistory } from './knowledge/history.ts';
import { KnowledgeStore } from './knowledge/store.ts';
import { knowledgeCacheDir, knowledgeDir } from './paths.ts';
import type { PlatformAdapter } from './platforms/adapter.ts';
import { runConsole } from './platforms/console.ts';
import { createDiscordAdapter } from './platforms/discord/index.ts';
import { createSlackAdapter } from './platforms/slack/index.ts';
import { FEEDBACK_FILE_NAME, FEEDBACK_LOG, FeedbackRecorder, type FeedbackEntry } from './runtime/feedback.ts';
import { DEFAULT_GAPS_FILE, GAPS_LOG, GapRecorder, type GapEntry } from './runtime/gaps.ts';
import { createRoutes, Health, startHttpServer, type HttpRoute, type HttpServerHandle } from './runtime/http.ts';
import { createLogger, type Logger } from './runtime/logger.ts';
import { Metrics } from './runtime/metrics.ts';
import { DEFAULT_CHANNEL_RULE, DEFAULT_USER_RULE, RateLimiter } from './runtime/rate-limit.ts';
import { Reloader } from './runtime/reload.ts';
import { stateFile } from './runtime/state-files.ts';
import { DIGEST_CLAIMS, Digests } from './runtime/digest.ts';
import { SUBSCRIPTIONS_FILE_NAME, Subscriptions, type SubscriptionStore } from './runtime/subscriptions.ts';
import { JsonLinesFile } from './runtime/jsonl.ts';
import { ReloadFanOut } from './runtime/reload-fanout.ts';
import { LocalSharedState, MemoryKeyValue, MemoryPubSub, openSharedState, type SharedState } from './runtime/shared/index.ts';
import { shutdown, waitForShutdownSignal, type Closer } from './runtime/shutdown.ts';

export interface Services {
  config: Config;
  bot: Bot;
  store: KnowledgeStore;
  logger: Logger;
  /**
   * The operators' routes for PORT, shaped as Bolt `customRoutes`: `GET /healthz`, and
   * `GET /metrics` unless METRICS_PORT moves it to a private port. When Slack runs in HTTP
   * mode (see `slackServesHttp`), the Slack adapter mounts them on its own server, on PORT;
   * otherwise main.ts serves them from a standalone server (see `operatorsPort`).
   */
  httpRoutes: HttpRoute[];
  /** In process, or in Redis with REDIS_URL: for state a click or a retry may need on another replica. */
  shared: SharedState;
}

/** Slack over HTTP (signing secret, no app token) owns PORT and serves /healthz and /metrics. */
export function slackServesHttp(config: Config): boolean {
  return Boolean(config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN);
}

/**
 * Where main.ts's own server for /healthz and /metrics listens, if it needs one: METRICS_PORT
 * when set (a private port, whatever else runs), else PORT unless Slack's server already
 * serves them there.
 */
export function operatorsPort(config: Config, slackHttp: boolean): number | undefined {
  return config.METRICS_PORT ?? (slackHttp ? undefined : config.PORT);
}

/** With METRICS_PORT, the public port keeps /healthz (for its load balancer) but not /metrics. */
export function publicRoutes(config: Config, routes: readonly HttpRoute[]): HttpRoute[] {
  return config.METRICS_PORT === undefined ? [...routes] : routes.filter((route) => route.path !== '/metrics');
}

export interface StartOptions {
  /** The console's language, whatever the question's (`--lang`). */
  locale?: Locale;
}

export async function start(io: CliIo, options: StartOptions = {}): Promise<number> {
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

  const store = await KnowledgeStore.open(knowledgeDir(config.KNOWLEDGE_DIR), { cacheDir: knowledgeCacheDir(config.KNOWLEDGE_CACHE), limits: knowledgeLimitsFrom(io.env) });
  let adapters: PlatformAdapter[] = [];
  const metrics = new Metrics({ knowledge: () => store.current, platforms: () => adapters, watchMode: () => reloader.watchMode });
  const reloader = new Reloader({ store, logger, metrics });
  // When each fact changed, for /new: read on the first /new of each revision.
  const history = new KnowledgeHistory(logger);
  // The console is one operator on one machine: nothing to share.
  const shared = wantsPlatform ? await openSharedState({ url: config.REDIS_URL, logger, registry: metrics.registry }) : new LocalSharedState();
  const gapsFile = config.GAPS_FILE ?? DEFAULT_GAPS_FILE;
  const gapsLog = shared.log<GapEntry>(GAPS_LOG, gapsFile === 'off' ? undefined : new JsonLinesFile({ file: gapsFile }));
  const gaps = gapsLog ? new GapRecorder({ log: gapsLog, logger }) : undefined;
  const limiter = new RateLimiter({
    user: config.RATE_LIMIT_USER === undefined ? DEFAULT_USER_RULE : (config.RATE_LIMIT_USER ?? undefined),
    channel: config.RATE_LIMIT_CHANNEL === undefined ? DEFAULT_CHANNEL_RULE : (config.RATE_LIMIT_CHANNEL ?? undefined),
    shared,
  });
  // FEEDBACK_FILE=off turns feedback off, Redis or not: no buttons, nothing kept.
  const feedbackFile = stateFile(config.FEEDBACK_FILE, config.GAPS_FILE, FEEDBACK_FILE_NAME);
  const feedback = feedbackFile ? new FeedbackRecorder({ log: shared.log<FeedbackEntry>(FEEDBACK_LOG, new JsonLinesFile({ file: feedbackFile }))! }) : undefined;
  // Channels' digest subscriptions, in Redis with REDIS_URL; `off` keeps them in memory only
  // (gone at restart) unless Redis keeps them.
  const subscriptions = new Subscriptions({ file: stateFile(config.SUBSCRIPTIONS_FILE, config.GAPS_FILE, SUBSCRIPTIONS_FILE_NAME), shared, logger });
  await subscriptions.load();
  const fanOut = shared.kind === 'redis' ? await new ReloadFanOut({ reloader, store, pubsub: shared.pubsub(new MemoryPubSub()), replica: shared.replica, logger }).start() : undefined;
  const bot = new Bot({ store, logger, metrics, gaps, limiter, reload: () => (fanOut ?? reloader).ticket(), feedback, history: (kb) => history.of(kb), subscriptions });
  const health = new Health({
    knowledge: () => store.current,
    platforms: () => adapters,
    lastReload: () => reloader.last,
    reloading: () => reloader.reloading,
    watch: () => reloader.watchMode,
    shared: () => shared.status(),
  });
  const httpRoutes = createRoutes({ health, metrics, logger });
  adapters = createAdapters({ config, bot, store, logger, httpRoutes: publicRoutes(config, httpRoutes), shared });

  if (adapters.length === 0) {
    // A maintainer trying edits on the console sees them without restarting.
    reloader.watch();
    const color = Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
    try {
      await runConsole(bot, { input: io.stdin as never, output: io.stdout as never, color, ...(options.locale ? { locale: options.locale } : {}) });
    } finally {
      await reloader.close();
      // A large base takes seconds to save for the next start; the process must not exit first.
      await store.flush();
    }
    return 0;
  }
  return runPlatforms({ config, bot, store, logger, adapters, metrics, reloader, gaps, history, subscriptions, health, httpRoutes, shared, fanOut });
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
  history: KnowledgeHistory;
  subscriptions: SubscriptionStore;
  health: Health;
  httpRoutes: HttpRoute[];
  shared: SharedState;
  fanOut?: ReloadFanOut;
}

async function runPlatforms(running: Running): Promise<number> {
  const { config, bot, store, logger, adapters, reloader, gaps, health, shared, fanOut } = running;
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
  // A long-running bot reads the history of /new ahead of the first question, and after each reload.
  void running.history.of(store.current.kb);
  reloader.onSwap((_before, after) => void running.history.of(after.kb));
  // New or changed facts on a subscribed subject: a digest in the channel, from one replica.
  const claims = shared.kind === 'redis' ? shared.keyValue(DIGEST_CLAIMS, new MemoryKeyValue()) : undefined;
  const digests = new Digests({ subscriptions: running.subscriptions, adapters: () => adapters, logger, metrics: running.metrics, claims });
  reloader.onSwap((before, after) => void digests.publish(before, after));

  let http: HttpServerHandle | undefined;
  let status = 0;
  let reason = 'start failed';
  try {
    const slackHttp = slackServesHttp(config) && adapters.some((adapter) => adapter.platform === 'slack');
    const port = operatorsPort(config, slackHttp);
    if (port !== undefined) http = await startHttpServer({ port, host: config.HOST, routes: running.httpRoutes, logger });
    const started = Promise.all(adapters.map((adapter) => adapter.start())).then(() => 'started' as const);
    const first = await Promise.race([started, signals.signal]);
    if (first === 'started') {
      health.phase = 'ready';
      const ports = config.METRICS_PORT === undefined ? { port: http?.port ?? config.PORT } : { ...(slackHttp ? { port: config.PORT } : {}), metricsPort: http?.port };
      logger.info({ platforms: Object.fromEntries(adapters.map((adapter) => [adapter.platform, adapter.state()])), ...ports }, 'ready');
    }
    reason = await signals.signal;
  } catch (error) {
    logger.fatal({ err: error }, 'cannot start');
    status = 1;
  }

  const closers: Closer[] = [
    ...(http ? [{ name: 'http', close: () => http!.close() }] : []),
    ...(fanOut ? [{ name: 'reload fan-out', close: () => fanOut.close() }] : []),
    { name: 'reload', close: () => reloader.close() },
    ...(gaps ? [{ name: 'gaps', close: () => gaps.flush() }] : []),
    { name: 'subscriptions', close: () => running.subscriptions.flush() },
    // Last: the gaps above may still be on their way to Redis.
    { name: 'shared state', close: () => shared.close() },
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
