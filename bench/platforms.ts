// The platform halves of `npm run bench`: our Slack adapter against a bare Bolt app that acks
// a constant, on the same signed requests, and our Discord adapter against a bare discord.js
// handler that replies a constant, through the same loopback fake. A third arm on each is the
// bare app sending our very reply (the same bytes, buttons and chart file, captured from our
// adapter first): what the platform's library costs to send such a reply, so that the
// adapter's own cost shows apart from it. Slack's requests come from a load generator in its
// own process (bench/slack-load.mjs). Everything listens on 127.0.0.1; each run sends a
// bounded number of requests and stops.
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { AttachmentBuilder, Client, GatewayIntentBits, type Interaction, type InteractionReplyOptions } from 'discord.js';
import type { Bot } from '../src/bot.ts';
import { DiscordAdapter, restAgent } from '../src/platforms/discord/adapter.ts';
import { PROFILES } from '../src/answer/view.ts';
import { silentLogger } from '../src/runtime/logger.ts';
import { FakeDiscord, type RecordedRequest } from '../test/e2e/fakes/discord.ts';
import { commandPost, FAKE_BOT_ID, FAKE_BOT_USER_ID, postToSlackEndpoint, SIGNING_SECRET, startLoopbackSlack } from '../test/e2e/slack-fakes.ts';

export interface SlackRun {
  /** Requests per second, as the load generator saw them. */
  rps: number;
  /** CPU of the benchmark's process (where the apps run) per request, in ms. */
  cpuMs: number;
}

export interface SlackResult {
  /** Ours, the bare app's and the bare app acking our replies: one run each per alternating round. */
  ours: SlackRun[];
  bare: SlackRun[];
  bareSame: SlackRun[];
  /** Mean size of the acknowledgement bodies. */
  oursBytes: number;
  bareBytes: number;
}

/** Keyed commands (answers kept per base: the platform's own cost shows) and questions (the answer's cost adds). */
export const SLACK_INPUTS = {
  keyed: [
    { command: '/share', text: 'chinese-open' },
    { command: '/timeline', text: 'meta' },
  ],
  ask: [
    { command: '/ask', text: 'When was DeepSeek R1 released?' },
    { command: '/ask', text: 'Quelle part des téléchargements pour les modèles chinois ?' },
  ],
};

const LOAD_GENERATOR = fileURLToPath(new URL('./slack-load.mjs', import.meta.url));

/** Runs bench/slack-load.mjs against `url` and waits for its report. */
function generateLoad(url: string, bodies: string[], options: { requests: number; concurrency: number }): Promise<{ seconds: number; bytes: number; failures: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOAD_GENERATOR], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`slack bench: the load generator exited with ${code}`))));
    child.stdin.end(JSON.stringify({ url, bodies, secret: SIGNING_SECRET, ...options }));
  });
}

/**
 * `requests` signed slash commands, `concurrency` at a time, to each app in turn, `rounds`
 * times (A B C A B C…, so that all see the same machine), from a load generator in its own
 * process: the benchmark's process runs only the apps, so its CPU per request is theirs.
 */
export async function benchSlack(bot: Bot, inputs: readonly { command: string; text: string }[], options: { requests: number; concurrency: number; rounds: number }): Promise<SlackResult> {
  // The tests' loopback Slack, with the pages users get (the tests' profile is one a page).
  const ours = await startLoopbackSlack(bot, silentLogger, { profile: PROFILES.slack });
  const { api, responses } = ours;
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const bare = new App({ token: 'xoxb-bench', botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID, receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: api.url } });
  bare.command(/^\/[\w-]+$/, async ({ ack }) => ack('ok'));
  const bareServer = (await bare.start({ port: 0, host: '127.0.0.1' })) as Server;
  // Our reply to each input, as we sent it (timestamps and all), acked as a constant.
  const ourReplies = new Map<string, object>();
  const sameReceiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const bareSame = new App({ token: 'xoxb-bench', botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID, receiver: sameReceiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: api.url } });
  bareSame.command(/^\/[\w-]+$/, async ({ ack, command }) => ack(ourReplies.get(`${command.command} ${command.text}`) ?? 'ok'));
  const sameServer = (await bareSame.start({ port: 0, host: '127.0.0.1' })) as Server;
  const urls = {
    ours: `${ours.base}/slack/events`,
    bare: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/slack/events`,
    bareSame: `http://127.0.0.1:${(sameServer.address() as AddressInfo).port}/slack/events`,
  };
  const bodies = inputs.map((input) => commandPost({ ...input, responseUrl: responses.url('/bench') }).body);

  const result: SlackResult = { ours: [], bare: [], bareSame: [], oursBytes: 0, bareBytes: 0 };
  const bytes = { ours: 0, bare: 0, bareSame: 0 };
  const run = async (which: keyof typeof urls): Promise<SlackRun> => {
    const before = process.cpuUsage();
    const load = await generateLoad(urls[which], bodies, options);
    const cpu = process.cpuUsage(before);
    if (load.failures > 0) throw new Error(`slack bench: ${which} refused ${load.failures} of ${options.requests} requests`);
    bytes[which] = load.bytes;
    return { rps: options.requests / load.seconds, cpuMs: (cpu.user + cpu.system) / 1000 / options.requests };
  };
  try {
    for (const input of inputs) {
      const response = await postToSlackEndpoint(ours.base, commandPost({ ...input, responseUrl: responses.url('/bench') }));
      ourReplies.set(`${input.command} ${input.text}`, response.json() as object);
    }
    // Warm-up: each app once.
    await run('ours');
    await run('bare');
    await run('bareSame');
    if (Math.abs(bytes.bareSame - bytes.ours) > 1) throw new Error(`slack bench: the bare app acked ${bytes.bareSame} bytes where ours acked ${bytes.ours}`);
    for (let round = 0; round < options.rounds; round++) {
      result.ours.push(await run('ours'));
      result.bare.push(await run('bare'));
      result.bareSame.push(await run('bareSame'));
    }
  } finally {
    await bare.stop();
    await bareSame.stop();
    await ours.close();
  }
  return { ...result, oursBytes: bytes.ours, bareBytes: bytes.bare };
}

export interface DiscordResult {
  /** Milliseconds from dispatching an interaction to its reply's last byte reaching the fake, per interaction. */
  ours: number[];
  bare: number[];
  /** The bare handler replying our reply to the same command (embeds, buttons, chart file). */
  bareSame: number[];
}

export const DISCORD_INPUTS: Record<'keyed' | 'ask', [string, Record<string, string>][]> = {
  keyed: [
    ['timeline', { entity: 'meta' }],
    ['vendor', { name: 'deepseek' }],
  ],
  ask: [
    ['ask', { question: 'When was DeepSeek R1 released?' }],
    ['ask', { question: 'Quelle part des téléchargements pour les modèles chinois ?' }],
  ],
};

/**
 * The options that make discord.js send the reply the fake recorded: the same JSON and files
 * (new attachment objects each time: discord.js does not send one twice).
 */
function sameReply(recorded: RecordedRequest): () => InteractionReplyOptions {
  const { data } = recorded.body as { data: { content?: string; embeds?: []; components?: []; flags?: number; attachments?: { id: number | string; description?: string }[] } };
  const files = () =>
    recorded.files.map(
      (file, index) => new AttachmentBuilder(file.data, { name: file.filename, ...(data.attachments?.[index]?.description ? { description: data.attachments[index]!.description } : {}) }),
    );
  return () => ({
    content: data.content ?? '',
    embeds: data.embeds ?? [],
    components: data.components ?? [],
    flags: data.flags as InteractionReplyOptions['flags'],
    allowedMentions: { parse: [] },
    files: files(),
  });
}

/** `interactions` slash commands, one at a time, to each client in turn (A B C A B C…). */
export async function benchDiscord(bot: Bot, inputs: readonly [string, Record<string, string>][], options: { interactions: number }): Promise<DiscordResult> {
  const result: DiscordResult = { ours: [], bare: [], bareSame: [] };
  const oursFake = await FakeDiscord.start();
  const bareFake = await FakeDiscord.start();
  const sameFake = await FakeDiscord.start();
  // The chart of /timeline is drawn on the reply's path, once per kept answer (drawChartOnce:
  // 40 to 100 ms of CPU, then nothing on repeats); an empty PNG stands for a kept one here,
  // so the reply still goes as multipart with a file, without the PNG's 20 to 60 kB.
  const ours = new DiscordAdapter({ bot, logger: silentLogger, token: 'bench-token', apiUrl: oursFake.apiUrl, drawChart: async () => Buffer.alloc(0) });
  // Each bare client sends through the same kind of HTTP agent as ours (see restAgent).
  const bare = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: bareFake.apiUrl, agent: restAgent() } });
  bare.on('interactionCreate', (interaction: Interaction) => {
    if (interaction.isChatInputCommand()) void interaction.reply({ content: 'ok' });
  });
  // Our reply to each command, as the fake received it.
  const ourReplies = new Map<string, () => InteractionReplyOptions>();
  const keyOf = (name: string, args: Record<string, string | number | boolean | null>) => `${name} ${JSON.stringify(args)}`;
  const bareSame = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: sameFake.apiUrl, agent: restAgent() } });
  bareSame.on('interactionCreate', (interaction: Interaction) => {
    if (!interaction.isChatInputCommand()) return;
    const args = Object.fromEntries(interaction.options.data.map((option) => [option.name, option.value ?? null]));
    void interaction.reply(ourReplies.get(keyOf(interaction.commandName, args))?.() ?? { content: 'ok' });
  });
  try {
    await ours.start();
    await bare.login('bench-token');
    await bareSame.login('bench-token');
    await bareFake.readySessions(1);
    await sameFake.readySessions(1);
    const roundTrip = async (fake: FakeDiscord, name: string, args: Record<string, string>) => {
      const started = performance.now();
      const interaction = fake.chatInput(name, args);
      const reply = await fake.callback(interaction);
      // Until the reply's last byte reached the fake: how long the fake then takes to read it
      // (a multipart body is slow to parse) is Discord's side, not the bot's.
      return { ms: reply.receivedAt - started, reply };
    };
    for (const [name, args] of inputs) ourReplies.set(keyOf(name, args), sameReply((await roundTrip(oursFake, name, args)).reply));
    for (let i = 0; i < options.interactions + 20; i++) {
      const [name, args] = inputs[i % inputs.length]!;
      const a = await roundTrip(oursFake, name, args);
      const b = await roundTrip(bareFake, name, args);
      const c = await roundTrip(sameFake, name, args);
      // The first ones warm up the clients.
      if (i >= 20) {
        result.ours.push(a.ms);
        result.bare.push(b.ms);
        result.bareSame.push(c.ms);
      }
    }
  } finally {
    await ours.stop();
    await bare.destroy();
    await bareSame.destroy();
    await oursFake.close();
    await bareFake.close();
    await sameFake.close();
  }
  return result;
}
