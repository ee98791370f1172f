import http2 from "node:http2";
import { setTimeout as sleep } from "node:timers/promises";
import { encodeEventFrame, encodeExceptionFrame } from "../eventstream/encode-frame.js";
import type { StreamExceptionType } from "../faults/fault.js";
import type { Exchange } from "../operations/operation.js";
import type { NovaOutputEvent } from "./render-nova-turn.js";

/**
 * The response side of a bidirectional stream: `chunk` frames written in order, with backpressure, while the
 * input is still being read. Writes are queued so the reader never waits for the client to take the output
 * (each side's flow control is its own). Honours the stream faults: `chunkDelayMs` paces the chunks,
 * `streamError` ends the stream with an exception frame after so many chunks, `disconnect` resets it.
 */
export class BidirectionalOutput {
  private queue: Promise<void> = Promise.resolve();
  private sent = 0;
  private ended = false;
  private lastFlush: Promise<void> = Promise.resolve();
  /** Resolves once the client has gone away, so that no wait can outlive the connection. */
  private readonly gone: Promise<void>;

  constructor(private readonly exchange: Exchange) {
    const { response } = exchange;
    this.gone = new Promise<void>((resolve) => {
      if (exchange.isClosed()) resolve();
      else response.once("close", () => resolve());
    });
  }

  /** True once the response has ended (normally, by an exception or a fault) or the client has gone. */
  get done(): boolean {
    return this.ended || this.exchange.isClosed();
  }

  /**
   * Sends the response's head now (Node's HTTP/2 `writeHead` puts HEADERS on the wire at once): the client
   * keeps its input open, so the head cannot wait for the input to end.
   */
  begin(): void {
    this.exchange.response.writeHead(200, {
      "content-type": "application/vnd.amazon.eventstream",
      "x-amzn-requestid": this.exchange.requestId,
    });
  }

  /** Queues events, `delayMs` apart (the fault's `chunkDelayMs` wins over the turn's pacing). */
  send(events: NovaOutputEvent[], turnDelayMs = 0): Promise<void> {
    const delayMs = this.exchange.fault?.chunkDelayMs ?? turnDelayMs;
    return this.enqueue(async () => {
      for (const event of events) {
        if (this.done) return;
        if (await this.applyFault()) return;
        if (this.sent > 0 && delayMs > 0) await Promise.race([sleep(delayMs), this.gone]);
        if (this.done) return;
        const bytes = Buffer.from(JSON.stringify(event)).toString("base64");
        await this.write(encodeEventFrame("chunk", { bytes }));
        this.sent++;
      }
    });
  }

  /** Ends the stream with an exception frame, after whatever is queued before it. */
  fail(type: StreamExceptionType, message: string): Promise<void> {
    return this.enqueue(async () => {
      if (this.done) return;
      await this.write(encodeExceptionFrame(type, message));
      this.end();
    });
  }

  /** Ends the stream after whatever is queued before it. */
  finish(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.done) this.end();
    });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    // A failed write means the client went away; the next steps see `done` and do nothing.
    this.queue = this.queue.then(step).catch(() => this.abandon());
    return this.queue;
  }

  /** Applies the stream fault due at this point, if any; true when it ended the stream. */
  private async applyFault(): Promise<boolean> {
    const fault = this.exchange.fault;
    if (fault?.streamError && this.sent === fault.streamError.afterEvents) {
      const message = fault.streamError.message ?? "bedrock-local injected a stream fault.";
      await this.write(encodeExceptionFrame(fault.streamError.type, message));
      this.end();
      return true;
    }
    if (fault?.disconnect && this.sent === fault.disconnect.afterEvents) {
      // Let the chunks sent so far leave before the stream drops, or the client would not see them.
      await Promise.race([this.lastFlush, this.gone]);
      this.abandon();
      return true;
    }
    return false;
  }

  private async write(frame: Uint8Array): Promise<void> {
    const { response } = this.exchange;
    // The two response types' `write` overloads do not unify; both accept a Buffer and a callback.
    const write = response.write.bind(response) as (chunk: Buffer, flushed: () => void) => boolean;
    let flushed = () => {};
    this.lastFlush = new Promise((resolve) => {
      flushed = resolve;
    });
    if (!write(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength), flushed)) {
      await Promise.race([new Promise((resolve) => response.once("drain", resolve)), this.gone]);
    }
  }

  private end(): void {
    this.ended = true;
    this.exchange.response.end();
  }

  /**
   * Drops the stream without a word: over HTTP/2 a reset of this stream alone (other streams on the
   * connection carry on), over HTTP/1.1 the connection.
   */
  abandon(): void {
    this.ended = true;
    const { response } = this.exchange;
    if ("stream" in response) {
      if (!response.stream.destroyed) response.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    } else response.destroy();
  }
}
