import { forgetAbort, whenAborted } from "./when-aborted.js";

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
 * Without a signal (nothing can abort the read) it reads the iterator as it is.
 * Classes, not objects of closures made per model call: this sits on the hottest path, once per stream event
 * (why: the root README, "Speed").
 */
export function abortableReader<T>(source: AsyncIterable<T>, signal?: AbortSignal): AbortableReader<T> {
  const iterator = source[Symbol.asyncIterator]();
  return signal ? new SignalledReader(iterator, signal) : new PlainReader(iterator);
}

class PlainReader<T> implements AbortableReader<T> {
  constructor(private readonly iterator: AsyncIterator<T>) {}

  next(): Promise<IteratorResult<T>> {
    return this.iterator.next();
  }

  close(finished: boolean): void {
    release(this.iterator, finished);
  }
}

class SignalledReader<T> implements AbortableReader<T> {
  // One slot for the pending read's settle functions, not a race against a shared abort promise: each race
  // would leave a reaction on that promise for the rest of the step, a kilobyte or so per stream event. The
  // functions that fill and settle it are bound once per reader, not made once per read.
  private resolvePending: ((item: IteratorResult<T>) => void) | undefined;
  private rejectPending: ((reason: unknown) => void) | undefined;
  private readonly hold = this.holdRead.bind(this);
  private readonly onItem = this.settleRead.bind(this);
  private readonly onError = this.failRead.bind(this);
  private readonly onAbort = this.abortRead.bind(this);

  constructor(
    private readonly iterator: AsyncIterator<T>,
    private readonly signal: AbortSignal,
  ) {
    if (!signal.aborted) whenAborted(signal, this.onAbort);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.signal.aborted) return Promise.reject(this.signal.reason);
    const read = new Promise<IteratorResult<T>>(this.hold);
    this.iterator.next().then(this.onItem, this.onError);
    return read;
  }

  close(finished: boolean): void {
    forgetAbort(this.signal, this.onAbort);
    this.resolvePending = undefined;
    this.rejectPending = undefined;
    release(this.iterator, finished);
  }

  private holdRead(resolve: (item: IteratorResult<T>) => void, reject: (reason: unknown) => void): void {
    this.resolvePending = resolve;
    this.rejectPending = reject;
  }

  // A read abandoned on abort may still settle later: its promise is settled already, so that is ignored.
  private settleRead(item: IteratorResult<T>): void {
    this.resolvePending?.(item);
  }

  private failRead(error: unknown): void {
    this.rejectPending?.(error);
  }

  private abortRead(): void {
    this.rejectPending?.(this.signal.reason);
  }
}

function doNothing(): void {}

/** A source left before its end may release what it holds; not awaited: it may finish only with its pending read. */
function release<T>(iterator: AsyncIterator<T>, finished: boolean): void {
  if (!finished) iterator.return?.().catch(doNothing);
}
