import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL_RULE, DEFAULT_USER_RULE, parseRateRule, RateLimiter } from '../../src/runtime/rate-limit.ts';

/** A clock the test moves by hand: no waiting, no timing. */
function manualClock() {
  let seconds = 0;
  return { now: () => seconds, advance: (by: number) => (seconds += by) };
}

/** Whether each request, in turn, was let through. */
async function allowed(limiter: RateLimiter, requests: [user: string, channel?: string][]): Promise<boolean[]> {
  const results: boolean[] = [];
  for (const [user, channel] of requests) results.push((await limiter.check(user, channel)).allowed);
  return results;
}

describe('rate limiter', () => {
  it('lets a burst through, then refuses with the seconds until the next token', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ user: { burst: 3, windowSeconds: 30 }, clock: clock.now });
    expect(await allowed(limiter, [['discord:u1'], ['discord:u1'], ['discord:u1']])).toEqual([true, true, true]);
    expect(await limiter.check('discord:u1')).toEqual({ allowed: false, scope: 'user', retryAfterSeconds: 10 });
    // Another user is not affected.
    expect(await allowed(limiter, [['discord:u2']])).toEqual([true]);
    clock.advance(10);
    expect(await allowed(limiter, [['discord:u1'], ['discord:u1']])).toEqual([true, false]);
  });

  it('limits a channel across its users, and takes no user token when the channel refuses', async () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ user: { burst: 2, windowSeconds: 60 }, channel: { burst: 3, windowSeconds: 60 }, clock: clock.now });
    expect(
      await allowed(limiter, [
        ['a', 'c1'],
        ['b', 'c1'],
        ['c', 'c1'],
      ]),
    ).toEqual([true, true, true]);
    expect(await limiter.check('d', 'c1')).toMatchObject({ allowed: false, scope: 'channel' });
    // d was refused by the channel, so d still has both tokens elsewhere.
    expect(
      await allowed(limiter, [
        ['d', 'c2'],
        ['d', 'c3'],
      ]),
    ).toEqual([true, true]);
    expect(await limiter.check('d', 'c4')).toMatchObject({ allowed: false, scope: 'user' });
  });

  it('keeps memory bounded however many ids it sees', async () => {
    const limiter = new RateLimiter({ user: { burst: 1, windowSeconds: 60 }, channel: { burst: 1, windowSeconds: 60 }, maxKeys: 100, clock: () => 0 });
    for (let i = 0; i < 5_000; i++) await limiter.check(`user-${i}-${'x'.repeat(1_000)}`, `channel-${i}`);
    expect(limiter.size).toEqual({ users: 100, channels: 100, shares: 100 });
  });

  it('lets a user take at most a quarter of a channel: three heavy users leave room for everyone else', async () => {
    const limiter = new RateLimiter({ user: DEFAULT_USER_RULE, channel: DEFAULT_CHANNEL_RULE, clock: () => 0 });
    const checks = async (count: number, user: (index: number) => string, channel: string) => {
      const decisions = [];
      for (let index = 0; index < count; index++) decisions.push(await limiter.check(user(index), channel));
      return decisions;
    };
    for (const heavy of ['a', 'b', 'c']) {
      const decisions = await checks(DEFAULT_USER_RULE.burst, () => heavy, 'busy');
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(DEFAULT_CHANNEL_RULE.burst / 4);
      expect(decisions.at(-1)).toEqual({ allowed: false, scope: 'user', retryAfterSeconds: 4 });
    }
    const others = await checks(15, (index) => `light-${index}`, 'busy');
    expect(others.every((decision) => decision.allowed)).toBe(true);
    expect(await limiter.check('one-too-many', 'busy')).toMatchObject({ allowed: false, scope: 'channel' });
    // Elsewhere, each heavy user still has what their own limit leaves them.
    expect((await limiter.check('a', 'quiet')).allowed).toBe(true);
  });

  it('reads rules as operators write them', () => {
    expect(parseRateRule('20/60')).toEqual({ burst: 20, windowSeconds: 60 });
    expect(parseRateRule('20 / 60s')).toEqual({ burst: 20, windowSeconds: 60 });
    expect(parseRateRule('5/1m')).toEqual({ burst: 5, windowSeconds: 60 });
    expect(parseRateRule('100/1h')).toEqual({ burst: 100, windowSeconds: 3600 });
    expect(parseRateRule('off')).toBeUndefined();
    expect(() => parseRateRule('lots')).toThrow(/20\/60s/);
    expect(() => parseRateRule('0/60')).toThrow();
  });
});
