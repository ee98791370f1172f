import { randomUUID } from "node:crypto";
import {
  type AgentEvent,
  type AnyTool,
  type ApprovalDecision,
  type ConversationStore,
  InMemoryConversationStore,
  LodeError,
  type ParentRun,
} from "@lode/core";
import { z } from "zod";
import { type GraphCheckpoint, type GraphCheckpointer, loadPausedGraph } from "./graph-checkpoint.js";
import type { GraphEvent } from "./graph-events.js";
import type { GraphOptions } from "./graph-options.js";
import type { GraphResult } from "./graph-result.js";
import type { GraphShape } from "./graph-shape.js";
import { type GraphStream, graphStream } from "./graph-stream.js";
import type { SubGraph } from "./nodes.js";
import { type GraphStart, runGraph } from "./run-graph.js";
import type { AgentCheckpoints } from "./run-task.js";
import type { Reducers, StateSchema } from "./state.js";
import { toMermaid } from "./to-mermaid.js";
import { watchGraph } from "./watch-graph.js";

/** Options of one run of a graph. */
export interface GraphRunOptions {
  /** Keeps a paused run's place under this session (in the graph's `store`), for `resume()` to find. */
  sessionId?: string;
  /** @default a new UUID */
  runId?: string;
  signal?: AbortSignal;
  /** Checkpoints after every node and step (`@lode/durable` passes its Redis one). */
  checkpointer?: GraphCheckpointer;
  /** Where agent nodes checkpoint their own runs, so a crash mid-agent resumes it mid-run. */
  agentCheckpoints?: AgentCheckpoints;
  /** Goes on from this checkpoint (a run whose process died): finished nodes are not run again. */
  recover?: GraphCheckpoint;
  /** Set when this graph runs as a node of another (or a tool): its events' path starts with the caller's. */
  parent?: ParentRun;
}

/** What resumes a paused run: decisions on the calls waiting for approval, answers to the interrupts. */
export interface GraphResumeInput {
  decisions?: ApprovalDecision[];
  /** By the interrupting node's `taskId`. */
  answers?: Record<string, unknown>;
}

/**
 * A graph of agents and functions over a typed state (see `graph()`): `run()` resolves to its result,
 * `stream()` yields its events, `resume()` goes on from a pause, `toMermaid()` draws it. A graph is also a
 * tool (`asTool()`) and a node of another graph (`graphNode()`).
 */
export class Graph<S extends Record<string, unknown>> implements SubGraph<S> {
  readonly name: string;
  private readonly store: ConversationStore;

  constructor(
    private readonly options: GraphOptions<StateSchema>,
    private readonly shape: GraphShape<S>,
  ) {
    this.name = options.name;
    this.store = options.store ?? new InMemoryConversationStore();
  }

  /** Runs the graph from `input` (its initial state, checked against the state's schema) to its end or a pause. */
  run(input: S | Partial<S>, options: GraphRunOptions = {}): Promise<GraphResult<S>> {
    return this.stream(input, options).result;
  }

  /** Starts a run and returns its events; `result` resolves with its result (rejects with a `LodeError`). */
  stream(input: S | Partial<S>, options: GraphRunOptions = {}): GraphStream<S> {
    const start: GraphStart = options.recover
      ? { kind: "checkpoint", checkpoint: options.recover }
      : { kind: "input", input };
    return this.start(start, options);
  }

  /**
   * Goes on with the run a session's graph left paused: decisions on its waiting calls, answers to its
   * interrupts. The paused nodes run again (an agent node's agent resumes where it stopped); the step's
   * other nodes keep what they wrote. In any process, given a shared `store`.
   */
  resume(input: GraphResumeInput, options: GraphRunOptions & { sessionId: string }): GraphStream<S> {
    const bounds = { signal: options.signal ?? new AbortController().signal, timeoutMs: 10_000 };
    const loading = loadPausedGraph(this.store, options.sessionId, bounds).then((checkpoint) => {
      if (!checkpoint)
        throw new LodeError(
          "invalid-request",
          `Session ${options.sessionId} has no paused run of graph "${this.name}".`,
        );
      return {
        kind: "checkpoint" as const,
        checkpoint,
        ...(input.decisions ? { decisions: input.decisions } : {}),
        ...(input.answers ? { answers: input.answers } : {}),
      };
    });
    return this.start(loading, { ...options, runId: options.runId });
  }

  /** The graph as a Mermaid flowchart, for docs. */
  toMermaid(): string {
    return toMermaid(this.shape);
  }

  /**
   * The graph as a tool: the calling model sends its input state (the state's JSON Schema); the result is
   * the final state, as a `json` block. Its agent nodes' events go into the caller's stream.
   */
  asTool(options: { name?: string; description?: string } = {}): AnyTool {
    const schema = this.options.state;
    const inputSchema = z.toJSONSchema(schema, { target: "draft-2020-12" }) as AnyTool["inputSchema"];
    return {
      name: options.name ?? this.name,
      description: options.description ?? `Run the ${this.name} graph on an input state.`,
      inputSchema: { ...inputSchema, type: "object" },
      validate: (input) => {
        const parsed = schema.safeParse(input);
        return parsed.success
          ? { success: true, value: parsed.data }
          : {
              success: false,
              issues: parsed.error.issues.map((issue) => ({
                path: issue.path.join("."),
                message: issue.message,
              })),
            };
      },
      run: async (input: S, context) => {
        const stream = this.stream(input, {
          signal: context.signal,
          parent: { runId: context.runId, toolUseId: context.toolUseId, agentPath: context.agentPath },
        });
        for await (const event of stream) if (isAgentEvent(event)) context.emit(event);
        const result = await stream.result;
        if (result.status === "paused")
          return {
            status: "error",
            content: [{ text: `The ${this.name} graph paused, waiting for a person.` }],
          };
        return [{ json: result.state as Record<string, never> }];
      },
    };
  }

  /** Runs the graph as a node of another (`graphNode()`): its events into the caller's, its final state back. */
  async runAsNode(
    input: unknown,
    context: { signal: AbortSignal; parent: ParentRun; emit: (event: GraphEvent) => void },
  ) {
    const stream = this.stream(input as Partial<S>, { signal: context.signal, parent: context.parent });
    for await (const event of stream) context.emit(event);
    const result = await stream.result;
    if (result.status === "paused")
      throw new LodeError(
        "invalid-request",
        `Sub-graph "${this.name}" paused: a sub-graph cannot wait for a person yet.`,
      );
    return { state: result.state, usage: result.usage, cost: result.cost, usageByAgent: result.usageByAgent };
  }

  private start(start: GraphStart | Promise<GraphStart>, options: GraphRunOptions): GraphStream<S> {
    const cancel = new AbortController();
    const runId = options.runId ?? options.recover?.runId ?? randomUUID();
    const setup = {
      name: this.name,
      schema: this.options.state,
      reducers: (this.options.reducers ?? {}) as Reducers<S>,
      shape: this.shape,
      maxSteps: this.options.maxSteps ?? 25,
      concurrency: this.options.concurrency ?? 4,
      store: this.store,
      runId,
      sessionId: options.sessionId,
      signal: options.signal ? AbortSignal.any([options.signal, cancel.signal]) : cancel.signal,
      ...(options.parent ? { parent: options.parent } : {}),
      ...(options.checkpointer ? { checkpointer: options.checkpointer } : {}),
      ...(options.agentCheckpoints ? { agentCheckpoints: options.agentCheckpoints } : {}),
    };
    const agentPath = [...(options.parent?.agentPath ?? []), this.name];
    return graphStream<S>(
      Promise.resolve(start).then((resolved) => runGraph<S>({ ...setup, start: resolved })),
      { runId, agentPath },
      cancel,
      watchGraph(this.options.instrumentation, { runId, mermaid: () => this.toMermaid() }),
    );
  }
}

function isAgentEvent(event: GraphEvent): event is AgentEvent {
  return !["graph-start", "node-start", "node-end", "graph-end", "graph-error"].includes(event.type);
}
