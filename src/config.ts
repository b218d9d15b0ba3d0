// The environment, validated once at start. A missing or malformed variable is one clear
// line naming it (exit status 2), and a half-configured platform is an error, not a skip.
import { z } from 'zod';
import { parseRateRule, type RateRule } from './runtime/rate-limit.ts';

const optionalText = z.string().trim().min(1).optional();
const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)');
const baseUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
/** `20/60s`, `5/1m`, or `off` (null). */
const rateRule = z.string().transform((value, context): RateRule | null => {
  try {
    return parseRateRule(value) ?? null;
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** A whole number within bounds, read from text, with one message for every way to miss. */
const wholeNumber = (min: number, max: number, message: string) => z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
const SHARDS_MESSAGE = 'must be auto or a whole number of shards from 1 to 1000';

const EnvSchema = z
  .object({
    DISCORD_TOKEN: optionalText,
    DISCORD_APPLICATION_ID: snowflake.optional(),
    DISCORD_GUILD_ID: snowflake.optional(),
    DISCORD_API_URL: baseUrl.default('https://discord.com/api'),
    DISCORD_SHARDS: z.union([z.literal('auto'), wholeNumber(1, 1000, SHARDS_MESSAGE)], { error: SHARDS_MESSAGE }).optional(),
    SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'must be a bot token starting with xoxb-').optional(),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp-').optional(),
    SLACK_API_URL: baseUrl.default('https://slack.com/api/'),
    PORT: wholeNumber(0, 65535, 'must be a port number from 0 to 65535').default(3000),
    KNOWLEDGE_DIR: optionalText,
    /** Where loaded bases are cached for the next start (`off` to keep none); see paths.ts. */
    KNOWLEDGE_CACHE: optionalText,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Per-user and per-channel rate limits on chat platforms; see docs/operations.md. */
    RATE_LIMIT_USER: rateRule.optional(),
    RATE_LIMIT_CHANNEL: rateRule.optional(),
    /** Where unanswered questions go (`off` to keep none); default `.landscape/gaps.jsonl`. */
    GAPS_FILE: optionalText,
  })
  .superRefine((env, context) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      context.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
    if (!env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
      context.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set' });
    }
  });

export type Config = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** Empty variables count as unset, as in most deployment tools. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = EnvSchema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `configuration: ${issue.path.join('.') || 'environment'} ${issue.message}`));
}
