// An index of name keys (see nameKey) for autocomplete, "did you mean" and misspelt names,
// so that none of them compares the input with every name: at 100,000 names an edit distance
// against each costs seconds. The keys are kept sorted, which makes three things cheap:
// - a prefix is one contiguous range, found by binary search;
// - a substring is looked up in a trigram index, then checked on the few keys that have
//   every trigram of it;
// - an edit distance is computed as on a trie: walking the sorted keys, each key reuses the
//   rows of the Levenshtein matrix it shares with the previous key (their common prefix),
//   and a prefix whose row is already too far is skipped whole with one binary search.
import { runAtOnce, sortedInSteps, type Steps } from '../runtime/slices.ts';

/** One key of one named thing; `primary` ranks ids and names above aliases. */
export interface NameEntry<T> {
  key: string;
  target: T;
  primary: boolean;
}

export interface FuzzyMatch<T> {
  entry: NameEntry<T>;
  /** Edit distance to the whole key. */
  whole: number;
  /** Edit distance to the key's first `query.length` characters, when the key is longer (else `whole`). */
  start: number;
}

/** Keys handled between two yields while the index is built (NameIndex.steps). */
const KEYS_PER_STEP = 500;

export class NameIndex<T> {
  /** Built at once. */
  static of<T>(entries: Iterable<NameEntry<T>>): NameIndex<T> {
    return runAtOnce(NameIndex.steps(entries));
  }

  /** Built a few hundred keys at a time (see slices.ts). */
  static *steps<T>(entries: Iterable<NameEntry<T>>): Steps<NameIndex<T>> {
    const sorted = yield* sortedInSteps(
      [...entries].filter((entry) => entry.key !== ''),
      byKey,
    );
    const keys = sorted.map((entry) => entry.key);
    yield;
    const shared = new Uint8Array(keys.length);
    for (let index = 1; index < keys.length; index++) {
      shared[index] = Math.min(255, commonPrefix(keys[index - 1]!, keys[index]!));
      if (index % KEYS_PER_STEP === 0) yield;
    }
    const trigrams = new Map<string, number[]>();
    let longest = 0;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!;
      longest = Math.max(longest, key.length);
      let previous: string | undefined;
      for (const gram of trigramsOf(key)) {
        // A key repeating a trigram ("aaaa") is listed once under it.
        if (gram === previous) continue;
        previous = gram;
        const list = trigrams.get(gram);
        if (list) list.push(index);
        else trigrams.set(gram, [index]);
      }
      if (index % KEYS_PER_STEP === KEYS_PER_STEP - 1) yield;
    }
    return new NameIndex(sorted, keys, shared, trigrams, longest);
  }

  private constructor(
    private readonly entries: NameEntry<T>[],
    private readonly keys: string[],
    /** How many characters each key shares with the one before it (capped at 255). */
    private readonly shared: Uint8Array,
    private readonly trigrams: Map<string, number[]>,
    private readonly longest: number,
  ) {}

  get size(): number {
    return this.entries.length;
  }

  /** Entries whose key starts with `prefix`, in key order. */
  *withPrefix(prefix: string): Generator<NameEntry<T>> {
    for (let index = this.lowerBound(prefix); index < this.keys.length && this.keys[index]!.startsWith(prefix); index++) yield this.entries[index]!;
  }

  /** Entries whose key contains `part` (three characters or more) anywhere. */
  *containing(part: string): Generator<NameEntry<T>> {
    const grams = [...new Set(trigramsOf(part))];
    if (grams.length === 0) return;
    // The rarest trigram's keys are the only candidates.
    let rarest: number[] | undefined;
    for (const gram of grams) {
      const list = this.trigrams.get(gram);
      if (!list) return;
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    for (const index of rarest!) if (this.keys[index]!.includes(part)) yield this.entries[index]!;
  }

  /**
   * Entries within `maxDistance` edits of `query`, as a whole key or (when `starts`) by their
   * first `query.length` characters, which is what autocomplete compares a partial name with.
   */
  fuzzy(query: string, maxDistance: number, starts = false): FuzzyMatch<T>[] {
    const matches: FuzzyMatch<T>[] = [];
    const columns = query.length + 1;
    const beyond = maxDistance + 1;
    // Rows deeper than the query plus the distance can only grow: never computed.
    const deepest = Math.min(this.longest, query.length + maxDistance);
    const matrix = new Uint16Array((deepest + 1) * columns).fill(beyond);
    for (let j = 0; j < columns; j++) matrix[j] = Math.min(j, beyond);
    const codes = Array.from(query, (_, j) => query.charCodeAt(j));
    /** Rows of the matrix that are valid for the current key, counted in characters. */
    let valid = 0;
    /** Characters the current key shares with the last one whose rows were computed. */
    let common = 0;
    let index = 0;
    while (index < this.keys.length) {
      const key = this.keys[index]!;
      let depth = Math.min(valid, common);
      const limit = Math.min(key.length, deepest);
      let pruned = false;
      while (depth < limit) {
        depth++;
        const row = depth * columns;
        const above = row - columns;
        const char = key.charCodeAt(depth - 1);
        // Only cells within `maxDistance` of the diagonal can stay within it (Ukkonen's band);
        // the cells around the band are kept at `beyond`.
        const from = Math.max(1, depth - maxDistance);
        const to = Math.min(columns - 1, depth + maxDistance);
        matrix[row] = Math.min(depth, beyond);
        if (from > 1) matrix[row + from - 1] = beyond;
        let best = matrix[row]!;
        for (let j = from; j <= to; j++) {
          const cost = matrix[above + j - 1]! + (char === codes[j - 1] ? 0 : 1);
          const value = Math.min(cost, matrix[above + j]! + 1, matrix[row + j - 1]! + 1, beyond);
          matrix[row + j] = value;
          if (value < best) best = value;
        }
        if (to + 1 < columns) matrix[row + to + 1] = beyond;
        if (best > maxDistance) {
          // No key beginning with these `depth` characters can come within the distance.
          pruned = true;
          break;
        }
      }
      if (pruned) {
        // The keys that begin with them follow this one: skip to the first that does not.
        let next = index + 1;
        while (next < this.keys.length && this.shared[next]! >= depth) next++;
        // Past the query's length, the keys skipped all begin with the same `query.length`
        // characters as this one: too far as whole keys, they may still start close enough.
        const start = matrix[query.length * columns + query.length]!;
        if (starts && depth > query.length && start <= maxDistance) {
          for (let skipped = index; skipped < next; skipped++) matches.push({ entry: this.entries[skipped]!, whole: Infinity, start });
        }
        valid = depth - 1;
        common = next < this.keys.length ? this.shared[next]! : 0;
        index = next;
        continue;
      }
      valid = depth;
      const whole = key.length <= deepest ? matrix[key.length * columns + query.length]! : Infinity;
      const start = starts && key.length > query.length ? Math.min(whole, matrix[query.length * columns + query.length]!) : whole;
      if (Math.min(whole, start) <= maxDistance) matches.push({ entry: this.entries[index]!, whole, start });
      index++;
      common = index < this.keys.length ? this.shared[index]! : 0;
    }
    return matches;
  }

  /** The first index whose key is ≥ `key`, or (with `past`) the first that does not start with it. */
  private lowerBound(key: string, past = false): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const candidate = this.keys[middle]!;
      const before = past ? candidate < key || candidate.startsWith(key) : candidate < key;
      if (before) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function byKey<T>(a: NameEntry<T>, b: NameEntry<T>): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function trigramsOf(text: string): string[] {
  const grams: string[] = [];
  for (let i = 0; i + 3 <= text.length; i++) grams.push(text.slice(i, i + 3));
  return grams.sort();
}

function commonPrefix(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i < length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
