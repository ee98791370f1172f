import type { Message } from "@a2a-js/sdk";
import type { Agent, AnyTool, ToolEntry } from "@lode/core";
import { inboundOf, type Reply, runInputOf, type Waiting } from "./message-parts.js";
import type { A2ASkill, ServableGraph, ServeA2AOptions } from "./serve-options.js";

/** How a run ended, for its task: done (with what it produced), or waiting for a person. */
export type RunOutcome =
  | { kind: "completed"; text?: string; output?: unknown; state?: unknown }
  | { kind: "waiting"; waiting: Waiting };

/** The fields of a run's events (an agent's, or a graph's) that a task streams. */
export interface RunEvent {
  type: string;
  runId?: string;
  agentPath?: readonly string[];
  /** A text delta's text. */
  text?: unknown;
  /** A generated image's id, format and bytes. */
  id?: unknown;
  format?: unknown;
  data?: unknown;
}

/** A run under way: its events (read them first: they drive it), then how it ended. */
export interface TaskRun {
  events: AsyncIterable<RunEvent>;
  /** Read once the events are: asking for a run's result before reading its events would claim the run. */
  outcome(): Promise<RunOutcome>;
  /**
   * The artifact an event's text streams into: an agent's own run's into `response` (its sub-agents' are not
   * streamed), each agent node's of a graph into its own; undefined: not streamed.
   */
  artifactOf(event: RunEvent): string | undefined;
}

/** What a served agent or graph does for a task: start a run from a message, or resume one with a reply. */
export interface TaskRunner {
  name: string;
  description: string | undefined;
  skills: A2ASkill[];
  start(
    input: { message: Message } | { reply: Reply },
    options: { sessionId: string; signal: AbortSignal },
  ): TaskRun;
}

function isGraph(target: Agent | ServableGraph): target is ServableGraph {
  return typeof (target as ServableGraph).resume === "function";
}

/** The runner for a Lode agent or graph. */
export function taskRunnerFor(target: Agent | ServableGraph, options: ServeA2AOptions): TaskRunner {
  return isGraph(target) ? graphRunner(target, options) : agentRunner(target, options);
}

function agentRunner(agent: Agent, options: ServeA2AOptions): TaskRunner {
  const name = agent.options.name ?? "agent";
  const tools = (agent.options.tools ?? []).filter(isTool);
  const skills = tools.map((tool) => ({
    id: tool.name,
    name: tool.name,
    description: tool.description,
    tags: ["tool"],
  }));
  return {
    name,
    description: agent.options.description,
    skills: skills.length > 0 ? skills : [{ id: name, name, description: agent.options.description ?? name }],
    start(input, { sessionId, signal }) {
      const runInput = "message" in input ? runInputOf(input.message) : { decisions: input.reply.decisions };
      const stream = agent.stream(runInput, { sessionId, signal, output: options.output });
      let topRunId: string | undefined;
      return {
        events: stream,
        artifactOf: (event) => {
          topRunId ??= event.runId;
          return event.runId === topRunId ? "response" : undefined;
        },
        outcome: () =>
          stream.result.then((result): RunOutcome => {
            if (result.stopReason === "awaiting_approval") {
              return {
                kind: "waiting",
                waiting: { pendingApprovals: result.pendingApprovals, interrupts: [] },
              };
            }
            return {
              kind: "completed",
              text: result.text,
              output: options.output ? result.output : undefined,
            };
          }),
      };
    },
  };
}

function graphRunner(graph: ServableGraph, options: ServeA2AOptions): TaskRunner {
  const graphInput = options.graphInput ?? ((message) => ({ message: message.text }));
  return {
    name: graph.name,
    description: undefined,
    skills: [{ id: graph.name, name: graph.name, description: `The ${graph.name} graph.` }],
    start(input, { sessionId, signal }) {
      const stream =
        "message" in input
          ? graph.stream(graphInput(inboundOf(input.message)), { sessionId, signal })
          : graph.resume(
              { decisions: input.reply.decisions, answers: input.reply.answers },
              { sessionId, signal },
            );
      return {
        events: stream,
        artifactOf: (event) => (event.runId ? `text-${event.runId}` : undefined),
        outcome: () =>
          stream.result.then((result): RunOutcome => {
            if (result.status === "paused") {
              return {
                kind: "waiting",
                waiting: { pendingApprovals: result.pendingApprovals, interrupts: result.interrupts },
              };
            }
            return { kind: "completed", state: result.state };
          }),
      };
    },
  };
}

function isTool(entry: ToolEntry): entry is AnyTool {
  return (entry as { kind?: string }).kind !== "tool-source";
}
