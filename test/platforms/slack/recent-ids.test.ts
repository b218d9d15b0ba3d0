import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../../src/platforms/slack/recent-ids.ts';

describe('RecentIds', () => {
  it('says yes once per id within the TTL, and again after it', async () => {
    let now = 0;
    const ids = new RecentIds({ ttlMs: 1000, now: () => now });
    expect(await ids.add('Ev1')).toBe(true);
    expect(await ids.add('Ev1')).toBe(false);
    now = 999;
    expect(await ids.add('Ev1')).toBe(false);
    now = 1000;
    expect(await ids.add('Ev1')).toBe(true);
  });

  it('never holds more than maxSize ids, dropping the oldest', async () => {
    const ids = new RecentIds({ maxSize: 3, now: () => 0 });
    for (const id of ['a', 'b', 'c', 'd']) await ids.add(id);
    expect(ids.size).toBe(3);
    expect(await ids.add('a')).toBe(true);
    expect(await ids.add('d')).toBe(false);
  });
});
