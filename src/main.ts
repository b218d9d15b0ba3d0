// `landscape start`: configuration → knowledge → Bot → the platforms that are configured.
// With no platform token, the local console on the bundled fact base.
import type { CliIo } from './cli.ts';
import { Bot } from './bot.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { KnowledgeStore } from './knowledge/store.ts';
import { knowledgeDir } from './paths.ts';
import type { PlatformAdapter } from './platforms/adapter.ts';
import { runConsole } from './platforms/console.ts';
import { createLogger, type Logger } from './runtime/logger.ts';

export interface Services {
  config: Config;
  bot: Bot;
  store: KnowledgeStore;
  logger: Logger;
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
  const store = await KnowledgeStore.open(knowledgeDir(config.KNOWLEDGE_DIR));
  const bot = new Bot({ store });
  const adapters = createAdapters({ config, bot, store, logger: createLogger({ level: config.LOG_LEVEL }) });

  if (adapters.length === 0) {
    const color = Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
    await runConsole(bot, { input: io.stdin as never, output: io.stdout as never, color });
    return 0;
  }

  await Promise.all(adapters.map((adapter) => adapter.start()));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.all(adapters.map((adapter) => adapter.stop()));
  return 0;
}

/** One adapter per configured platform; each platform's module adds itself here. */
function createAdapters(_services: Services): PlatformAdapter[] {
  const adapters: PlatformAdapter[] = [];
  return adapters;
}
