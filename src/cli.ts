// `landscape <command>`: start the bot, ask one question, lint the fact base, and the tools of
// maintainers and operators. Returns the exit status instead of exiting, so tests can drive it
// in-process.
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Locale } from './answer/answer.ts';
import { Bot } from './bot.ts';
import { ConfigError, knowledgeLimitsFrom } from './config.ts';
import { writeFile } from 'node:fs/promises';
import { takePage } from './answer/paging.ts';
import { renderText } from './answer/render-text.ts';
import { PROFILES, pageCountOf, viewOf } from './answer/view.ts';
import { CHECK_LINKS_DEFAULTS, checkLinks, formatLinkReport } from './knowledge/check-links.ts';
import { writeKnowledgeSchema } from './knowledge/json-schema.ts';
import { readFactHistory } from './knowledge/history.ts';
import { listYamlFiles, loadKnowledge } from './knowledge/load.ts';
import { SnapshotError } from './knowledge/snapshot.ts';
import { DEFAULT_DIFF_LIMIT, knowledgeDiff } from './cli/diff.ts';
import { previewCli } from './cli/preview.ts';
import { PREVIEW_PLATFORMS, type PreviewPlatform } from './cli/preview-render.ts';
import { formatGithubAnnotation, formatProblem } from './knowledge/problems.ts';
import { staleFacts } from './knowledge/freshness.ts';
import { KnowledgeLoadError, KnowledgeStore } from './knowledge/store.ts';
import { knowledgeCacheDir, knowledgeDir, PACKAGE_ROOT } from './paths.ts';
import { start } from './main.ts';
import { commands } from '../commands/index.ts';
import { slackManifestCommand } from './platforms/slack/manifest.ts';
import { feedbackCli } from './runtime/feedback.ts';
import { gapsCli } from './runtime/gaps.ts';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });

type Print = (text: string) => void;

interface Subcommand {
  /** The command line after `landscape `, e.g. `ask "<input>" [--json]`. */
  usage: string;
  /** What it does, in a line or two, for the top-level list. */
  summary: string;
  /** What `landscape <name> --help` adds: options, variables read. */
  details: string;
  run(args: string[], io: CliIo, out: Print, err: Print): Promise<number> | number;
}

/** Every subcommand: the dispatch, the top-level list and each `--help` come from this table. */
export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  start: {
    usage: 'start [--lang en|fr]',
    summary: 'run the bot (the console when no platform token is set)',
    details: `Starts every platform whose variables are set (see "Environment" in landscape --help),
with /healthz and /metrics on PORT, or on METRICS_PORT when that is set. With no platform
token: a prompt on a terminal, or one answer per input line from a pipe.

  --lang en|fr    the console answers in this language (default: the question's)`,
    run: (args, io) => start(io, { ...langOption(args) }),
  },
  ask: {
    usage: 'ask "<input>" [--full] [--json] [--lang en|fr]',
    summary: 'print one answer: a /command or a question',
    details: `  --full    every page, with every caveat, dispute, scope and source note
  --json    print the Answer object as JSON instead of text
  --lang    answer in en or fr (default: the language of the question)

The answer is compact: the lead and a few statements. Add page:N to the input for the next
pages, e.g. "/timeline meta page:2".`,
    run: (args, io, out, err) => askOnce(args, io, out, err),
  },
  chart: {
    usage: 'chart "<input>" --out FILE.png',
    summary: "draw the answer's chart (/share's figures, /timeline's events) as a PNG",
    details: '  --out FILE.png    where to write the chart',
    run: (args, io, out, err) => chart(args, io, out, err),
  },
  lint: {
    usage: 'lint [dir] [--format text|github|json]',
    summary: 'check the fact base; exit 1 on any error',
    details: `  dir                   the knowledge folder (default: KNOWLEDGE_DIR, else the bundled knowledge/)
  --format text         path:line:column  message (default)
  --format github       GitHub Actions annotations on the offending lines
  --format json         every problem with its counts`,
    run: (args, io, out, err) => lint(args, io, out, err),
  },
  preview: {
    usage: 'preview <file|fact-id> [--platform text|discord|slack] [--lang en|fr] [--json]',
    summary: 'how a fact, or every fact of a knowledge file, answers on a platform',
    details: `  <file|fact-id>       a knowledge file (every fact in it) or one fact id
  --platform text      the console's text (default)
  --platform discord   the message body Discord is sent, as JSON
  --platform slack     the Block Kit message Slack is sent, as JSON
  --lang en|fr         the language of the question and the answer (default en)
  --json               one JSON list: each fact's question, where it came, and its rendering

Each fact is asked through /ask, by the question it says it answers (its answers kind about
one of its about entities), and the preview says whether the answer leads with it. A file
with errors gets its problems as path:line:column, not a preview. Reads KNOWLEDGE_DIR, else
the bundled knowledge/.`,
    run: (args, io, out, err) => preview(args, io, out, err),
  },
  diff: {
    usage: 'diff <git-rev> [--questions DIR] [--limit N]',
    summary: 'the facts and answers changed since a git revision, as Markdown for a\npull-request comment',
    details: `  <git-rev>          the revision to compare with: origin/main, HEAD^1, a commit id
  --questions DIR    the question sets, laid out as test/search (default: the project's)
  --limit N          the most bytes of Markdown (default ${DEFAULT_DIFF_LIMIT}, under GitHub's limit
                     for a comment); 0 prints everything

Compares the knowledge folder on disk (KNOWLEDGE_DIR, else the bundled knowledge/; uncommitted
edits included) with the same folder at <git-rev>, read from git: the sources, entities and
facts added, changed (field by field) and removed, then every question of the development
and held-out sets whose lead line or first fact changes, both sides asked with this
checkout's code. A base that does not load is reported, with the files that changed.
A shallow clone needs <git-rev> fetched (git fetch origin main). Exit 1 when it cannot be read.`,
    run: (args, io, out, err) => diff(args, io, out, err),
  },
  schema: {
    usage: 'schema [dir] [--annotate]',
    summary: 'write the JSON Schema of knowledge files (dir/schema.json) for editors',
    details: `  dir           the knowledge folder (default: KNOWLEDGE_DIR, else the bundled knowledge/)
  --annotate    also start every YAML file under dir with the line that points editors at
                the schema ("# yaml-language-server: $schema=…"), adding or correcting it

Run it after a change to src/knowledge/schema.ts (a test fails until schema.json is
regenerated), and with --annotate after adding knowledge files (lint warns of a file
without the line).`,
    run: (args, io, out, err) => schema(args, io, out, err),
  },
  'check-links': {
    usage: 'check-links [dir] [--concurrency N] [--per-host N] [--timeout S]',
    summary: 'fetch every source URL; report dead and moved links, exit 1 on a dead one',
    details: `  dir                the knowledge folder (default: KNOWLEDGE_DIR, else the bundled knowledge/)
  --concurrency N    requests at once, over all sites (default ${CHECK_LINKS_DEFAULTS.concurrency})
  --per-host N       requests at once to one site (default ${CHECK_LINKS_DEFAULTS.perHost})
  --timeout S        seconds one request may take (default ${CHECK_LINKS_DEFAULTS.timeoutMs / 1000})

Each URL is asked with HEAD, then with GET when HEAD fails. 429 and 5xx answers are tried
again up to ${CHECK_LINKS_DEFAULTS.retries} times, after the server's Retry-After when it is at most ${CHECK_LINKS_DEFAULTS.maxRetryAfterMs / 1000} s. A redirect
is reported as moved, with where it points, and is not an error. This reaches the real
sites: run it by hand or on a schedule, never in the tests.`,
    run: (args, io, out, err) => checkLinksCli(args, io, out, err),
  },
  'deploy-commands': {
    usage: 'deploy-commands [--guild ID | --global]',
    summary: 'register the Discord slash commands in one guild (--guild, else\nDISCORD_GUILD_ID) or globally',
    details: `  --guild ID    one server, available at once (for development)
  --global      every server, DM and user install (Discord may take minutes to show changes)

Run it again on each release whose commands/ changed: it replaces the whole set in one call.
Reads DISCORD_TOKEN (required), DISCORD_APPLICATION_ID (else asked of Discord),
DISCORD_GUILD_ID and DISCORD_API_URL.`,
    run: (args, io, out, err) => deployCommands(args, io, out, err),
  },
  'slack-manifest': {
    usage: 'slack-manifest [--url https://host]',
    summary: 'print the Slack app manifest (YAML); Socket Mode without --url',
    details: `  --url https://host    Slack sends requests to https://host/slack/events (HTTP mode);
                        without it, the manifest turns Socket Mode on

After a change of scopes or events, Slack asks for the app to be reinstalled (docs/slack.md).`,
    run: (args, _io, out, err) => slackManifestCommand(args, commands, out, err),
  },
  gaps: {
    usage: 'gaps [--limit N] [--file PATH] [--json]',
    summary: 'the most frequent questions the base could not answer, and a\nsummary of the feedback on answers',
    details: `  --limit N      how many questions to list (default 20)
  --file PATH    the file to read (default: GAPS_FILE, else .landscape/gaps.jsonl)
  --json         a machine-readable list

The feedback summary reads FEEDBACK_FILE, else feedback.jsonl beside the gaps file. Then, in
text, the facts past their freshness date (knowledge/freshness.yaml): the shares and
rankings to refresh. With REDIS_URL set, the questions and feedback of every replica are
read from Redis, unless --file is given.`,
    run: async (args, io, out, err) => {
      const status = await gapsCli(args, io.env, out, err);
      if (status === 0 && !args.includes('--json')) await printStaleFacts(io, out);
      return status;
    },
  },
  feedback: {
    usage: 'feedback [--limit N] [--file PATH] [--json]',
    summary: 'votes and problem reports on answers, grouped by fact: the facts\ndrawing the most down votes and reports first',
    details: `  --limit N      how many facts to list (default 20)
  --file PATH    the file to read (default: FEEDBACK_FILE, else feedback.jsonl beside the
                 gaps file)
  --json         a machine-readable list

A user's later vote on an answer replaces their earlier one; every report counts. With
REDIS_URL set, the feedback of every replica is read from Redis, unless --file is given.`,
    run: (args, io, out, err) => feedbackCli(args, io.env, out, err),
  },
};

const ENVIRONMENT = `Environment (docs/operations.md; a commented template: .env.example):
  Discord    DISCORD_TOKEN             the bot token: enables Discord
             DISCORD_APPLICATION_ID    for deploy-commands (else asked of Discord)
             DISCORD_GUILD_ID          deploy-commands' default server
             DISCORD_SHARDS            auto or N: one process per shard on this machine
             DISCORD_FOLLOW_UPS        on: a reply to an answer is a follow-up (needs the
                                       privileged Message Content intent); default off
             DISCORD_API_URL           REST base (default https://discord.com/api)
  Slack      SLACK_BOT_TOKEN           xoxb-…: enables Slack
             SLACK_SIGNING_SECRET      HTTP mode: events on PORT at /slack/events
             SLACK_APP_TOKEN           xapp-…: Socket Mode instead of HTTP
             SLACK_API_URL             Web API base (default https://slack.com/api/)
  HTTP       PORT                      Slack events, /healthz, /metrics (default 3000)
             HOST                      the address to listen on (default: every interface)
             METRICS_PORT              /healthz and /metrics on a port of their own; PORT
                                       then no longer serves /metrics
  Running    KNOWLEDGE_DIR             the fact base (default: the bundled knowledge/)
             KNOWLEDGE_CACHE           loaded bases kept for the next start (default
                                       .landscape/cache in the package), or off
             KNOWLEDGE_MAX_ITEMS       items a base may hold (default 25,000: some
                                       10,000 facts with their sources and entities)
             KNOWLEDGE_MAX_FILES       YAML files in the base (default 2,000)
             KNOWLEDGE_MAX_MB          megabytes of YAML in the base (default 16)
             LOG_LEVEL                 fatal, error, warn, info (default), debug, trace, silent
             RATE_LIMIT_USER           per user, e.g. 20/60s (default), or off
             RATE_LIMIT_CHANNEL        per channel, e.g. 60/60s (default), or off
             GAPS_FILE                 unanswered questions (default .landscape/gaps.jsonl), or off
             FEEDBACK_FILE             votes and reports (default feedback.jsonl beside
                                       GAPS_FILE), or off
             SUBSCRIPTIONS_FILE        channels' digest subscriptions (default
                                       subscriptions.jsonl beside GAPS_FILE), or off
  Replicas   REDIS_URL                 share limits, retries, gaps, feedback, subscriptions
                                       and /reload (docs/scaling.md)
             NO_COLOR                  plain text on a terminal`;

/** `  usage   summary`, the summary on lines of its own when the usage is long. */
function listEntry(command: Subcommand): string {
  const column = 28;
  const summary = command.summary.split('\n');
  const first = command.usage.length <= column - 4 ? [`  ${command.usage.padEnd(column - 2)}${summary[0]}`] : [`  ${command.usage}`, `${' '.repeat(column)}${summary[0]}`];
  return [...first, ...summary.slice(1).map((line) => `${' '.repeat(column)}${line}`)].join('\n');
}

const USAGE = `Usage: landscape <command> [options]

${Object.values(SUBCOMMANDS).map(listEntry).join('\n')}

landscape <command> --help tells more about one command.

${ENVIRONMENT}`;

function commandHelp(command: Subcommand): string {
  const summary = command.summary.replace(/\n/g, ' ');
  return `Usage: landscape ${command.usage}\n\n${summary[0]!.toUpperCase()}${summary.slice(1)}.\n\n${command.details}`;
}

const isHelpFlag = (arg: string) => arg === '--help' || arg === '-h';

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const err = (text: string) => io.stderr.write(`${text}\n`);
  if (name === undefined || name === 'help' || isHelpFlag(name)) {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined && Object.hasOwn(SUBCOMMANDS, topic)) out(commandHelp(SUBCOMMANDS[topic]!));
    else out(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(SUBCOMMANDS, name)) {
    err(`landscape: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  const command = SUBCOMMANDS[name]!;
  if (rest.some(isHelpFlag)) {
    out(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(rest, io, out, err);
  } catch (error) {
    if (error instanceof KnowledgeLoadError) {
      for (const problem of error.problems) err(formatProblem(problem));
      err(`landscape: ${error.message}; fix it and try again (npx landscape lint lists them).`);
      return 1;
    }
    if (error instanceof UsageError) {
      err(`landscape ${name}: ${error.message}\n\n${commandHelp(command)}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      err(error.message);
      return 2;
    }
    throw error;
  }
}

class UsageError extends Error {}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--lang en|fr`, checked. */
function localeOf(value: string | undefined): Locale | undefined {
  if (value === undefined) return undefined;
  if (value !== 'en' && value !== 'fr') throw new UsageError(`--lang takes en or fr, not "${value}"`);
  return value;
}

/** The console's `--lang`, for start; other arguments are refused as before. */
function langOption(args: string[]): { locale?: Locale } {
  const { values } = parse(args, { lang: { type: 'string' } });
  const locale = localeOf(values.lang);
  return locale ? { locale } : {};
}

/** The facts past their freshness date, for maintainers, after the unanswered questions. */
async function printStaleFacts(io: CliIo, out: Print): Promise<void> {
  const { kb } = (await openBot(io)).knowledge;
  const stale = staleFacts(kb.facts.values(), kb.freshness, new Date());
  out('');
  out(`${stale.length} fact(s) past their freshness date (knowledge/freshness.yaml):`);
  for (const fact of stale.slice(0, 30)) out(`  ${fact.date.padEnd(10)}  ${fact.id}  (${fact.answers.join(', ')})`);
  if (stale.length > 30) out(`  … and ${stale.length - 30} more`);
}

/** The live base, through the cache of loaded bases (see src/knowledge/cache.ts). */
function openStore(io: CliIo): Promise<KnowledgeStore> {
  return KnowledgeStore.open(knowledgeDir(io.env.KNOWLEDGE_DIR), { cacheDir: knowledgeCacheDir(io.env.KNOWLEDGE_CACHE || undefined), limits: knowledgeLimitsFrom(io.env) });
}

async function openBot(io: CliIo, store?: KnowledgeStore): Promise<Bot> {
  return new Bot({ store: store ?? (await openStore(io)), history: readFactHistory });
}

function useColor(io: CliIo): boolean {
  return Boolean(io.stdout.isTTY) && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '');
}

async function askOnce(args: string[], io: CliIo, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' }, full: { type: 'boolean' }, lang: { type: 'string' } });
  const locale = localeOf(values.lang);
  const input = positionals.join(' ').trim();
  if (!input) {
    err('landscape ask: give a /command or a question, e.g. landscape ask "/share chinese-open"');
    return 2;
  }
  const store = await openStore(io);
  const bot = await openBot(io, store);
  const { text, page } = takePage(input);
  const reply = await bot.handle({ platform: 'console', userId: 'cli', text, ...(locale ? { locale } : {}) });
  const render = (shown: number, detailed: boolean) => renderText(viewOf(reply.answer, { page: shown, detailed, profile: PROFILES.text }), { width: io.stdout.columns ?? 80, color: useColor(io) });
  if (values.json) out(JSON.stringify(reply.answer, null, 2));
  // --full: every page, every note.
  else if (values.full) out(Array.from({ length: pageCountOf(reply.answer, PROFILES.text) }, (_, index) => render(index + 1, true)).join('\n\n'));
  else out(render(page, false));
  // Saving the base for the next start outlives the answer, not the process.
  await store.flush();
  return reply.outcome === 'error' ? 1 : 0;
}

async function chart(args: string[], io: CliIo, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: 'string' } });
  const input = positionals.join(' ').trim();
  if (!input || !values.out) throw new UsageError('chart needs an input and --out FILE.png, e.g. landscape chart "/share chinese-open" --out share.png');
  const bot = await openBot(io);
  const { answer } = await bot.handle({ platform: 'console', userId: 'cli', text: input });
  if (!answer.chart) {
    err(`landscape chart: "${answer.title}" has nothing to draw; try /share <segment> or /timeline <vendor>.`);
    return 1;
  }
  // Loaded only here: vega-lite is heavy and patches Set.prototype when it loads, which
  // `start` (and discord.js in it) has no reason to pay for.
  const { markCount, renderChartPng } = await import('./answer/render-chart.ts');
  await writeFile(values.out, await renderChartPng(answer.chart));
  out(`${values.out}: ${markCount(answer.chart)} ${answer.chart.kind === 'timeline' ? 'events' : 'bars'} (${answer.chart.title})`);
  return 0;
}

/** Loads discord.js only for this command. */
async function deployCommands(args: string[], io: CliIo, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values } = parse(args, { guild: { type: 'string' }, global: { type: 'boolean' } });
  const { deployCommandsCli } = await import('./platforms/discord/deploy.ts');
  return deployCommandsCli({ guild: values.guild as string | undefined, global: values.global === true }, io.env, out, err);
}

async function lint(args: string[], io: CliIo, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { format: { type: 'string', default: 'text' } });
  const format = values.format as string;
  if (!['text', 'github', 'json'].includes(format)) throw new UsageError(`unknown --format "${format}" (text, github or json)`);
  const dir = knowledgeDir(positionals[0] ?? io.env.KNOWLEDGE_DIR);
  const result = await loadKnowledge(dir, { limits: knowledgeLimitsFrom(io.env) });
  const errors = result.problems.filter((problem) => problem.severity === 'error').length;
  const warnings = result.problems.length - errors;
  if (format === 'json') {
    out(JSON.stringify({ dir, files: result.fileCount, errors, warnings, problems: result.problems }, null, 2));
  } else {
    for (const problem of result.problems) out(format === 'github' ? formatGithubAnnotation(problem) : formatProblem(problem));
    const counts = result.kb ? ` (${result.kb.facts.size} facts, ${result.kb.sources.size} sources, ${result.kb.entities.size} entities)` : '';
    err(`${dir}: ${result.fileCount} files, ${errors} error(s), ${warnings} warning(s)${counts}`);
  }
  return errors > 0 ? 1 : 0;
}

async function preview(args: string[], io: CliIo, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { platform: { type: 'string', default: 'text' }, lang: { type: 'string', default: 'en' }, json: { type: 'boolean' } });
  const [target, ...extra] = positionals;
  if (target === undefined || extra.length > 0) throw new UsageError('preview takes one knowledge file or fact id, e.g. landscape preview knowledge/sources/r1-repo.yaml');
  const platform = values.platform as string;
  if (!(PREVIEW_PLATFORMS as readonly string[]).includes(platform)) throw new UsageError(`unknown --platform "${platform}" (${PREVIEW_PLATFORMS.join(', ')})`);
  const lang = values.lang as string;
  if (lang !== 'en' && lang !== 'fr') throw new UsageError(`unknown --lang "${lang}" (en or fr)`);
  return previewCli(
    target,
    {
      dir: knowledgeDir(io.env.KNOWLEDGE_DIR),
      platform: platform as PreviewPlatform,
      locale: lang,
      json: values.json === true,
      width: io.stdout.columns ?? 80,
      // JSON carries the text as it would print on a pipe.
      color: values.json !== true && useColor(io),
    },
    out,
    err,
  );
}

async function diff(args: string[], io: CliIo, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { questions: { type: 'string' }, limit: { type: 'string' } });
  const [rev, ...extra] = positionals;
  if (rev === undefined || extra.length > 0) throw new UsageError('diff takes one revision, e.g. landscape diff origin/main');
  const limit = numberOption(values.limit as string | undefined, 'limit', { min: 0, max: 100_000_000, whole: true }) ?? DEFAULT_DIFF_LIMIT;
  const questions = path.resolve((values.questions as string | undefined) ?? path.join(PACKAGE_ROOT, 'test', 'search'));
  try {
    out(await knowledgeDiff({ rev, dir: knowledgeDir(io.env.KNOWLEDGE_DIR), questions, limit }));
    return 0;
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    err(`landscape diff: ${error.message}`);
    return 1;
  }
}

async function schema(args: string[], io: CliIo, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { annotate: { type: 'boolean' } });
  const dir = knowledgeDir(positionals[0] ?? io.env.KNOWLEDGE_DIR);
  const files = values.annotate ? await listYamlFiles(dir) : [];
  if (values.annotate && files.length === 0) {
    err(`landscape schema: no .yaml files found in ${dir}`);
    return 1;
  }
  const result = await writeKnowledgeSchema(dir, files);
  out(`${result.schemaFile}: ${result.schemaChanged ? 'written' : 'already up to date'}`);
  for (const file of result.annotated) out(`${file}: schema line set`);
  if (values.annotate) err(`${dir}: ${files.length} YAML files, ${result.annotated.length} given the schema line`);
  return 0;
}

/** A numeric option within bounds, or a usage error naming it. */
function numberOption(value: string | undefined, name: string, bounds: { min: number; max: number; whole: boolean }): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  const kind = bounds.whole ? 'a whole number' : 'a number';
  if (value.trim() === '' || !Number.isFinite(number) || (bounds.whole && !Number.isInteger(number)) || number < bounds.min || number > bounds.max) {
    throw new UsageError(`--${name} must be ${kind} from ${bounds.min} to ${bounds.max}, got "${value}"`);
  }
  return number;
}

async function checkLinksCli(args: string[], io: CliIo, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { concurrency: { type: 'string' }, 'per-host': { type: 'string' }, timeout: { type: 'string' } });
  const concurrency = numberOption(values.concurrency as string | undefined, 'concurrency', { min: 1, max: 64, whole: true });
  const perHost = numberOption(values['per-host'] as string | undefined, 'per-host', { min: 1, max: 16, whole: true });
  const timeout = numberOption(values.timeout as string | undefined, 'timeout', { min: 0.1, max: 300, whole: false });
  const dir = knowledgeDir(positionals[0] ?? io.env.KNOWLEDGE_DIR);
  const loaded = await loadKnowledge(dir, { limits: knowledgeLimitsFrom(io.env) });
  if (!loaded.kb) throw new KnowledgeLoadError(loaded.problems);
  // One request per URL, however many sources share it.
  const byUrl = new Map<string, string[]>();
  for (const source of loaded.kb.sources.values()) byUrl.set(source.url, [...(byUrl.get(source.url) ?? []), source.id]);
  const results = await checkLinks(
    [...byUrl].map(([url, sources]) => ({ url, sources })),
    { ...(concurrency ? { concurrency } : {}), ...(perHost ? { perHost } : {}), ...(timeout ? { timeoutMs: timeout * 1000 } : {}) },
  );
  const { lines, counts } = formatLinkReport(results);
  for (const line of lines) out(line);
  err(`${dir}: ${results.length} links checked: ${counts.ok} ok, ${counts.moved} moved, ${counts.dead} dead`);
  return counts.dead > 0 ? 1 : 0;
}
