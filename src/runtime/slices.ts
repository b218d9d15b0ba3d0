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
