// Whole processes against the fake Discord: `node bin/landscape.js start` as a user runs it,
// and DISCORD_SHARDS through discord.js's ShardingManager (one `landscape start` per shard).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlag } from '../../src/answer/render-discord.ts';
import { DiscordShardingAdapter } from '../../src/platforms/discord/sharding.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { spawnLandscape, type LandscapeProcess } from '../support/landscape-process.ts';
import { FakeDiscord, webhookRoute, type SentInteraction } from './fakes/discord.ts';

const TOKEN = 'test-token';
const PROCESS_TIMEOUT = 90_000;

/** This process's environment without anything that would start another platform or sharding. */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(SLACK_|DISCORD_|SHARD)/.test(key) || key === 'SHARDING_MANAGER') delete env[key];
  return { ...env, KNOWLEDGE_DIR: 'test/fixtures/mini', PORT: '0', LOG_LEVEL: 'warn', GAPS_FILE: 'off', NO_COLOR: '1' };
}

/**
 * The answer's body as Discord took it: the reply, or, when the process deferred it (a
 * loaded machine, or a /share whose chart code is still loading), the edit of "thinking…"
 * or the private follow-up that replaces it.
 */
async function answerOf(fake: FakeDiscord, sent: SentInteraction): Promise<any> {
  const { body } = await fake.callback(sent);
  if (body.type === 4) return body.data;
  expect(body.type).toBe(5);
  const [edit, followUp] = [webhookRoute(sent, '/messages/@original'), webhookRoute(sent)];
  const late = await fake.until(() =>
    fake.requests.find((request) => request.status < 300 && ((request.method === 'PATCH' && request.route === edit) || (request.method === 'POST' && request.route === followUp))),
  );
  return late.body;
}

describe('node bin/landscape.js start with DISCORD_TOKEN', () => {
  let fake: FakeDiscord;
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    child = spawn(process.execPath, ['bin/landscape.js', 'start'], {
      cwd: process.cwd(),
      env: { ...baseEnv(), DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`landscape exited early (${code}):\n${output}`);
    });
    await Promise.race([fake.readySessions(1), exited]);
  }, PROCESS_TIMEOUT);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
    await fake?.close();
  });

  it('answers /share chinese-open with a cited embed', async () => {
    const answer = await answerOf(fake, fake.chatInput('share', { segment: 'chinese-open' }));
    expect(answer.allowed_mentions).toEqual({ parse: [] });
    const [embed] = answer.embeds;
    expect(embed.title).toBe('Share: Chinese open-weight models');
    expect(embed.description).toContain('[[1]](https://www.chinastrategy.org/2025/11/25/china-leapfrogs-us-in-global-market-for-open-ai-models)');
    expect(embed.footer.text).toMatch(/^Knowledge /);
  });

  it('answers /timeline meta and /ask with cited embeds', async () => {
    const timeline = await answerOf(fake, fake.chatInput('timeline', { entity: 'meta' }));
    expect(timeline.embeds[0].title).toBe('Timeline: Meta');
    expect(timeline.embeds[0].description).toContain('[[1]](https://ai.meta.com/blog/large-language-model-llama-meta-ai/)');
    const ask = await answerOf(fake, fake.chatInput('ask', { question: 'When was DeepSeek R1 released?' }));
    expect(ask.embeds[0].description).toContain('[[1]](https://github.com/deepseek-ai/DeepSeek-R1)');
  });

  it('autocompletes "chin" with chinese-open first, and answers a misspelt segment with an ephemeral "did you mean"', async () => {
    const completion = await fake.callback(fake.autocomplete('share', 'segment', 'chin'));
    expect(completion.body.data.choices[0].value).toBe('chinese-open');
    const misspelt = await answerOf(fake, fake.chatInput('share', { segment: 'chinse' }));
    expect(misspelt.flags).toBe(MessageFlag.Ephemeral);
    expect(misspelt.embeds[0].description).toContain('**Did you mean**\n`/share chinese-open`');
  });

  it(
    'stops cleanly on SIGTERM',
    async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code, output).toBe(0);
    },
    PROCESS_TIMEOUT,
  );
});

describe('DISCORD_SHARDS=auto through the ShardingManager', () => {
  let fake: FakeDiscord;
  let manager: DiscordShardingAdapter;

  beforeAll(async () => {
    // Discord recommends two shards; each may identify at once (max_concurrency 16).
    fake = await FakeDiscord.start({ recommendedShards: 2 });
    manager = new DiscordShardingAdapter({
      logger: silentLogger,
      token: TOKEN,
      apiUrl: fake.apiUrl,
      totalShards: 'auto',
      spawnDelayMs: 0,
      env: { KNOWLEDGE_DIR: 'test/fixtures/mini', LOG_LEVEL: 'warn', GAPS_FILE: 'off', NO_COLOR: '1' },
    });
    await manager.start();
  }, PROCESS_TIMEOUT);

  afterAll(async () => {
    await manager?.stop();
    await fake?.close();
  }, PROCESS_TIMEOUT);

  it('runs two shard processes that identify as [0, 2] and [1, 2]', () => {
    expect(fake.identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.identifies.every((identify) => identify.token === TOKEN && identify.intents === 1)).toBe(true);
    expect(manager.shardingManager!.shards.size).toBe(2);
    expect(manager.state()).toBe('connected');
  });

  it('each shard process answers the interactions of its shard', async () => {
    for (const shard of [0, 1]) {
      const answer = await answerOf(fake, fake.chatInput('share', { segment: 'chinese-open' }, { shard }));
      expect(answer.embeds[0].title).toBe('Share: Chinese open-weight models');
    }
  });

  it(
    'stops every shard process',
    async () => {
      const processes = [...manager.shardingManager!.shards.values()].map((shard) => shard.process!);
      await manager.stop();
      expect(processes.every((child) => child.exitCode !== null || child.signalCode !== null)).toBe(true);
      expect(manager.state()).toBe('stopped');
    },
    PROCESS_TIMEOUT,
  );
});

describe('a Discord-only process whose token Discord stops accepting', () => {
  let fake: FakeDiscord;
  let bot: LandscapeProcess;
  let healthz: string;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    bot = spawnLandscape({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, KNOWLEDGE_DIR: 'test/fixtures/mini', PORT: '0', LOG_LEVEL: 'info', GAPS_FILE: 'off' });
    const serving = await bot.waitForLog((line) => line.msg === 'serving /healthz and /metrics');
    healthz = `http://127.0.0.1:${serving.port}/healthz`;
    await bot.waitForLog((line) => line.msg === 'ready');
  }, PROCESS_TIMEOUT);

  afterAll(async () => {
    await bot?.kill();
    await fake?.close();
  });

  it('after close code 4004, /healthz answers 503 "failing" with why, and the log says it once', async () => {
    expect((await fetch(healthz)).status).toBe(200);
    await fake.dropConnection(0, 4004, 'Authentication failed.');
    const logged = await bot.waitForLog((line) => String(line.msg).startsWith('gateway closed the connection for good'));
    expect(logged).toMatchObject({ level: 50, platform: 'discord', code: 4004, msg: 'gateway closed the connection for good: authentication failed; check DISCORD_TOKEN (gateway close code 4004)' });
    const response = await fetch(healthz);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'failing',
      platforms: { discord: 'failed' },
      failures: { discord: 'authentication failed; check DISCORD_TOKEN (gateway close code 4004)' },
    });
    expect(bot.logs.filter((line) => String(line.msg).startsWith('gateway closed the connection for good'))).toHaveLength(1);
    expect(fake.identifies).toHaveLength(1);
  });
});
