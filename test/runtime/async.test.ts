// fewAtATime: many file reads or stats, a batch at a time, their results in order.
import { describe, expect, it } from 'vitest';
import { fewAtATime } from '../../src/runtime/async.ts';

describe('fewAtATime', () => {
  it('gives every result in the items’ order, with never more than a batch under way', async () => {
    let running = 0;
    let most = 0;
    const work = async (item: number) => {
      running++;
      most = Math.max(most, running);
      // Later items finish first: the order must come from the items, not from settling.
      await new Promise((resolve) => setTimeout(resolve, 10 - (item % 10)));
      running--;
      return item * 2;
    };
    const items = Array.from({ length: 23 }, (_, index) => index);
    const results: [number, number][] = [];
    for await (const pair of fewAtATime(items, work, 5)) results.push(pair);
    expect(results).toEqual(items.map((item) => [item, item * 2]));
    expect(most).toBe(5);
  });

  it('gives nothing for no items, and passes a failure through', async () => {
    for await (const _ of fewAtATime([], async () => 1)) throw new Error('no item, no result');
    const failing = fewAtATime([1, 2, 3], async (item) => {
      if (item === 2) throw new Error('cannot read 2');
      return item;
    });
    await expect(
      (async () => {
        for await (const _ of failing);
      })(),
    ).rejects.toThrow('cannot read 2');
  });
});
