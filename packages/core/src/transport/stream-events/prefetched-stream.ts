/**
 * A stream whose first event was read before the SDK's answer resolved (as the SDK itself does, so that an
 * error in the first event fails the call, not the iteration), then the rest as they come.
 */
export class PrefetchedStream<T> implements AsyncIterableIterator<T> {
  constructor(
    private first: IteratorResult<T> | undefined,
    private readonly rest: AsyncIterator<T>,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    const first = this.first;
    if (first === undefined) return this.rest.next();
    this.first = undefined;
    return Promise.resolve(first);
  }

  return(value?: unknown): Promise<IteratorResult<T>> {
    this.first = undefined;
    return this.rest.return ? this.rest.return(value) : Promise.resolve({ done: true, value: undefined });
  }
}

/**
 * The body the SDK's deserializer reads while Lode reads the real one: its first read waits for the real
 * stream's first event and then ends, so the SDK builds the answer around an empty stream, and any error of
 * that first event reaches the SDK's deserializer, which reports it exactly as it reports its own.
 */
export class FirstEventProbe<T> implements AsyncIterableIterator<Uint8Array> {
  private first: IteratorResult<T> | undefined;

  constructor(private readonly events: AsyncIterator<T>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<Uint8Array>> {
    this.first ??= await this.events.next();
    return { done: true, value: undefined };
  }

  /** The whole stream, its first event included; `undefined` when the SDK never read the probe. */
  stream(): PrefetchedStream<T> | undefined {
    return this.first === undefined ? undefined : new PrefetchedStream(this.first, this.events);
  }
}
