import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../../src/platforms/slack/recent-ids.ts';

describe('RecentIds', () => {
  it('says yes once per id within the TTL, and again after it', () => {
    let now = 0;
    const ids = new RecentIds({ ttlMs: 1000, now: () => now });
    expect(ids.add('Ev1')).toBe(true);
    expect(ids.add('Ev1')).toBe(false);
    now = 999;
    expect(ids.add('Ev1')).toBe(false);
    now = 1000;
    expect(ids.add('Ev1')).toBe(true);
  });

  it('never holds more than maxSize ids, dropping the oldest', () => {
    const ids = new RecentIds({ maxSize: 3, now: () => 0 });
    for (const id of ['a', 'b', 'c', 'd']) ids.add(id);
    expect(ids.size).toBe(3);
    expect(ids.add('a')).toBe(true);
    expect(ids.add('d')).toBe(false);
  });
});
