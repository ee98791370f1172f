import { randomUUID } from "node:crypto";
import {
  type AgentEvent,
  type AgentPath,
  type ApprovalDecision,
  emptyUsage,
  type ParentRun,
  type RunResult,
  type UnstampedEvent,
} from "@lode/core";
import type { RemoteConnection } from "./remote-connection.js";
import { cancelTask, type ExchangeRequest, exchange } from "./remote-exchange.js";

/** A Bedrock message, as a run's result keeps them (this package needs not the AWS SDK for the type). */
type Message = RunResult["messages"][number];

/** What a remote run is asked: a task's text, or a person's answer to the question its task asked. */
export type RemoteRunInput = { text: string; contextId?: string } | { decision: ApprovalDecision };

export interface RemoteRunOptions {
  signal: AbortSignal;
  /** The caller's run and tool call (or graph task), when the remote runs inside one. */
  parent?: ParentRun;
  sessionId?: string;
  runId?: string;
  /** Told of the remote's progress messages (its `working` status), e.g. as the caller's `tool-progress`. */
  progress?: (data: { state: string; text: string }) => void;
}

/** How the remote run ended, besides its result: whether a person declined to answer its question. */
export interface RemoteRunEnd {
  result: RunResult<unknown>;
  declined: boolean;
}

/**
 * One exchange with the remote agent as a Lode run: `run-start` (with `parent`), one step whose text
 * block is the remote's streamed answer, `run-end` with a result of zero usage (the remote's is not
 * known). A task that asks for input ends the run `"awaiting_approval"` with one pending call: its id is
 * the remote task's, its input the question; the decision on it continues the same task. A declined
 * question cancels the task. A failure is thrown (a `run-error` event first).
 */
export async function* remoteRun(
  remote: RemoteConnection,
  input: RemoteRunInput,
  options: RemoteRunOptions,
): AsyncGenerator<AgentEvent, RemoteRunEnd> {
  const startedAt = performance.now();
  const runId = options.runId ?? `a2a-${randomUUID()}`;
  const agentPath: AgentPath = [...(options.parent?.agentPath ?? []), remote.name];
  let step = 0;
  const stamp = (event: UnstampedEvent): AgentEvent => ({ ...event, runId, step, agentPath }) as AgentEvent;
  const request = requestOf(input);
  const userText = request?.text ?? declinedNote(input);
  const userMessage: Message = { role: "user", content: [{ text: userText }] };
  yield stamp({
    type: "run-start",
    input: [userMessage],
    ...(options.sessionId !== undefined ? { sessionId: options.sessionId } : {}),
    ...(options.parent ? { parent: options.parent } : {}),
  });
  step = 1;
  yield stamp({ type: "step-start" });
  const id = "1:0";
  let text = "";
  let data: unknown;
  let pending: RunResult["pendingApprovals"] = [];
  try {
    if (request) {
      const events = exchange(remote, request, options.signal);
      let next = await events.next();
      for (; !next.done; next = await events.next()) {
        if (next.value.kind === "progress") {
          options.progress?.({ state: next.value.state, text: next.value.text });
          continue;
        }
        if (text === "") yield stamp({ type: "text-start", id });
        text += next.value.text;
        yield stamp({ type: "text-delta", id, text: next.value.text });
      }
      if (text !== "") yield stamp({ type: "text-end", id });
      const outcome = next.value;
      if (outcome.kind === "input-required") {
        text = outcome.question;
        pending = [{ toolUseId: outcome.taskId, toolName: remote.name, input: outcome.question, agentPath }];
        // The question was not streamed as an answer: it is shown as the text of the paused run.
        yield stamp({ type: "text-start", id: "1:1" });
        yield stamp({ type: "text-delta", id: "1:1", text });
        yield stamp({ type: "text-end", id: "1:1" });
      } else {
        text = outcome.text;
        data = outcome.data;
      }
    } else if ("decision" in input) {
      await cancelTask(await remote.client(), input.decision.toolUseId);
      text = userText;
    }
  } catch (error) {
    const failure = error as Error & { code?: string };
    yield stamp({
      type: "run-error",
      code: (failure.code ?? "unknown") as never,
      message: failure.message,
      error: failure,
    });
    throw error;
  }
  const answer: Message = {
    role: "assistant",
    content: [{ text: text || "(the remote agent gave no text)" }],
  };
  yield stamp({ type: "message", message: answer });
  yield stamp({ type: "step-end", stopReason: "end_turn", usage: emptyUsage() });
  const result: RunResult<unknown> = {
    runId,
    sessionId: options.sessionId,
    text,
    output: data,
    messages: [userMessage, answer],
    stopReason: pending.length > 0 ? "awaiting_approval" : "end_turn",
    steps: [],
    usage: emptyUsage(),
    cost: undefined,
    usageByAgent: [],
    toolCalls: [],
    guardrail: undefined,
    guardrailInterventions: [],
    durationMs: Math.round(performance.now() - startedAt),
    pendingApprovals: pending,
  };
  yield stamp({ type: "run-end", result });
  return { result, declined: request === undefined };
}

/** The message to send: the task, or the person's answer on the task that asked (none when declined). */
function requestOf(input: RemoteRunInput): ExchangeRequest | undefined {
  if ("text" in input)
    return { text: input.text, ...(input.contextId !== undefined ? { contextId: input.contextId } : {}) };
  const { decision } = input;
  if (!decision.approved) return undefined;
  const answer = decision.input;
  const text = typeof answer === "string" ? answer : answer === undefined ? "yes" : JSON.stringify(answer);
  return { text, taskId: decision.toolUseId };
}

function declinedNote(input: RemoteRunInput): string {
  const reason = "decision" in input && !input.decision.approved ? input.decision.reason : undefined;
  return `The person declined to answer the remote agent's question${reason ? `: ${reason}` : "."}`;
}
