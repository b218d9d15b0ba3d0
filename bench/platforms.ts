// The platform halves of `npm run bench`: our Slack adapter against a bare Bolt app that acks
// a constant, on the same signed requests, and our Discord adapter against a bare discord.js
// handler that replies a constant, through the same loopback fake. Everything listens on
// 127.0.0.1; each run sends a bounded number of requests and stops.
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, GatewayIntentBits, type Interaction } from 'discord.js';
import type { Bot } from '../src/bot.ts';
import { DiscordAdapter } from '../src/platforms/discord/adapter.ts';
import { SlackAdapter } from '../src/platforms/slack/adapter.ts';
import { silentLogger } from '../src/runtime/logger.ts';
import { FakeDiscord } from '../test/e2e/fakes/discord.ts';
import { commandPost, FAKE_BOT_ID, FAKE_BOT_USER_ID, postToSlackEndpoint, SIGNING_SECRET, startFakeWebApi, startResponseUrlServer } from '../test/e2e/slack-fakes.ts';

export interface SlackResult {
  /** Requests per second, ours and the bare app's, one figure per alternating round. */
  ours: number[];
  bare: number[];
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

/**
 * `requests` signed slash commands, `concurrency` at a time, to each app in turn, `rounds`
 * times (A B A B…, so that both see the same machine).
 */
export async function benchSlack(bot: Bot, inputs: readonly { command: string; text: string }[], options: { requests: number; concurrency: number; rounds: number }): Promise<SlackResult> {
  const api = await startFakeWebApi();
  const responses = await startResponseUrlServer();
  const ours = new SlackAdapter({
    bot,
    logger: silentLogger,
    botToken: 'xoxb-bench',
    signingSecret: SIGNING_SECRET,
    apiUrl: api.url,
    port: 0,
    host: '127.0.0.1',
    botId: FAKE_BOT_ID,
    botUserId: FAKE_BOT_USER_ID,
  });
  await ours.start();
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const bare = new App({ token: 'xoxb-bench', botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID, receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: api.url } });
  bare.command(/^\/[\w-]+$/, async ({ ack }) => ack('ok'));
  const bareServer = (await bare.start({ port: 0, host: '127.0.0.1' })) as Server;
  const urls = { ours: `http://127.0.0.1:${ours.address()!.port}`, bare: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}` };

  const result: SlackResult = { ours: [], bare: [], oursBytes: 0, bareBytes: 0 };
  const bytes = { ours: 0, bare: 0 };
  const run = async (which: 'ours' | 'bare') => {
    let next = 0;
    let received = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < options.requests) {
        const input = inputs[next++ % inputs.length]!;
        const response = await postToSlackEndpoint(urls[which], commandPost({ ...input, responseUrl: responses.url('/bench') }));
        if (response.status !== 200) throw new Error(`slack bench: ${which} answered ${response.status}`);
        received += response.text.length;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    bytes[which] = received / options.requests;
    return options.requests / ((performance.now() - started) / 1000);
  };
  try {
    await run('ours');
    await run('bare');
    for (let round = 0; round < options.rounds; round++) {
      result.ours.push(await run('ours'));
      result.bare.push(await run('bare'));
    }
  } finally {
    await ours.stop();
    await bare.stop();
    await api.close();
    await responses.close();
  }
  return { ...result, oursBytes: bytes.ours, bareBytes: bytes.bare };
}

export interface DiscordResult {
  /** Milliseconds from dispatching an interaction to its reply reaching the fake, per interaction. */
  ours: number[];
  bare: number[];
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

/** `interactions` slash commands, one at a time, to each client in turn (A B A B…). */
export async function benchDiscord(bot: Bot, inputs: readonly [string, Record<string, string>][], options: { interactions: number }): Promise<DiscordResult> {
  const result: DiscordResult = { ours: [], bare: [] };
  const oursFake = await FakeDiscord.start();
  const bareFake = await FakeDiscord.start();
  // The chart of /timeline is drawn on the reply's path, once per kept answer (drawChartOnce:
  // 40 to 100 ms of CPU, then nothing on repeats); an empty PNG stands for a kept one here,
  // so the reply still goes as multipart with a file, without the PNG's 20 to 60 kB.
  const ours = new DiscordAdapter({ bot, logger: silentLogger, token: 'bench-token', apiUrl: oursFake.apiUrl, drawChart: async () => Buffer.alloc(0) });
  const bare = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: bareFake.apiUrl } });
  bare.on('interactionCreate', (interaction: Interaction) => {
    if (interaction.isChatInputCommand()) void interaction.reply({ content: 'ok' });
  });
  try {
    await ours.start();
    await bare.login('bench-token');
    await bareFake.readySessions(1);
    const roundTrip = async (fake: FakeDiscord, name: string, args: Record<string, string>) => {
      const started = performance.now();
      const interaction = fake.chatInput(name, args);
      await fake.callback(interaction);
      return performance.now() - started;
    };
    for (let i = 0; i < options.interactions + 20; i++) {
      const [name, args] = inputs[i % inputs.length]!;
      const a = await roundTrip(oursFake, name, args);
      const b = await roundTrip(bareFake, name, args);
      // The first ones warm up both clients.
      if (i >= 20) {
        result.ours.push(a);
        result.bare.push(b);
      }
    }
  } finally {
    await ours.stop();
    await bare.destroy();
    await oursFake.close();
    await bareFake.close();
  }
  return result;
}
