// Long synchronous work (indexing a base, reading its cache back) written once, as a
// generator that yields between small pieces of it, and run one of two ways: at once, when
// nothing is being served yet (a start), or in slices of a few milliseconds with the event
// loop turning between them (a reload, while the live base goes on answering).

/** Work that yields between its pieces and returns a T. */
export type Steps<T> = Generator<void, T, undefined>;

/** How long a slice runs before the event loop turns: well under what an answer takes. */
export const SLICE_MS = 4;

export function runAtOnce<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export async function runInSlices<T>(steps: Steps<T>, sliceMs = SLICE_MS): Promise<T> {
  const endOfStep = sliceClock(sliceMs);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await endOfStep();
  }
}

/**
 * For a loop of its own (one that awaits reads, say): called after each piece of work, lets
 * the event loop turn once the current slice has run `sliceMs`.
 */
export function sliceClock(sliceMs = SLICE_MS): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    // setImmediate, not a timer: the loop serves what is waiting (I/O, answers), then resumes.
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
}

/** Items sorted at once, or merged between two yields, by sortedInSteps. */
const ITEMS_PER_RUN = 4096;

/**
 * The items sorted, a few thousand a step: runs sorted whole, then merged pairwise. Stable,
 * like Array.prototype.sort (on equal items the earlier run goes first): the same order as
 * sorting them at once, which at 100,000 names holds the event loop for 100 ms or more.
 */
export function* sortedInSteps<T>(items: readonly T[], compare: (a: T, b: T) => number): Steps<T[]> {
  let runs: T[][] = [];
  for (let start = 0; start < items.length; start += ITEMS_PER_RUN) {
    runs.push(items.slice(start, start + ITEMS_PER_RUN).sort(compare));
    yield;
  }
  while (runs.length > 1) {
    const merged: T[][] = [];
    for (let index = 0; index < runs.length; index += 2) merged.push(index + 1 < runs.length ? yield* mergedRuns(runs[index]!, runs[index + 1]!, compare) : runs[index]!);
    runs = merged;
  }
  return runs[0] ?? [];
}

function* mergedRuns<T>(first: T[], second: T[], compare: (a: T, b: T) => number): Steps<T[]> {
  const merged: T[] = [];
  let [i, j] = [0, 0];
  while (i < first.length && j < second.length) {
    merged.push(compare(first[i]!, second[j]!) <= 0 ? first[i++]! : second[j++]!);
    if (merged.length % ITEMS_PER_RUN === 0) yield;
  }
  for (; i < first.length; i++) merged.push(first[i]!);
  for (; j < second.length; j++) merged.push(second[j]!);
  return merged;
}
