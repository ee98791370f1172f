/**
 * Calls `callback` once when `signal` aborts, and returns what stops that (call it when the work is over).
 * Every callback of one signal shares a single listener on it: a run's signal sees a registration for each
 * model call and each tool call, and adding and removing a listener on Node's `EventTarget` costs more
 * than the work it guards. Callbacks run in the order they were registered, as listeners would.
 */
export function whenAborted(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = registered.get(signal);
  if (!callbacks) {
    const own = new Set<() => void>();
    registered.set(signal, own);
    signal.addEventListener(
      "abort",
      () => {
        registered.delete(signal);
        for (const each of own) each();
      },
      { once: true },
    );
    callbacks = own;
  }
  const entry = () => callback();
  callbacks.add(entry);
  return () => {
    callbacks.delete(entry);
  };
}

const registered = new WeakMap<AbortSignal, Set<() => void>>();
