/**
 * Now, as an epoch time in milliseconds with the sub-millisecond part kept: a span's end is taken when its
 * work ends, and handed to `span.end()` a little later, once the events that belong to it have arrived.
 */
export function now(): number {
  return performance.timeOrigin + performance.now();
}
