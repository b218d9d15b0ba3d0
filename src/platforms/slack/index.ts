// The Slack platform as main.ts sees it: one adapter when SLACK_BOT_TOKEN is set, over HTTP
// on PORT (serving main's /healthz and /metrics on the same server) or over Socket Mode
// when SLACK_APP_TOKEN is set. Bolt is loaded only when Slack starts, so the console and
// `landscape ask` do not pay for it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bot } from '../../bot.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { SharedState } from '../../runtime/shared/types.ts';
import { LazyAdapter, type PlatformAdapter } from '../adapter.ts';

export interface SlackRoute {
  path: string;
  method: string | string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface SlackServices {
  config: Config;
  bot: Bot;
  logger: Logger;
  /** Extra routes for Slack's HTTP server (HTTP mode only); Socket Mode opens no port. */
  httpRoutes?: readonly SlackRoute[];
  /** Where answered event ids are kept, so a retry reaching another replica is skipped too. */
  shared?: SharedState;
}

export function createSlackAdapter(services: SlackServices): PlatformAdapter {
  const { config, bot, logger } = services;
  const botToken = config.SLACK_BOT_TOKEN;
  if (!botToken) throw new Error('createSlackAdapter: SLACK_BOT_TOKEN is not set');
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  return new LazyAdapter('slack', async () => {
    const [{ SlackAdapter }, { RecentIds }] = await Promise.all([import('./adapter.ts'), import('./recent-ids.ts')]);
    return new SlackAdapter({
      bot,
      logger,
      botToken,
      recentEvents: new RecentIds({ shared: services.shared }),
      ...(socketMode ? { appToken: config.SLACK_APP_TOKEN } : { signingSecret: config.SLACK_SIGNING_SECRET, port: config.PORT, host: config.HOST, customRoutes: [...(services.httpRoutes ?? [])] }),
      apiUrl: config.SLACK_API_URL,
    });
  });
}
