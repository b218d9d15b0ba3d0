// A missing or malformed variable: one clear line naming it, exit status 2, and never the
// value of a secret echoed back. Driven through the real binary as an operator would.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { ConfigError, knowledgeLimitsFrom, loadConfig } from '../../src/config.ts';
import { captureIo } from '../support/io.ts';

function run(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/landscape.js', 'start'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', KNOWLEDGE_DIR: 'test/fixtures/mini', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end();
  });
}

const errorsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
};

describe.concurrent('configuration errors (child process)', () => {
  it('a Slack bot token without its signing secret is an error, not a silent skip', async () => {
    const secret = 'xoxb-1111111111-2222222222-sEcReTvAlUe';
    const { status, stdout, stderr } = await run({ SLACK_BOT_TOKEN: secret });
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toEqual(['configuration: SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)']);
    expect(stdout + stderr).not.toContain('sEcReTvAlUe');
  });

  it('a malformed PORT names the variable', async () => {
    const { status, stderr } = await run({ PORT: 'eighty' });
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toBe('configuration: PORT must be a port number from 0 to 65535');
  });

  it('a malformed token names the variable and not its value', async () => {
    const { status, stderr } = await run({ SLACK_BOT_TOKEN: 'xoxp-user-token-sEcReT', SLACK_SIGNING_SECRET: 'sEcReT2' });
    expect(status).toBe(2);
    expect(stderr.trim()).toBe('configuration: SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(stderr).not.toMatch(/sEcReT/);
  });
});

describe('configuration rules (in-process)', () => {
  it('reads rate limits, the gaps file and the port', () => {
    expect(loadConfig({ RATE_LIMIT_USER: '5/10s', RATE_LIMIT_CHANNEL: 'off', GAPS_FILE: 'off', PORT: '0' })).toMatchObject({
      RATE_LIMIT_USER: { burst: 5, windowSeconds: 10 },
      RATE_LIMIT_CHANNEL: null,
      GAPS_FILE: 'off',
      PORT: 0,
    });
    expect(loadConfig({}).RATE_LIMIT_USER).toBeUndefined();
  });

  it('names each bad variable on its own line', () => {
    expect(errorsOf({ RATE_LIMIT_USER: 'lots', LOG_LEVEL: 'loud', PORT: '70000' })).toEqual([
      expect.stringMatching(/^configuration: PORT /),
      expect.stringMatching(/^configuration: LOG_LEVEL /),
      'configuration: RATE_LIMIT_USER must look like 20/60s (requests per seconds), 5/1m, or off',
    ]);
  });

  it('says what a shard count may be', () => {
    for (const value of ['0', 'many', '2.5']) {
      expect(errorsOf({ DISCORD_SHARDS: value })).toEqual(['configuration: DISCORD_SHARDS must be auto or a whole number of shards from 1 to 1000']);
    }
    expect(loadConfig({ DISCORD_SHARDS: '2' }).DISCORD_SHARDS).toBe(2);
    expect(loadConfig({ DISCORD_SHARDS: 'auto' }).DISCORD_SHARDS).toBe('auto');
  });

  it('reads a bind address and a private metrics port, which must differ from PORT', () => {
    expect(loadConfig({ HOST: '127.0.0.1', METRICS_PORT: '9464' })).toMatchObject({ HOST: '127.0.0.1', METRICS_PORT: 9464, PORT: 3000 });
    expect(loadConfig({ HOST: '::' }).HOST).toBe('::');
    expect(loadConfig({}).HOST).toBeUndefined();
    // Both 0 is two free ports, not a clash.
    expect(loadConfig({ PORT: '0', METRICS_PORT: '0' })).toMatchObject({ PORT: 0, METRICS_PORT: 0 });
    expect(errorsOf({ METRICS_PORT: '3000' })).toEqual(['configuration: METRICS_PORT must differ from PORT (both are 3000): it is the private port for /healthz and /metrics']);
    expect(errorsOf({ METRICS_PORT: 'nine' })).toEqual(['configuration: METRICS_PORT must be a port number from 0 to 65535']);
    expect(errorsOf({ HOST: 'every interface' })).toEqual(['configuration: HOST must be an address to listen on, e.g. 0.0.0.0, :: or 127.0.0.1']);
  });

  it('reads a Redis URL, and refuses anything else without echoing it', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2' }).REDIS_URL).toBe('redis://127.0.0.1:6379/2');
    expect(loadConfig({ REDIS_URL: 'rediss://user:secret@cache.internal:6380' }).REDIS_URL).toBe('rediss://user:secret@cache.internal:6380');
    expect(loadConfig({}).REDIS_URL).toBeUndefined();
    for (const value of ['127.0.0.1:6379', 'http://cache:6379', 'redis']) {
      expect(errorsOf({ REDIS_URL: value })).toEqual(['configuration: REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379']);
    }
  });

  it('raises the whole-base knowledge bounds, and says what a bound may be', () => {
    expect(knowledgeLimitsFrom({})).toEqual({});
    expect(knowledgeLimitsFrom({ KNOWLEDGE_MAX_ITEMS: '160000', KNOWLEDGE_MAX_FILES: '6000', KNOWLEDGE_MAX_MB: '80', KNOWLEDGE_MAX_OTHER: 'x' })).toEqual({
      items: 160_000,
      files: 6_000,
      totalBytes: 80 * 1024 * 1024,
    });
    expect(errorsOf({ KNOWLEDGE_MAX_ITEMS: 'lots' })).toEqual(['configuration: KNOWLEDGE_MAX_ITEMS must be a whole number from 1 to 10,000,000']);
    expect(() => knowledgeLimitsFrom({ KNOWLEDGE_MAX_MB: '0' })).toThrow('configuration: KNOWLEDGE_MAX_MB must be a whole number from 1 to 16,384');
  });

  it('every command that loads the base keeps to the bounds set: lint refuses a base over them, exit 1; a bad bound is exit 2', async () => {
    const within = captureIo({ env: { KNOWLEDGE_DIR: 'test/fixtures/mini' } });
    expect(await main(['lint'], within)).toBe(0);
    const over = captureIo({ env: { KNOWLEDGE_DIR: 'test/fixtures/mini', KNOWLEDGE_MAX_ITEMS: '5' } });
    expect(await main(['lint'], over)).toBe(1);
    expect(over.out() + over.err()).toContain('this file takes the base past 5 items (sources, entities, facts, freshness rules and intents), the most it may hold (KNOWLEDGE_MAX_ITEMS raises it)');
    const bad = captureIo({ env: { KNOWLEDGE_DIR: 'test/fixtures/mini', KNOWLEDGE_MAX_FILES: '-1' } });
    expect(await main(['lint'], bad)).toBe(2);
    expect(bad.err().trim()).toBe('configuration: KNOWLEDGE_MAX_FILES must be a whole number from 1 to 1,000,000');
  });

  it('an app token or signing secret without the bot token is an error', () => {
    expect(errorsOf({ SLACK_APP_TOKEN: 'xapp-1-abc' })).toEqual(['configuration: SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set']);
  });
});
