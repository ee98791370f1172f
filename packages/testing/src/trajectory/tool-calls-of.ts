import type { AgentEvent, AgentPath, RunResult } from "@lode/core";

/** A tool call as a trajectory sees it: which tool, with what input, made by which agent. */
export interface TrajectoryCall {
  name: string;
  input: unknown;
  /**
   * The agent that made the call, outermost first: `["triage"]` for the run's own agent, `["billing"]` after
   * a handoff to billing, `["support", "docs"]` for a sub-agent that support called as a tool.
   */
  agentPath: AgentPath;
}

/**
 * A run's tool calls in the order the model asked for them: from its result, or from its events. Both hold
 * the sub-agents' calls: a result lists them after the call that ran them, events as they happened (parallel
 * sub-agents' calls interleaved).
 */
export function toolCallsOf(source: RunResult<unknown> | readonly AgentEvent[]): TrajectoryCall[] {
  if (Array.isArray(source))
    return (source as readonly AgentEvent[]).flatMap((event) =>
      event.type === "tool-call"
        ? [{ name: event.toolName, input: event.input, agentPath: event.agentPath }]
        : [],
    );
  return (source as RunResult<unknown>).toolCalls.map((call) => ({
    name: call.toolName,
    input: call.input,
    agentPath: call.agentPath,
  }));
}
