/**
 * Reads an async iterator, but settles as soon as `signal` aborts instead of waiting for the next item.
 * The SDK's ConverseStream iterator does not end when its request is aborted mid-stream: over HTTP/2 it
 * closes the stream but goes on waiting for the next chunk, so a slow stream would hold an aborted run.
 * A plain object rather than a generator: this sits on the hottest path, once per stream event.
 */
export function abortableReader<T>(source: AsyncIterable<T>, signal: AbortSignal) {
  const iterator = source[Symbol.asyncIterator]();
  let onAbort = () => {};
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});
  return {
    /** The next item, or rejects with the abort reason the moment the signal aborts. */
    next(): Promise<IteratorResult<T>> {
      const next = iterator.next();
      // A read abandoned on abort may still fail later: that failure is of no interest.
      next.catch(() => {});
      return Promise.race([next, aborted]);
    },
    /** Releases the listener; `finished` false lets the source release what it holds. */
    close(finished: boolean): void {
      signal.removeEventListener("abort", onAbort);
      // Not awaited: a source may finish only with its pending read.
      if (!finished) iterator.return?.().catch(() => {});
    },
  };
}
