/**
 * Iterates `source` and throws as soon as `signal` aborts, without waiting for the next item. The SDK's
 * ConverseStream iterator does not end when its request is aborted mid-stream: over HTTP/2 it closes the
 * stream but goes on waiting for the next chunk, so a slow stream would hold an aborted run that long.
 */
export async function* untilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let onAbort = () => {};
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});
  let done = false;
  try {
    while (true) {
      const next = iterator.next();
      // A read abandoned on abort may still fail later: that failure is of no interest.
      next.catch(() => {});
      const result = await Promise.race([next, aborted]);
      if (result.done) {
        done = true;
        return;
      }
      yield result.value;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    // Let the source release what it holds; not awaited, as it may finish only with its pending read.
    if (!done) iterator.return?.().catch(() => {});
  }
}
