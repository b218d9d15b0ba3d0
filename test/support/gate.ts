/** A closed gate: `wait` resolves once `open()` is called. Holds work back without timers. */
export interface Gate {
  open: () => void;
  wait: Promise<void>;
}

export function closedGate(): Gate {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { open, wait };
}

/**
 * `bot` as itself, except that each answer waits for the gate `current()` returns at that
 * moment (none: the answer goes at once): for what an adapter does while an answer is slow.
 */
export function holdingAnswers<T extends { handle(request: never): Promise<unknown> }>(bot: T, current: () => Gate | undefined): T {
  const held = Object.create(bot) as T;
  held.handle = (async (request: never) => {
    await current()?.wait;
    return bot.handle(request);
  }) as T['handle'];
  return held;
}
