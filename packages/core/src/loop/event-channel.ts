/**
 * A queue that concurrent producers (tools running in parallel, their guardrail checks) push events into
 * and one async generator drains, so their events reach the stream as they happen. One per run, open
 * only while a step's tools run: what a tool pushes after its step is over (one that timed out and
 * keeps reporting progress) is dropped, not delivered with a later step's events.
 */
export class EventChannel<T> {
  private readonly buffer: T[] = [];
  private wake: (() => void) | undefined;
  private open = false;
  private take: ((item: T) => boolean) | undefined;
  /** Whether the work `drainWhile` started has settled. */
  private settled = false;
  // Bound once per channel, not closures made per step or per wait (why: the root README, "Speed").
  private readonly holdWake = this.setWake.bind(this);
  private readonly workSettled = this.settle.bind(this);

  push(item: T): void {
    if (!this.open) return;
    if (this.take?.(item)) return;
    this.buffer.push(item);
    this.wake?.();
  }

  /**
   * Opens the channel, starts `start`'s work, and yields what is pushed until that work settles and the
   * queue is empty; returns what it resolved to. Opened before the work starts, so what it pushes at once
   * (a step that answers synchronously) is not lost. `take`, when given, is offered each item first, as it
   * is pushed: an item it took (it answers true) is neither queued nor yielded.
   */
  async *drainWhile<R>(start: () => Promise<R>, take?: (item: T) => boolean): AsyncGenerator<T, R> {
    this.open = true;
    this.take = take;
    let work: Promise<R>;
    try {
      work = start();
    } catch (error) {
      this.open = false;
      this.take = undefined;
      throw error;
    }
    this.settled = false;
    work.then(this.workSettled, this.workSettled);
    try {
      while (true) {
        while (this.buffer.length > 0) yield this.buffer.shift() as T;
        if (this.settled) break;
        await new Promise<void>(this.holdWake);
        this.wake = undefined;
      }
    } finally {
      this.open = false;
      this.take = undefined;
      this.buffer.length = 0;
    }
    return await work;
  }

  private setWake(resolve: () => void): void {
    this.wake = resolve;
  }

  private settle(): void {
    this.settled = true;
    this.wake?.();
  }
}
