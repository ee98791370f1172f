/**
 * A queue that concurrent producers (tools running in parallel, their guardrail checks) push events into
 * and one async generator drains, so their events reach the stream as they happen. One per run: the
 * run's tool-call pipeline keeps pushing into the same channel, step after step.
 */
export class EventChannel<T> {
  private readonly buffer: T[] = [];
  private wake: (() => void) | undefined;

  push(item: T): void {
    this.buffer.push(item);
    this.wake?.();
  }

  /** Yields what is pushed until `work` settles and the queue is empty; resolves to what `work` resolved to. */
  async *drainUntil<R>(work: Promise<R>): AsyncGenerator<T, R> {
    let done = false;
    const settled = work.then(
      () => {
        done = true;
        this.wake?.();
      },
      () => {
        done = true;
        this.wake?.();
      },
    );
    while (true) {
      while (this.buffer.length > 0) yield this.buffer.shift() as T;
      if (done) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
    await settled;
    return await work;
  }
}
