import { type AgentEvent, parseAgentEvent, stringifyAgentEvent } from "@lode/core";
import type { Redis } from "ioredis";
import { type DurableRunEvent, isGraphRunEvent } from "./durable-graph.js";
import { parseGraphRunEvent, stringifyGraphRunEvent } from "./graph-event-json.js";
import type { RunKeys } from "./keys.js";
import type { RunFence } from "./run-fence.js";
import { SharedStreamReader } from "./shared-stream-reader.js";

/** One entry of a durable run's event stream. */
/**
 * What a run's stream holds. `E` is what its events may be: an agent run's are `AgentEvent`s (the default, what
 * an agent's readers see); a graph run's also the graph's own (`DurableRunEvent`: read them with
 * `queue.read<DurableRunEvent>(runId)`).
 */
export type RunStreamEntry<E extends DurableRunEvent = AgentEvent> =
  /**
   * An event of the run, as the agent's stream gave it; for a graph run, the graph's own events
   * (`node-start`, `node-end`, …) and its agent nodes' events.
   */
  | { kind: "event"; event: E }
  /**
   * Another worker took the run over from its last checkpoint (its process died, or its attempt failed).
   * When the model call in flight is made again, `discardsAfter` is the id of the last entry that stands:
   * a reader drops what it showed of the entries between that one and this (the call's partial step), as
   * it does for a `retry` event with `discardsPartialStep`. Calls already answered are never run again.
   * For a graph run, `step` is the graph's step and `tasks` lists the nodes started before that go on
   * (finished nodes never run again): an agent node from its own checkpoint, its partial step discarded
   * as an agent run's is (`discardsAfter`, among the entries of its own run, `${graphRunId}:${taskId}`).
   */
  | {
      kind: "resumed";
      attempt: number;
      step: number;
      discardsAfter?: string;
      tasks?: { taskId: string; discardsAfter?: string }[];
    }
  /** The run is over: the last entry of its stream. */
  | {
      kind: "finished";
      status: "completed" | "failed" | "cancelled";
      error?: { code: string; message: string };
    };

/** An entry with its stream id: pass the last id seen as `after` (or `Last-Event-ID`) to go on from it. */
export interface RunStreamItem<E extends DurableRunEvent = AgentEvent> {
  id: string;
  entry: RunStreamEntry<E>;
}

/**
 * Each stream entry holds its kind and its JSON (for events, core's event JSON as it is, parsed once); a
 * graph's own events are of kind `graph-event` in the stream, to be parsed as such, and `event` to readers.
 */
const KIND = "k";
const GRAPH_EVENT = "graph-event";
const BODY = "e";

/**
 * A run's events on a Redis stream, written by whichever worker runs it and read by any process, live.
 * A reader that reconnects with the last id it saw misses nothing and sees nothing twice: the stream's
 * ids are its cursor.
 */
export class RedisRunEvents {
  private shared: SharedStreamReader | undefined;

  /** @param fence when given, every append is the fenced attempt's: refused once another claimed the run */
  constructor(
    private readonly redis: Redis,
    private readonly keys: RunKeys,
    private readonly fence?: RunFence,
  ) {}

  /** The same streams, appended to by the attempt that holds `fence`. */
  fencedBy(fence: RunFence): RedisRunEvents {
    return new RedisRunEvents(this.redis, this.keys, fence);
  }

  /** Appends an entry. Calls on one connection go out in order, so a caller need not await each. */
  append(runId: string, entry: RunStreamEntry<DurableRunEvent>): Promise<string> {
    const [kind, body] = encode(entry);
    const stream = this.keys.events(runId);
    if (this.fence) return this.fence.xadd(stream, [KIND, kind, BODY, body]);
    return this.redis.xadd(stream, "*", KIND, kind, BODY, body) as Promise<string>;
  }

  /** Every entry so far. */
  async all(runId: string): Promise<RunStreamItem<DurableRunEvent>[]> {
    const rows = await this.redis.xrange(this.keys.events(runId), "-", "+");
    return rows.map(([id, fields]) => ({ id, entry: decode(fields) }));
  }

  /**
   * The run's entries after `after` (from the start without it), as they are written, up to and including
   * `finished`; stops when `signal` aborts. Every reader of this object shares one blocking connection
   * (`SharedStreamReader`), however many runs are followed at once.
   */
  async *read(
    runId: string,
    options: { after?: string; signal?: AbortSignal } = {},
  ): AsyncGenerator<RunStreamItem<DurableRunEvent>> {
    this.shared ??= new SharedStreamReader(this.redis);
    const rows = this.shared.follow(this.keys.events(runId), options.after ?? "0-0", options.signal);
    for await (const [id, fields] of rows) {
      const entry = decode(fields);
      yield { id, entry };
      if (entry.kind === "finished") return;
    }
  }
}

function encode(entry: RunStreamEntry<DurableRunEvent>): [kind: string, body: string] {
  if (entry.kind !== "event") return [entry.kind, JSON.stringify(entry)];
  if (isGraphRunEvent(entry.event)) return [GRAPH_EVENT, stringifyGraphRunEvent(entry.event)];
  return ["event", stringifyAgentEvent(entry.event)];
}

function decode(fields: string[]): RunStreamEntry<DurableRunEvent> {
  const field = (name: string) => fields[fields.indexOf(name) + 1] ?? "{}";
  if (field(KIND) === "event") return { kind: "event", event: parseAgentEvent(field(BODY)) };
  if (field(KIND) === GRAPH_EVENT) return { kind: "event", event: parseGraphRunEvent(field(BODY)) };
  return JSON.parse(field(BODY)) as RunStreamEntry<DurableRunEvent>;
}
