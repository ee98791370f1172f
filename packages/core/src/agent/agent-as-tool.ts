import type { Message, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { AgentEvent } from "../contracts/agent-event.js";
import type { RunInput } from "../contracts/run-input.js";
import type { RunResult } from "../contracts/run-result.js";
import type { AnyTool, ToolCallWaiting, ToolContext, ValidationOutcome } from "../contracts/tool.js";
import { withoutReasoning } from "../handoffs/handoff-view.js";
import { callStore } from "../memory/call-store.js";
import type { StandardSchemaV1 } from "../schema/standard-schema.js";
import type { RunOptions } from "./agent-options.js";
import { defaultsOf } from "./agent-registry.js";

/** How an agent serves as another's tool: what it sees, and what it answers with. */
export interface AgentToolOptions<S extends StandardSchemaV1 | undefined = undefined> {
  /** @default the agent's `name`, else "agent" */
  name?: string;
  /** @default the agent's `description` */
  description?: string;
  /**
   * What the sub-agent sees: `"task"`, only the task the calling model wrote; `"conversation"`, the
   * caller's conversation so far (without the caller's reasoning blocks), then the task.
   * @default "task"
   */
  sees?: "task" | "conversation";
  /**
   * A schema for the sub-agent's structured output: the tool's result is that output, as a `json` block,
   * instead of the sub-agent's text.
   */
  output?: S;
}

/** What `agentAsTool` needs of an agent: an `Agent` (named structurally, so this file needs not the class). */
export interface SubAgent {
  readonly options: { readonly name?: string; readonly description?: string };
  stream<S extends StandardSchemaV1 | undefined>(
    input: RunInput,
    options: RunOptions<S>,
  ): AsyncIterable<AgentEvent> & { readonly result: Promise<RunResult<unknown>> };
}

interface AgentTask {
  task: string;
}

/**
 * Wraps an agent as a tool (a supervisor's sub-agent). The calling model sends `{ task }`; the agent runs
 * inside the call with the caller's signal, and:
 * - every event of its run goes into the caller's stream as it is, its `agentPath` under the caller's;
 * - its run's usage, cost and tool calls roll up into the caller's result (from its `run-end`);
 * - a call of its own that waits for approval pauses the caller's run: the call is reported in the
 *   caller's `pendingApprovals` with its path, and the decision, sent to the caller's session, resumes the
 *   sub-agent where it stopped (it keeps its place in its own store, under a session derived from the
 *   caller's; give both agents a shared store to resume in another process);
 * - its failure is the call's error result.
 */
export function agentAsTool<S extends StandardSchemaV1 | undefined>(
  agent: SubAgent,
  options: AgentToolOptions<S>,
): AnyTool {
  const name = options.name ?? agent.options.name ?? "agent";
  return {
    name,
    description:
      options.description ??
      agent.options.description ??
      `Ask the ${name} agent. Send a complete, self-contained task.`,
    inputSchema: {
      type: "object",
      properties: { task: { type: "string", description: "What the agent should do, self-contained." } },
      required: ["task"],
    },
    validate(input): ValidationOutcome<AgentTask> {
      const value = input as { task?: unknown; prompt?: unknown } | null;
      // `prompt` was this tool's field before `task`: a history that used it still validates.
      const task = value?.task ?? value?.prompt;
      return typeof task === "string" && task.trim() !== ""
        ? { success: true, value: { task } }
        : { success: false, issues: [{ path: "task", message: "must be a non-empty string" }] };
    },
    async run(input: AgentTask, context): Promise<ToolResultContentBlock[] | ToolCallWaiting> {
      // Only a caller with a session can be resumed, so only then does the sub-agent keep its place.
      const sessionId =
        context.sessionId !== undefined ? `${context.sessionId}/${name}/${context.toolUseId}` : undefined;
      const runOptions: RunOptions<S> = {
        signal: context.signal,
        parent: { runId: context.runId, toolUseId: context.toolUseId, agentPath: context.agentPath },
        ...(sessionId !== undefined ? { sessionId } : {}),
        ...(options.output ? { output: options.output } : {}),
      };
      const stream = agent.stream(inputOf(input, context, options.sees ?? "task"), runOptions);
      for await (const event of stream) context.emit(event);
      const result = await stream.result;
      if (result.stopReason === "awaiting_approval")
        return { status: "pending", inner: result.pendingApprovals };
      // Finished: its place in the store is no longer needed.
      const store = defaultsOf(agent)?.store;
      if (sessionId !== undefined && store)
        await callStore(
          "delete the sub-agent's finished session",
          { signal: context.signal, timeoutMs: 10_000 },
          () => store.delete(sessionId),
        );
      if (options.output) return [{ json: result.output as ToolResultContentBlock.JsonMember["json"] }];
      return [{ text: result.text || "(the agent gave no text)" }];
    },
  };
}

/** The sub-agent's run input: decisions when it resumes, else the task (after the conversation, if seen). */
function inputOf(input: AgentTask, context: ToolContext, sees: "task" | "conversation"): RunInput {
  if (context.decisions.length > 0) return { decisions: [...context.decisions] };
  if (sees === "task") return input.task;
  const history: Message[] = withoutReasoning(context.history());
  const last = history.at(-1);
  const task = { text: input.task };
  // Roles alternate: a conversation that ends on the user's turn takes the task into that turn.
  if (last?.role === "user")
    history[history.length - 1] = { ...last, content: [...(last.content ?? []), task] };
  else history.push({ role: "user", content: [task] });
  return history;
}
