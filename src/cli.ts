// `landscape <command>`: start the bot, ask one question, lint the fact base. Returns the
// exit status instead of exiting, so tests can drive it in-process.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Bot } from './bot.ts';
import { writeFile } from 'node:fs/promises';
import { pageOf, takePage } from './answer/paging.ts';
import { TEXT_PAGE_SIZE, renderText } from './answer/render-text.ts';
import { loadKnowledge } from './knowledge/load.ts';
import { formatGithubAnnotation, formatProblem } from './knowledge/problems.ts';
import { KnowledgeLoadError, KnowledgeStore } from './knowledge/store.ts';
import { knowledgeCacheDir, knowledgeDir } from './paths.ts';
import { start } from './main.ts';
import { commands } from '../commands/index.ts';
import { slackManifestCommand } from './platforms/slack/manifest.ts';
import { gapsCli } from './runtime/gaps.ts';

const USAGE = `Usage: landscape <command>

  start                     run the bot (the console when no platform token is set)
  ask "<input>" [--json]    print one answer: a /command or a question
  chart "<input>" --out FILE.png
                            draw the answer's chart (the figures of /share) as a PNG
  lint [dir] [--format text|github|json]
                            check the fact base; exit 1 on any error
  deploy-commands [--guild ID | --global]
                            register the Discord slash commands in one guild (--guild,
                            else DISCORD_GUILD_ID) or globally
  slack-manifest [--url https://host]
                            print the Slack app manifest (YAML); Socket Mode without --url
  gaps [--limit N] [--file PATH] [--json]
                            the most frequent questions the base could not answer

Environment: KNOWLEDGE_DIR (default: the bundled knowledge/), NO_COLOR.`;

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const err = (text: string) => io.stderr.write(`${text}\n`);
  try {
    switch (command) {
      case 'start':
        return await start(io);
      case 'ask':
        return await askOnce(rest, io, out, err);
      case 'lint':
        return await lint(rest, io, out, err);
      case 'deploy-commands':
        return await deployCommands(rest, io, out, err);
      case 'gaps':
        return await gapsCli(rest, io.env, out, err);
      case 'chart':
        return await chart(rest, io, out, err);
      case 'slack-manifest':
        return slackManifestCommand(rest, commands, out, err);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        err(`landscape: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof KnowledgeLoadError) {
      for (const problem of error.problems) err(formatProblem(problem));
      err(`landscape: ${error.message}; fix it and try again (npx landscape lint lists them).`);
      return 1;
    }
    if (error instanceof UsageError) {
      err(`landscape: ${error.message}\n\n${USAGE}`);
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

async function openBot(io: CliIo): Promise<{ bot: Bot; store: KnowledgeStore }> {
  const store = await KnowledgeStore.open(knowledgeDir(io.env.KNOWLEDGE_DIR), { cacheDir: knowledgeCacheDir(io.env.KNOWLEDGE_CACHE || undefined) });
  return { bot: new Bot({ store }), store };
}

function useColor(io: CliIo): boolean {
  return Boolean(io.stdout.isTTY) && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '');
}

async function askOnce(args: string[], io: CliIo, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  const input = positionals.join(' ').trim();
  if (!input) {
    err('landscape ask: give a /command or a question, e.g. landscape ask "/share chinese-open"');
    return 2;
  }
  const { bot, store } = await openBot(io);
  const { text, page } = takePage(input);
  const reply = await bot.handle({ platform: 'console', userId: 'cli', text });
  out(values.json ? JSON.stringify(reply.answer, null, 2) : renderText(pageOf(reply.answer, page, TEXT_PAGE_SIZE), { width: io.stdout.columns ?? 80, color: useColor(io) }));
  // Saving the base for the next start outlives the answer, not the process.
  await store.flush();
  return reply.outcome === 'error' ? 1 : 0;
}

async function chart(args: string[], io: CliIo, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: 'string' } });
  const input = positionals.join(' ').trim();
  if (!input || !values.out) throw new UsageError('chart needs an input and --out FILE.png, e.g. landscape chart "/share chinese-open" --out share.png');
  const { bot } = await openBot(io);
  const { answer } = await bot.handle({ platform: 'console', userId: 'cli', text: input });
  if (!answer.chart) {
    err(`landscape chart: "${answer.title}" has no figures to draw; try /share <segment>.`);
    return 1;
  }
  // Loaded only here: vega-lite is heavy and patches Set.prototype when it loads, which
  // `start` (and discord.js in it) has no reason to pay for.
  const { renderChartPng } = await import('./answer/render-chart.ts');
  await writeFile(values.out, await renderChartPng(answer.chart));
  out(`${values.out}: ${answer.chart.bars.length} bars (${answer.chart.title})`);
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
  const result = await loadKnowledge(dir);
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
