/** Thrown inside the walk when it meets something it leaves to `structuredClone`. */
const NOT_PLAIN = Symbol("not plain data");

/**
 * A deep copy of `value`, as `structuredClone` makes it, several times faster for what messages hold: plain
 * objects, arrays, strings, numbers, booleans, null and byte arrays (a `Buffer` comes back a plain
 * `Uint8Array`, as from `structuredClone`). A store that copies a session in and out on every run spent most
 * of a long session's request build in `structuredClone` (bench/peers, "request for a long session").
 * Anything else (a Date, a Map, a class instance, a function), and a structure too deep or cyclic for a
 * plain walk, is handed to `structuredClone` itself: the copy, or the error, is then exactly its own.
 */
export function cloneMessages<T>(value: T): T {
  try {
    return cloneData(value) as T;
  } catch (error) {
    if (error === NOT_PLAIN || error instanceof RangeError) return structuredClone(value);
    throw error;
  }
}

function cloneData(value: unknown): unknown {
  if (typeof value !== "object" || value === null) {
    if (typeof value === "function" || typeof value === "symbol") throw NOT_PLAIN;
    return value;
  }
  if (Array.isArray(value)) {
    const copy = new Array(value.length);
    for (let index = 0; index < value.length; index++) copy[index] = cloneData(value[index]);
    return copy;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      // Assigning `__proto__` would set the copy's prototype instead of a key.
      if (key === "__proto__") throw NOT_PLAIN;
      copy[key] = cloneData((value as Record<string, unknown>)[key]);
    }
    return copy;
  }
  if (value instanceof Uint8Array) return new Uint8Array(value);
  throw NOT_PLAIN;
}
