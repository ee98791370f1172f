/**
 * Events pushed by tasks running in parallel, drained by one generator while their work runs: each reaches
 * the graph's stream as it happens.
 */
export class EventQueue<T> {
  private readonly buffer: T[] = [];
  private wake: (() => void) | undefined;

  push(item: T): void {
    this.buffer.push(item);
    this.wake?.();
  }

  /** Yields what is pushed until `work` settles and nothing is left; then returns (or throws) what it did. */
  async *drainWhile<R>(work: Promise<R>): AsyncGenerator<T, R> {
    let settled = false;
    const settle = () => {
      settled = true;
      this.wake?.();
    };
    work.then(settle, settle);
    while (true) {
      while (this.buffer.length > 0) yield this.buffer.shift() as T;
      if (settled) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
    return await work;
  }
}
