// The first few of many in an order, without sorting them all. A broad question matches tens
// of thousands of facts at 100,000 (27,000 for "quelle part des téléchargements pour les
// modèles chinois"), of which /ask keeps a few hundred: sorting them all was most of its time.

/**
 * The first `count` of `items` in the order of `compare`, ties in the items' order: exactly
 * `[...items].sort(compare).slice(0, count)` (a stable sort), in O(n log count).
 */
export function firstOf<T>(items: readonly T[], count: number, compare: (a: T, b: T) => number): T[] {
  if (count <= 0) return [];
  if (items.length <= count) return [...items].sort(compare);
  // A heap of the positions kept so far, the last in order at its root: each item is checked
  // against that one, and most of a large list never goes further.
  const heap: number[] = [];
  const after = (a: number, b: number) => {
    const order = compare(items[a]!, items[b]!);
    return order > 0 || (order === 0 && a > b);
  };
  const siftDown = (from: number) => {
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let last = at;
      if (left < heap.length && after(heap[left]!, heap[last]!)) last = left;
      if (right < heap.length && after(heap[right]!, heap[last]!)) last = right;
      if (last === at) return;
      [heap[at], heap[last]] = [heap[last]!, heap[at]!];
      at = last;
    }
  };
  for (let position = 0; position < items.length; position++) {
    if (heap.length < count) {
      heap.push(position);
      let at = heap.length - 1;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!after(heap[at]!, heap[parent]!)) break;
        [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
        at = parent;
      }
    } else if (after(heap[0]!, position)) {
      heap[0] = position;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => compare(items[a]!, items[b]!) || a - b).map((position) => items[position]!);
}
