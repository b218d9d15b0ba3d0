// Bolt, the Web API client and the Socket Mode client log through @slack/logger's interface;
// this sends them to our pino logger. Their debug output can hold request bodies
// (response_url, tokens in form fields), so it is never below info.
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../runtime/logger.ts';

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

export function slackLogger(logger: Logger): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  let child = logger.child({ component: 'slack-sdk' });
  const enabled = (at: LogLevel) => ORDER.indexOf(at) >= ORDER.indexOf(level);
  const text = (parts: unknown[]) => parts.map((part) => (part instanceof Error ? part.message : typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
  return {
    debug: () => {},
    info: (...parts) => enabled(LogLevel.INFO) && child.info(text(parts)),
    warn: (...parts) => enabled(LogLevel.WARN) && child.warn(text(parts)),
    error: (...parts) => enabled(LogLevel.ERROR) && child.error(text(parts)),
    setLevel: (next) => {
      level = next === LogLevel.DEBUG ? LogLevel.INFO : next;
    },
    getLevel: () => level,
    setName: (name) => {
      child = logger.child({ component: name });
    },
  };
}
