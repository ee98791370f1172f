import { encodeEventFrame } from "../eventstream/encode-frame.js";
import { EventStreamWriter } from "../eventstream/event-stream-writer.js";
import type { StreamExceptionType } from "../faults/fault.js";
import type { Exchange } from "../operations/operation.js";
import type { NovaOutputEvent } from "./render-nova-turn.js";

/**
 * The response side of a bidirectional stream: `chunk` frames written in order, with backpressure, while the
 * input is still being read. Writes are queued so the reader never waits for the client to take the output
 * (each side's flow control is its own). Honours the stream faults through `EventStreamWriter`, as the
 * one-way streams do: `chunkDelayMs` paces the chunks, `streamError` ends the stream with an exception frame
 * after so many chunks, `disconnect` resets it.
 */
export class BidirectionalOutput {
  private queue: Promise<void> = Promise.resolve();
  private readonly writer: EventStreamWriter;

  constructor(private readonly exchange: Exchange) {
    this.writer = new EventStreamWriter(exchange);
  }

  /** True once the response has ended (normally, by an exception or a fault) or the client has gone. */
  get done(): boolean {
    return this.writer.done;
  }

  /**
   * Sends the response's head now (Node's HTTP/2 `writeHead` puts HEADERS on the wire at once): the client
   * keeps its input open, so the head cannot wait for the input to end.
   */
  begin(): void {
    this.writer.begin({ "content-type": "application/vnd.amazon.eventstream" });
  }

  /** Queues events, `delayMs` apart (the fault's `chunkDelayMs` wins over the turn's pacing). */
  send(events: NovaOutputEvent[], turnDelayMs = 0): Promise<void> {
    const delayMs = this.exchange.fault?.chunkDelayMs ?? turnDelayMs;
    return this.enqueue(async () => {
      for (const event of events) {
        if (this.done) return;
        if (await this.writer.applyFault()) return;
        if (this.writer.sent > 0 && delayMs > 0) await this.writer.pause(delayMs);
        if (this.done) return;
        const bytes = Buffer.from(JSON.stringify(event)).toString("base64");
        await this.writer.writeEvent(encodeEventFrame("chunk", { bytes }));
      }
    });
  }

  /** Ends the stream with an exception frame, after whatever is queued before it. */
  fail(type: StreamExceptionType, message: string): Promise<void> {
    return this.enqueue(async () => {
      if (!this.done) await this.writer.fail(type, message);
    });
  }

  /** Ends the stream after whatever is queued before it. */
  finish(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.done) this.writer.end();
    });
  }

  /** Drops the stream without a word (see `EventStreamWriter.drop`). */
  abandon(): void {
    this.writer.drop();
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    // A failed write means the client went away; the next steps see `done` and do nothing.
    this.queue = this.queue.then(step).catch(() => this.abandon());
    return this.queue;
  }
}
