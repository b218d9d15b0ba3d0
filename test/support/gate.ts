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
