// Waiting with a deadline, counting work in flight and working through many items a few at a
// time, shared by the adapters, the shutdown sequence and the knowledge files' readers, so
// that each says what it waits for, not how.

/**
 * The work's result if it settles within `ms`, undefined otherwise (the work keeps
 * running); the timer is cleared as soon as the work settles. A rejection passes through.
 */
export async function settleWithin<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `work` on each item, `atOnce` items at a time, the results in the items' order, a batch at a
 * time: thousands of file reads or stats started together would hold the event loop while
 * their answers come back (and keep every answer in memory at once).
 */
export async function* fewAtATime<T, R>(items: readonly T[], work: (item: T) => Promise<R>, atOnce = 64): AsyncGenerator<[T, R]> {
  for (let start = 0; start < items.length; start += atOnce) {
    const batch = items.slice(start, start + atOnce);
    const results = await Promise.all(batch.map((item) => work(item)));
    for (const [index, item] of batch.entries()) yield [item, results[index]!];
  }
}

/** Platform work under way (posting a reply, an upload), so that stopping can wait for it. */
export class InFlight {
  private readonly work = new Set<Promise<unknown>>();

  /** Tracks `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.work.add(settled);
    void settled.finally(() => this.work.delete(settled));
    return work;
  }

  get size(): number {
    return this.work.size;
  }

  /** Resolves once everything tracked so far, and anything it started meanwhile, has settled. */
  async drained(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }
}
