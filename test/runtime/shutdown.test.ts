// The shutdown sequence with an answer in flight, driven in-process with a fake adapter
// whose reply the test releases by hand: no sleeping, no timing assertions.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Bot } from '../../src/bot.ts';
import { KnowledgeStore } from '../../src/knowledge/store.ts';
import type { ConnectionState, PlatformAdapter } from '../../src/platforms/adapter.ts';
import { Health } from '../../src/runtime/http.ts';
import { shutdown, waitForShutdownSignal } from '../../src/runtime/shutdown.ts';
import { captureLog } from '../support/capture-log.ts';
import { FIXED_NOW, FIXTURE_DIR } from '../support/fixture.ts';

let store: KnowledgeStore;
beforeAll(async () => {
  store = await KnowledgeStore.open(FIXTURE_DIR, { now: FIXED_NOW });
});

/** Answers through the Bot, then "posts" the reply only when the test says so. */
class FakeAdapter implements PlatformAdapter {
  readonly platform = 'discord' as const;
  current: ConnectionState = 'connected';
  readonly events: string[] = [];
  private releases: (() => void)[] = [];
  stopResult: 'ok' | 'hang' | 'fail' = 'ok';

  constructor(private readonly bot: Bot) {}
  async start() {}
  state() {
    return this.current;
  }
  /** One interaction: the answer is built at once, its delivery waits for `deliver()`. */
  interact(text: string) {
    return this.bot.inFlightWhile(
      this.bot.handle({ platform: 'discord', userId: 'u', channelId: 'c', text }).then(async (reply) => {
        await new Promise<void>((resolve) => this.releases.push(resolve));
        this.events.push(`delivered ${reply.answer.status}`);
        return reply;
      }),
    );
  }
  deliver() {
    for (const release of this.releases.splice(0)) release();
  }
  async stop() {
    this.events.push('stop');
    this.current = 'stopped';
    if (this.stopResult === 'hang') await new Promise(() => {});
    if (this.stopResult === 'fail') throw new Error('gateway close failed');
  }
}

function setUp() {
  const log = captureLog();
  const bot = new Bot({ store, now: () => FIXED_NOW, logger: log.logger });
  const adapter = new FakeAdapter(bot);
  const health = new Health({ knowledge: () => store.current, platforms: () => [adapter] });
  health.phase = 'ready';
  return { log, bot, adapter, health };
}

describe('graceful shutdown', () => {
  it('stops taking work, finishes the answer in flight, then stops the adapter and the rest', async () => {
    const { log, bot, adapter, health } = setUp();
    const inFlight = adapter.interact('/share chinese-open');
    const closed: string[] = [];
    const done = shutdown(
      {
        bot,
        adapters: [adapter],
        health,
        logger: log.logger,
        closers: [
          { name: 'http', close: async () => void closed.push('http') },
          { name: 'reload', close: async () => void closed.push('reload') },
        ],
      },
      'SIGTERM',
    );

    // Draining: health says 503, new requests get the polite note, nothing is stopped yet.
    expect(health.report()).toMatchObject({ httpStatus: 503, body: { status: 'draining' } });
    const late = await bot.handle({ platform: 'discord', userId: 'v', channelId: 'c', command: 'about' });
    expect(late.answer.status).toBe('limited');
    expect(late.answer.title).toMatch(/restarting/);
    await Promise.resolve();
    expect(adapter.events).toEqual([]);

    adapter.deliver();
    expect((await inFlight).answer.status).toBe('ok');
    const report = await done;
    expect(report).toEqual({ clean: true, abandoned: 0, failed: [] });
    expect(adapter.events).toEqual(['delivered ok', 'stop']);
    expect(closed).toEqual(['http', 'reload']);
    expect(log.records().map((record) => record.msg)).toEqual(expect.arrayContaining(['shutting down: no new work, finishing answers in flight', 'stopped']));
  });

  it('gives up on answers still in flight after the grace period, and still stops everything', async () => {
    const { log, bot, adapter } = setUp();
    void adapter.interact('/timeline meta');
    const closed: string[] = [];
    const report = await shutdown({ bot, adapters: [adapter], logger: log.logger, graceMs: 1, closers: [{ name: 'http', close: async () => void closed.push('http') }] }, 'SIGTERM');
    expect(report).toEqual({ clean: false, abandoned: 1, failed: [] });
    expect(adapter.events).toEqual(['stop']);
    expect(closed).toEqual(['http']);
    expect(log.records()).toContainEqual(expect.objectContaining({ msg: 'answers still in flight after the grace period; stopping anyway', abandoned: 1 }));
    adapter.deliver();
  });

  it('does not hang on an adapter that fails or never stops', async () => {
    const { log, bot, adapter } = setUp();
    const other = new FakeAdapter(bot);
    adapter.stopResult = 'fail';
    other.stopResult = 'hang';
    const report = await shutdown({ bot, adapters: [adapter, other], logger: log.logger, stopMs: 1, closers: [{ name: 'gaps', close: () => Promise.reject(new Error('disk gone')) }] }, 'SIGINT');
    expect(report).toEqual({ clean: false, abandoned: 0, failed: ['discord', 'discord', 'gaps'] });
    expect(log.records()).toContainEqual(expect.objectContaining({ msg: 'platform adapter failed to stop' }));
  });
});

describe('shutdown signals', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('resolves on the first SIGTERM or SIGINT, forces on the second, and removes its handlers', async () => {
    const before = { term: process.listenerCount('SIGTERM'), int: process.listenerCount('SIGINT') };
    const forced: string[] = [];
    const { signal, dispose } = waitForShutdownSignal((name) => void forced.push(name));
    process.emit('SIGINT', 'SIGINT');
    expect(await signal).toBe('SIGINT');
    expect(forced).toEqual([]);
    process.emit('SIGTERM', 'SIGTERM');
    expect(forced).toEqual(['SIGTERM']);
    dispose();
    expect({ term: process.listenerCount('SIGTERM'), int: process.listenerCount('SIGINT') }).toEqual(before);
  });
});
