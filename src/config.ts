// The environment, validated once at start. A missing or malformed variable is one clear
// line naming it (exit status 2), and a half-configured platform is an error, not a skip.
import { z } from 'zod';
import type { KnowledgeLimits } from './knowledge/load.ts';
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
const PORT_MESSAGE = 'must be a port number from 0 to 65535';
/** What `server.listen` accepts as an address: an IP or a name that resolves to one. */
const bindAddress = z.union([z.ipv4(), z.ipv6(), z.hostname()], { error: 'must be an address to listen on, e.g. 0.0.0.0, :: or 127.0.0.1' });

const LIMIT_MESSAGE = (max: number) => `must be a whole number from 1 to ${max.toLocaleString('en')}`;
/**
 * The whole-base bounds of a load (KNOWLEDGE_LIMITS), raised for a base larger than the
 * defaults allow. The per-file bounds stay: they keep files reviewable.
 */
const KnowledgeLimitsSchema = z.object({
  KNOWLEDGE_MAX_ITEMS: wholeNumber(1, 10_000_000, LIMIT_MESSAGE(10_000_000)).optional(),
  KNOWLEDGE_MAX_FILES: wholeNumber(1, 1_000_000, LIMIT_MESSAGE(1_000_000)).optional(),
  KNOWLEDGE_MAX_MB: wholeNumber(1, 16_384, LIMIT_MESSAGE(16_384)).optional(),
});

const EnvSchema = z
  .object({
    ...KnowledgeLimitsSchema.shape,
    DISCORD_TOKEN: optionalText,
    DISCORD_APPLICATION_ID: snowflake.optional(),
    DISCORD_GUILD_ID: snowflake.optional(),
    DISCORD_API_URL: baseUrl.default('https://discord.com/api'),
    /** `on`: answer replies to the bot's answers as follow-ups (needs the privileged Message Content intent). */
    DISCORD_FOLLOW_UPS: z.enum(['on', 'off'], { error: 'must be on or off' }).default('off'),
    DISCORD_SHARDS: z.union([z.literal('auto'), wholeNumber(1, 1000, SHARDS_MESSAGE)], { error: SHARDS_MESSAGE }).optional(),
    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xoxb-/, 'must be a bot token starting with xoxb-')
      .optional(),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
      .optional(),
    SLACK_API_URL: baseUrl.default('https://slack.com/api/'),
    PORT: wholeNumber(0, 65535, PORT_MESSAGE).default(3000),
    /** The address PORT and METRICS_PORT listen on; unset: every interface. */
    HOST: bindAddress.optional(),
    /** A port of its own for /healthz and /metrics, so the public port need not expose metrics. */
    METRICS_PORT: wholeNumber(0, 65535, PORT_MESSAGE).optional(),
    KNOWLEDGE_DIR: optionalText,
    /** Where loaded bases are cached for the next start (`off` to keep none); see paths.ts. */
    KNOWLEDGE_CACHE: optionalText,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Per-user and per-channel rate limits on chat platforms; see docs/operations.md. */
    RATE_LIMIT_USER: rateRule.optional(),
    RATE_LIMIT_CHANNEL: rateRule.optional(),
    /** Where unanswered questions go (`off` to keep none); default `.landscape/gaps.jsonl`. */
    GAPS_FILE: optionalText,
    /** Where votes and reports go (`off` to keep none); default `feedback.jsonl` beside the gaps file. */
    FEEDBACK_FILE: optionalText,
    /** Channels' digest subscriptions (`off`: kept in memory only); default `subscriptions.jsonl` beside the gaps file. */
    SUBSCRIPTIONS_FILE: optionalText,
    /** Shared state for replicas (limits, retries, gaps, feedback, subscriptions…); unset: in process. */
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379' }).optional(),
  })
  .superRefine((env, context) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      context.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
    if (!env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
      context.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set' });
    }
    // Port 0 asks for any free port, so both may be 0; any other shared value cannot bind twice.
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
      context.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: `must differ from PORT (both are ${env.PORT}): it is the private port for /healthz and /metrics` });
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

/**
 * The knowledge bounds the environment raises (or lowers), for every command that loads the
 * base: `start` through loadConfig, and the CLI's lint, ask, gaps… which read only these.
 */
export function knowledgeLimitsFrom(env: NodeJS.ProcessEnv): Partial<KnowledgeLimits> {
  const present = Object.fromEntries(Object.entries(env).filter(([key, value]) => key in KnowledgeLimitsSchema.shape && value !== undefined && value !== ''));
  const result = KnowledgeLimitsSchema.safeParse(present);
  if (!result.success) throw new ConfigError(result.error.issues.map((issue) => `configuration: ${issue.path.join('.')} ${issue.message}`));
  const { KNOWLEDGE_MAX_ITEMS: items, KNOWLEDGE_MAX_FILES: files, KNOWLEDGE_MAX_MB: megabytes } = result.data;
  return { ...(items ? { items } : {}), ...(files ? { files } : {}), ...(megabytes ? { totalBytes: megabytes * 1024 * 1024 } : {}) };
}

/** Every variable the configuration reads: the help text and `.env.example` are checked against it. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);
