// Work written as steps (src/runtime/slices.ts) gives the same result at once and in slices,
// and in slices lets the event loop serve what waits between them; a sort in steps gives
// the order of a sort at once.
import { describe, expect, it } from 'vitest';
import { runAtOnce, runInSlices, sortedInSteps, type Steps } from '../../src/runtime/slices.ts';

function* countTo(steps: number, seen: string[], log: () => string): Steps<number> {
  let total = 0;
  for (let step = 1; step <= steps; step++) {
    total += step;
    seen.push(log());
    yield;
  }
  return total;
}

describe('work in steps', () => {
  it('runs at once without letting anything else in', () => {
    const seen: string[] = [];
    let served = false;
    setImmediate(() => {
      served = true;
    });
    expect(runAtOnce(countTo(4, seen, () => String(served)))).toBe(10);
    expect(seen).toEqual(['false', 'false', 'false', 'false']);
  });

  it('runs in slices, letting the event loop serve what waits between them', async () => {
    const seen: string[] = [];
    let served = 0;
    const timer = setInterval(() => served++, 0);
    setImmediate(() => served++);
    // A slice of 0 ms ends after every step.
    const total = await runInSlices(
      countTo(4, seen, () => String(served)),
      0,
    );
    clearInterval(timer);
    expect(total).toBe(10);
    expect(seen[0]).toBe('0');
    expect(Number(seen[3])).toBeGreaterThan(Number(seen[0]));
  });

  it('runs a long slice without yielding when it ends first', async () => {
    const seen: string[] = [];
    let served = false;
    setImmediate(() => {
      served = true;
    });
    expect(
      await runInSlices(
        countTo(3, seen, () => String(served)),
        60_000,
      ),
    ).toBe(6);
    expect(seen).toEqual(['false', 'false', 'false']);
  });

  it('sorts in steps as a stable sort at once would, across runs of a few thousand', () => {
    // Ties on the key (10,000 items, 97 keys), told apart by their original place.
    const items = Array.from({ length: 10_000 }, (_, place) => ({ key: (place * 7919) % 97, place }));
    const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;
    const given = [...items];
    const steps = sortedInSteps(items, byKey);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    expect(step.value).toEqual([...items].sort(byKey));
    // Sorted a run at a time and merged a few thousand at a time, not in one block.
    expect(yields).toBeGreaterThan(3);
    // The list given is left in its order.
    expect(items).toEqual(given);
    expect(runAtOnce(sortedInSteps([], byKey))).toEqual([]);
  });
});
