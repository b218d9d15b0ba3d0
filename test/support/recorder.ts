/** Entries as they arrive, and a promise for the first one that matches: tests wait for events, never for time. */
export class Recorder<T> {
  readonly entries: T[] = [];
  private waiters: { match: (entry: T) => boolean; resolve: (entry: T) => void }[] = [];

  push(entry: T): void {
    this.entries.push(entry);
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (waiter.match(entry)) waiter.resolve(entry);
      else this.waiters.push(waiter);
    }
  }

  waitFor(match: (entry: T) => boolean = () => true): Promise<T> {
    const found = this.entries.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  filter(match: (entry: T) => boolean): T[] {
    return this.entries.filter(match);
  }
}
