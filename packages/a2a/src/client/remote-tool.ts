import type { AgentEvent, AnyTool, ToolCallAnswer, ToolCallWaiting, ValidationOutcome } from "@lode/core";
import type { RemoteConnection } from "./remote-connection.js";
import { type RemoteRunEnd, type RemoteRunInput, remoteRun } from "./remote-run.js";

/** How a remote agent serves as a tool. */
export interface RemoteToolOptions {
  /** @default the remote agent's `name` */
  name?: string;
  /** @default the remote agent's `description` */
  description?: string;
}

interface RemoteTask {
  task: string;
}

type ToolContent = ToolCallAnswer["content"];

/**
 * A remote A2A agent as a tool: the calling model sends `{ task }`, the remote's run streams into the
 * caller's stream as a sub-agent's (its path under the caller's), and the call is answered with the
 * remote's text (with its data artifact as a `json` block first, when it sent one). A question the remote
 * asks (`input-required`) pauses the caller's run; the decision on it, sent to the caller's session,
 * is the answer the remote gets, on the same task. A failure is the call's error result.
 */
export function remoteTool(
  remote: RemoteConnection,
  description: string,
  options: RemoteToolOptions = {},
): AnyTool {
  return {
    name: options.name ?? remote.name,
    description: options.description ?? description,
    inputSchema: {
      type: "object",
      properties: { task: { type: "string", description: "What the agent should do, self-contained." } },
      required: ["task"],
    },
    // The remote's own deadline (with its task cancelled) comes first; this only bounds the rest.
    timeoutMs: remote.timeoutMs + 10_000,
    validate(input): ValidationOutcome<RemoteTask> {
      const task = (input as { task?: unknown } | null)?.task;
      return typeof task === "string" && task.trim() !== ""
        ? { success: true, value: { task } }
        : { success: false, issues: [{ path: "task", message: "must be a non-empty string" }] };
    },
    async run(input: RemoteTask, context): Promise<ToolContent | ToolCallAnswer | ToolCallWaiting> {
      const decision = context.decisions[0];
      const runInput: RemoteRunInput = decision ? { decision } : { text: input.task };
      const events = remoteRun(remote, runInput, {
        signal: context.signal,
        parent: { runId: context.runId, toolUseId: context.toolUseId, agentPath: context.agentPath },
        progress: (data) => context.progress(data),
      });
      let next: IteratorResult<AgentEvent, RemoteRunEnd> = await events.next();
      for (; !next.done; next = await events.next()) context.emit(next.value);
      const { result, declined } = next.value;
      if (result.stopReason === "awaiting_approval")
        return { status: "pending", inner: result.pendingApprovals };
      if (declined) return { status: "error", content: [{ text: result.text }] };
      const text: ToolContent = result.text ? [{ text: result.text }] : [];
      if (result.output !== undefined) return [{ json: result.output as never }, ...text];
      return text.length > 0 ? text : [{ text: "(the remote agent gave no text)" }];
    },
  };
}
