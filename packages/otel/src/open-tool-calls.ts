import type { ToolTrace } from "./tool-trace.js";

/**
 * The tool calls whose spans are open, in every run this package traces, by run and call. A sub-agent's run
 * starts inside its caller's tool call, in another watcher: its `run-start` names that call (`parent`), and
 * this is where it finds the call's span, to mark it as the transfer it is. Looked up by the ids Lode
 * reports, never guessed from a tool's name or from whichever span happens to be active.
 */
const open = new Map<string, ToolTrace>();

const keyOf = (runId: string, toolUseId: string): string => `${runId}\u0000${toolUseId}`;

export const openToolCalls = {
  add(runId: string, toolUseId: string, tool: ToolTrace): void {
    open.set(keyOf(runId, toolUseId), tool);
  },
  get(runId: string, toolUseId: string): ToolTrace | undefined {
    return open.get(keyOf(runId, toolUseId));
  },
  delete(runId: string, toolUseId: string): void {
    open.delete(keyOf(runId, toolUseId));
  },
};
