import type { AgentEvent, RunResult } from "@lode/core";

/** A tool call as a trajectory sees it: which tool, with what input. */
export interface TrajectoryCall {
  name: string;
  input: unknown;
}

/** A run's tool calls in the order the model asked for them: from its result, or from its events. */
export function toolCallsOf(source: RunResult<unknown> | readonly AgentEvent[]): TrajectoryCall[] {
  if (Array.isArray(source))
    return (source as readonly AgentEvent[]).flatMap((event) =>
      event.type === "tool-call" ? [{ name: event.toolName, input: event.input }] : [],
    );
  return (source as RunResult<unknown>).toolCalls.map((call) => ({ name: call.toolName, input: call.input }));
}
