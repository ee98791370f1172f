import {
  type AgentEvent,
  createUIMessageMapper,
  UI_MESSAGE_STREAM_HEADERS,
  type UIMessageChunk,
  type UIMessageStreamOptions,
} from "@lode/core";
import type { GraphEvent, GraphOwnEvent } from "./graph-events.js";
import type { GraphStream } from "./graph-stream.js";

/** A node's progress, as a `data-node` part (one per task: its later states replace the earlier ones). */
export interface UINodeData {
  node: string;
  taskId: string;
  step: number;
  status: "running" | "done" | "paused";
  item?: unknown;
  durationMs?: number;
  /** The graph's path (`[graph]`, or longer for a sub-graph). */
  agentPath: string[];
}

/** The chunks of a graph's UI message stream: the AI SDK's, and `data-node` parts for the nodes' progress. */
export type GraphUIMessageChunk = UIMessageChunk | { type: "data-node"; id: string; data: UINodeData };

const OWN = new Set(["graph-start", "node-start", "node-end", "graph-end", "graph-error"]);

/**
 * A graph's run as one AI SDK UI message (what `useChat` reads): each node's progress a `data-node` part
 * (keyed by its task, so a UI shows it running, then done or paused), the agent nodes' text, reasoning and
 * tool calls as parts of their own, marked with `providerMetadata.lode` (their path `[graph, node, agent]`),
 * as a supervisor's sub-agents are.
 */
export function toGraphUIMessageStream(
  stream: GraphStream<unknown>,
  options: UIMessageStreamOptions = {},
): ReadableStream<GraphUIMessageChunk> {
  const map = createUIMessageMapper(options);
  const events = stream[Symbol.asyncIterator]();
  return new ReadableStream<GraphUIMessageChunk>({
    // Reads on until an event gives a chunk: a pull that enqueues nothing is not called again.
    async pull(controller) {
      while (true) {
        const next = await events.next();
        if (next.done) return controller.close();
        const chunks = chunksOf(next.value, map);
        for (const chunk of chunks) controller.enqueue(chunk);
        if (chunks.length > 0) return;
      }
    },
    async cancel() {
      await events.return?.();
    },
  });
}

/** The same as Server-Sent Events in a `Response`, for the route `useChat` posts to. */
export function toGraphUIMessageStreamResponse(
  stream: GraphStream<unknown>,
  init: ResponseInit = {},
  options: UIMessageStreamOptions = {},
): Response {
  const encoder = new TextEncoder();
  const body = toGraphUIMessageStream(stream, options).pipeThrough(
    new TransformStream<GraphUIMessageChunk, Uint8Array>({
      transform: (chunk, controller) =>
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`)),
      flush: (controller) => controller.enqueue(encoder.encode("data: [DONE]\n\n")),
    }),
  );
  const headers = new Headers(UI_MESSAGE_STREAM_HEADERS);
  for (const [name, value] of new Headers(init.headers)) headers.set(name, value);
  return new Response(body, { ...init, headers });
}

function chunksOf(event: GraphEvent, map: (event: AgentEvent) => UIMessageChunk[]): GraphUIMessageChunk[] {
  if (!OWN.has(event.type)) return map(event as AgentEvent);
  const own = event as GraphOwnEvent;
  // Only the outermost graph frames the message; a sub-graph's own start and end are its nodes' business.
  const outermost = own.agentPath.length === 1;
  switch (own.type) {
    case "graph-start":
      // The graph's run is the message's top run: its agent nodes' runs, whose parent it is, are sub-runs.
      return outermost
        ? [
            ...map({ type: "run-start", runId: own.runId, step: 0, agentPath: own.agentPath, input: [] }),
            { type: "start-step" },
          ]
        : [];
    case "node-start":
      return [
        nodeChunk(own.taskId, {
          node: own.node,
          taskId: own.taskId,
          step: own.step,
          status: "running",
          agentPath: [...own.agentPath],
          ...("item" in own ? { item: own.item } : {}),
        }),
      ];
    case "node-end":
      return [
        nodeChunk(own.taskId, {
          node: own.node,
          taskId: own.taskId,
          step: own.step,
          status: own.status,
          durationMs: own.durationMs,
          agentPath: [...own.agentPath],
        }),
      ];
    case "graph-end":
      return outermost
        ? [
            { type: "finish-step" },
            { type: "finish", finishReason: own.result.status === "done" ? "stop" : "other" },
          ]
        : [];
    case "graph-error":
      return own.code === "aborted"
        ? [{ type: "abort", reason: own.message }]
        : [
            { type: "error", errorText: own.message },
            { type: "finish", finishReason: "error" },
          ];
  }
}

function nodeChunk(taskId: string, data: UINodeData): GraphUIMessageChunk {
  return { type: "data-node", id: taskId, data };
}
