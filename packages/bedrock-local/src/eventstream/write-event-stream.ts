import http2 from "node:http2";
import { setTimeout as sleep } from "node:timers/promises";
import type { Exchange } from "../operations/operation.js";
import { encodeExceptionFrame } from "./encode-frame.js";

/** When the stream started and when its first event left, for the latencies a closing event reports. */
export interface StreamTiming {
  /** Milliseconds from the start of the answer until now. */
  latencyMs: number;
  /** Milliseconds from the start of the answer until the first event was written. */
  firstByteLatencyMs: number;
}

/** What an event stream sends: its events in order, then a closing event built once the latencies are known. */
export interface EventStreamPlan<Event> {
  events: Iterable<Event>;
  last(timing: StreamTiming): Event;
}

export interface WriteEventStreamOptions<Event> {
  /** The 200 response's headers (content type included). */
  headers: Record<string, string>;
  /** Frames one event; `sequence` counts the events sent before it. */
  encode(event: Event, sequence: number): Uint8Array;
  /** Pause before each event after the first (a fault's `chunkDelayMs` wins over it). */
  delayMs: number;
  /** `performance.now()` when the request started being answered. */
  startedAt: number;
}

/**
 * Writes an event stream with backpressure, honouring the request's stream faults: `streamError` sends an
 * exception frame after `afterEvents` events and ends the stream, `disconnect` drops the connection after
 * `afterEvents` events, `chunkDelayMs` paces every event after the first. Shared by every streaming operation
 * so that a fault behaves the same whichever one it hits.
 */
export async function writeEventStream<Event>(
  exchange: Exchange,
  plan: EventStreamPlan<Event>,
  options: WriteEventStreamOptions<Event>,
): Promise<void> {
  const { response, fault } = exchange;
  response.writeHead(200, { ...options.headers, "x-amzn-requestid": exchange.requestId });
  const events = plan.events[Symbol.iterator]();
  const delayMs = fault?.chunkDelayMs ?? options.delayMs;
  let sent = 0;
  let firstByteAt: number | undefined;
  // Aborted (and `gone` resolved) once the client has gone away, so that no wait below outlives it.
  const left = new AbortController();
  const gone = new Promise<void>((resolve) => {
    const leave = () => {
      left.abort();
      resolve();
    };
    if (exchange.isClosed()) leave();
    else response.once("close", leave);
  });
  // A pause the client's leaving cuts short (its timer cleared), so a long chunkDelayMs holds nothing open.
  const pause = (ms: number) => sleep(ms, undefined, { signal: left.signal }).catch(() => {});
  // The two response types' `write` overloads do not unify; both accept a Buffer and a callback.
  const write = response.write.bind(response) as (chunk: Buffer, flushed: () => void) => boolean;
  let lastFlush = Promise.resolve();
  const writeFrame = async (frame: Uint8Array) => {
    let flushed = () => {};
    lastFlush = new Promise((resolve) => {
      flushed = resolve;
    });
    if (!write(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength), flushed)) {
      await Promise.race([new Promise((resolve) => response.once("drain", resolve)), gone]);
    }
  };

  for (let finished = false; !finished; ) {
    if (exchange.isClosed()) return;
    if (fault?.streamError && sent === fault.streamError.afterEvents) {
      const message = fault.streamError.message ?? "bedrock-local injected a stream fault.";
      await writeFrame(encodeExceptionFrame(fault.streamError.type, message));
      response.end();
      return;
    }
    if (fault?.disconnect && sent === fault.disconnect.afterEvents) {
      // Writes are buffered (HTTP/1 corks the socket, HTTP/2 queues frames): let the events sent so far
      // leave before the connection drops, or the client would not even see the response start.
      await Promise.race([lastFlush, gone]);
      drop(exchange);
      return;
    }
    if (sent > 0 && delayMs > 0) await pause(delayMs);
    const next = events.next();
    let event: Event;
    if (next.done) {
      const now = performance.now();
      event = plan.last({
        latencyMs: Math.round(now - options.startedAt),
        firstByteLatencyMs: Math.round((firstByteAt ?? now) - options.startedAt),
      });
      finished = true;
    } else event = next.value;
    firstByteAt ??= performance.now();
    await writeFrame(options.encode(event, sent));
    sent++;
  }
  response.end();
}

/**
 * Drops the response mid-stream as a failed connection would. Over HTTP/2 only this stream is reset: the
 * connection carries the client's other requests, which a fault on this one must not touch. Over HTTP/1.1
 * the socket is this request's alone, so it is closed.
 */
function drop(exchange: Exchange): void {
  const { response } = exchange;
  if ("stream" in response) {
    if (!response.stream.destroyed) response.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  } else exchange.request.socket?.destroy();
}
