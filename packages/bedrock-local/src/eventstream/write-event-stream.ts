import type { Exchange } from "../operations/operation.js";
import { EventStreamWriter } from "./event-stream-writer.js";

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
  const writer = new EventStreamWriter(exchange);
  writer.begin(options.headers);
  const events = plan.events[Symbol.iterator]();
  const delayMs = exchange.fault?.chunkDelayMs ?? options.delayMs;
  let firstByteAt: number | undefined;

  for (let finished = false; !finished; ) {
    if (exchange.isClosed()) return;
    if (await writer.applyFault()) return;
    if (writer.sent > 0 && delayMs > 0) await writer.pause(delayMs);
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
    await writer.writeEvent(options.encode(event, writer.sent));
  }
  writer.end();
}
