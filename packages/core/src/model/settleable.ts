/** A promise with the functions that settle it, as `Promise.withResolvers()` gives on Node 22 and later. */
export interface Settleable<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

let takenResolve: (value: never) => void = () => {};
let takenReject: (reason: unknown) => void = () => {};

/** Keeps the executor's settle functions: a module function, called at once by `new Promise`. */
function takeSettlers(resolve: (value: never) => void, reject: (reason: unknown) => void): void {
  takenResolve = resolve;
  takenReject = reject;
}

/**
 * A promise to be settled from elsewhere, made without an executor closure: the hot paths make one per tool
 * call and one per run, and a closure made per call is compiled again after every full GC (the root README,
 * "Speed").
 */
export function settleable<T>(): Settleable<T> {
  const promise = new Promise<T>(takeSettlers);
  return { promise, resolve: takenResolve as (value: T) => void, reject: takenReject };
}
