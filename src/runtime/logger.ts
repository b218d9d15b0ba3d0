// One pino logger for the process. Secrets are redacted by path and never logged on purpose;
// user text is cut before it reaches a log line.
import { cutCodePoints } from '../answer/text.ts';
import pino, { type Logger } from 'pino';

export type { Logger };

export const MAX_LOGGED_TEXT = 200;

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'landscape' },
      redact: {
        // biome-ignore format: paths grouped by where they come from, a group a line
        paths: [
          'token', '*.token', 'headers.authorization', '*.headers.authorization', 'signingSecret', '*.signingSecret', 'appToken', '*.appToken',
          'config.DISCORD_TOKEN', 'config.SLACK_BOT_TOKEN', 'config.SLACK_SIGNING_SECRET', 'config.SLACK_APP_TOKEN', 'config.REDIS_URL',
          // HTTP client errors (axios under Slack's WebClient) carry the request's headers.
          'err.config.headers.Authorization', 'err.config.headers.authorization', 'err.original.config.headers.Authorization', 'err.request.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

/** For tests and one-shot commands that must print nothing but their answer. */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * Shapes of credentials a user might paste into a question (Slack tokens, a Discord bot
 * token, a 32-hex signing secret): replaced before the text reaches a log line or a file.
 */
const SECRET_SHAPES = /\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{6,}|[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}|\b[0-9a-f]{32}\b/g;

export function scrubSecrets(text: string): string {
  return text.replace(SECRET_SHAPES, '[redacted]');
}

/** User text as it may be logged: secret-shaped words replaced, cut to 200 characters. */
export function cutForLog(text: string): string {
  const clean = scrubSecrets(text);
  // Never a lone half of a surrogate pair: it is not valid UTF-8 on the way out.
  return clean.length <= MAX_LOGGED_TEXT ? clean : `${cutCodePoints(clean, MAX_LOGGED_TEXT)}…`;
}
