// Work written as steps (src/runtime/slices.ts) gives the same result at once and in slices,
// and in slices lets the event loop serve what waits between them.
import { describe, expect, it } from 'vitest';
import { runAtOnce, runInSlices, type Steps } from '../../src/runtime/slices.ts';

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
});
