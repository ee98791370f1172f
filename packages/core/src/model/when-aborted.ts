/**
 * Calls `callback` once when `signal` aborts, until `forgetAbort(signal, callback)` (call it when the work is
 * over). Every callback of one signal shares a single listener on it: a run's signal sees a registration for
 * each model call and each tool call, and adding and removing a listener on Node's `EventTarget` costs more
 * than the work it guards. Callbacks run in the order they were registered, as listeners would. Register a
 * callback once per signal (a function of its own, such as a bound method): the same function twice is one.
 */
export function whenAborted(signal: AbortSignal, callback: () => void): void {
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
  callbacks.add(callback);
}

/** Stops `callback` from being called when `signal` aborts. */
export function forgetAbort(signal: AbortSignal, callback: () => void): void {
  registered.get(signal)?.delete(callback);
}

const registered = new WeakMap<AbortSignal, Set<() => void>>();
