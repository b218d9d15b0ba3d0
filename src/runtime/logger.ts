// One pino logger for the process. Secrets are redacted by path and never logged on purpose;
// user text is cut before it reaches a log line.
import pino, { type Logger } from 'pino';

export type { Logger };

export const MAX_LOGGED_TEXT = 200;

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'landscape' },
      redact: {
        paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization', 'signingSecret', '*.signingSecret', 'config.DISCORD_TOKEN', 'config.SLACK_BOT_TOKEN', 'config.SLACK_SIGNING_SECRET', 'config.SLACK_APP_TOKEN'],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

/** For tests and one-shot commands that must print nothing but their answer. */
export const silentLogger: Logger = pino({ level: 'silent' });

export function cutForLog(text: string): string {
  return text.length > MAX_LOGGED_TEXT ? `${text.slice(0, MAX_LOGGED_TEXT)}…` : text;
}
