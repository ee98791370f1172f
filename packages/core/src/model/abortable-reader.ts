import { whenAborted } from "./when-aborted.js";

/** What `abortableReader` returns. */
export interface AbortableReader<T> {
  /** The next item, or rejects with the abort reason the moment the signal aborts. */
  next(): Promise<IteratorResult<T>>;
  /** Releases the listener; `finished` false lets the source release what it holds. */
  close(finished: boolean): void;
}

/**
 * Reads an async iterator, but settles as soon as `signal` aborts instead of waiting for the next item.
 * The SDK's ConverseStream iterator does not end when its request is aborted mid-stream: over HTTP/2 it
 * closes the stream but goes on waiting for the next chunk, so a slow stream would hold an aborted run.
 * Without a signal (nothing can abort the read) it reads the iterator as it is. A plain object rather than
 * a generator: this sits on the hottest path, once per stream event.
 */
export function abortableReader<T>(source: AsyncIterable<T>, signal?: AbortSignal): AbortableReader<T> {
  const iterator = source[Symbol.asyncIterator]();
  if (!signal) return { next: () => iterator.next(), close: (finished) => release(iterator, finished) };
  // One slot for the pending read's settle functions, not a race against a shared abort promise: each race
  // would leave a reaction on that promise for the rest of the step, a kilobyte or so per stream event. The
  // functions that fill and settle it are made once per reader, not once per read.
  let resolvePending: ((item: IteratorResult<T>) => void) | undefined;
  let rejectPending: ((reason: unknown) => void) | undefined;
  const hold = (resolve: (item: IteratorResult<T>) => void, reject: (reason: unknown) => void) => {
    resolvePending = resolve;
    rejectPending = reject;
  };
  // A read abandoned on abort may still settle later: its promise is settled already, so that is ignored.
  const onItem = (item: IteratorResult<T>) => resolvePending?.(item);
  const onError = (error: unknown) => rejectPending?.(error);
  const stopWatching = signal.aborted ? () => {} : whenAborted(signal, () => rejectPending?.(signal.reason));
  return {
    next(): Promise<IteratorResult<T>> {
      if (signal.aborted) return Promise.reject(signal.reason);
      const read = new Promise<IteratorResult<T>>(hold);
      iterator.next().then(onItem, onError);
      return read;
    },
    close(finished: boolean): void {
      stopWatching();
      resolvePending = undefined;
      rejectPending = undefined;
      release(iterator, finished);
    },
  };
}

/** A source left before its end may release what it holds; not awaited: it may finish only with its pending read. */
function release<T>(iterator: AsyncIterator<T>, finished: boolean): void {
  if (!finished) iterator.return?.().catch(() => {});
}
