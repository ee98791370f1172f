import http2 from "node:http2";
import { setTimeout as sleep } from "node:timers/promises";
import type { StreamExceptionType } from "../faults/fault.js";
import type { Exchange } from "../operations/operation.js";
import { encodeExceptionFrame } from "./encode-frame.js";

/** The message a `streamError` fault without one of its own carries. */
const DEFAULT_STREAM_FAULT_MESSAGE = "bedrock-local injected a stream fault.";

/**
 * The response side of an event stream: frames written with backpressure, the request's stream faults
 * applied at the event they name, pauses that end when the client leaves. Shared by every streaming
 * operation (the one-way streams and the bidirectional one) so that a fault behaves the same whichever one
 * it hits; what to send, and when, stays with the caller.
 */
export class EventStreamWriter {
  private sentEvents = 0;
  private ended = false;
  /** Settles once the frames written so far have been handed to the connection. */
  private lastFlush: Promise<void> = Promise.resolve();
  /** Aborted (and `gone` resolved) once the client has gone away, so that no wait outlives it. */
  private readonly left = new AbortController();
  private readonly gone: Promise<void>;

  constructor(private readonly exchange: Exchange) {
    this.gone = new Promise<void>((resolve) => {
      const leave = () => {
        this.left.abort();
        resolve();
      };
      if (exchange.isClosed()) leave();
      else exchange.response.once("close", leave);
    });
  }

  /** Events written so far: what the faults' `afterEvents` count. */
  get sent(): number {
    return this.sentEvents;
  }

  /** True once the response has ended (normally, by an exception or a fault) or the client has gone. */
  get done(): boolean {
    return this.ended || this.exchange.isClosed();
  }

  /** Sends the 200 head now, with the request id; Node puts it on the wire at once. */
  begin(headers: Record<string, string>): void {
    this.exchange.response.writeHead(200, { ...headers, "x-amzn-requestid": this.exchange.requestId });
  }

  /** A pause the client's leaving cuts short (its timer cleared), so a long chunkDelayMs holds nothing open. */
  pause(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.left.signal }).catch(() => {});
  }

  /** Writes one event's frame and counts it. */
  async writeEvent(frame: Uint8Array): Promise<void> {
    await this.writeFrame(frame);
    this.sentEvents++;
  }

  /**
   * Applies the stream fault due now that `sent` events are out, if any: `streamError` sends its exception
   * frame and ends the stream, `disconnect` drops it. True when the fault ended the stream.
   */
  async applyFault(): Promise<boolean> {
    const fault = this.exchange.fault;
    if (fault?.streamError && this.sentEvents === fault.streamError.afterEvents) {
      await this.fail(fault.streamError.type, fault.streamError.message ?? DEFAULT_STREAM_FAULT_MESSAGE);
      return true;
    }
    if (fault?.disconnect && this.sentEvents === fault.disconnect.afterEvents) {
      // Writes are buffered (HTTP/1 corks the socket, HTTP/2 queues frames): let the events sent so far
      // leave before the connection drops, or the client would not even see the response start.
      await Promise.race([this.lastFlush, this.gone]);
      this.drop();
      return true;
    }
    return false;
  }

  /** Ends the stream with an exception frame. */
  async fail(type: StreamExceptionType, message: string): Promise<void> {
    await this.writeFrame(encodeExceptionFrame(type, message));
    this.end();
  }

  end(): void {
    this.ended = true;
    this.exchange.response.end();
  }

  /**
   * Drops the response mid-stream as a failed connection would. Over HTTP/2 only this stream is reset: the
   * connection carries the client's other requests, which a fault on this one must not touch. Over HTTP/1.1
   * the socket is this request's alone, so it is closed.
   */
  drop(): void {
    this.ended = true;
    const { request, response } = this.exchange;
    if ("stream" in response) {
      if (!response.stream.destroyed) response.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    } else request.socket?.destroy();
  }

  private async writeFrame(frame: Uint8Array): Promise<void> {
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
}
