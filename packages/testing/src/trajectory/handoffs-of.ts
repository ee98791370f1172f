import type { AgentEvent, AgentPath, RunResult, StepResult, ToolCallRecord } from "@lode/core";
import { samePath } from "./agent-path-match.js";

/** One handoff of a run: the conversation passed from one agent to another. */
export interface HandoffRecord {
  /** The agent handing off (its `name`; `"agent"` for one without). */
  from: string;
  /** The agent taking over. */
  to: string;
  /**
   * The path of the agent handing off, outermost first: `["triage"]` at the top of a run, longer for a
   * sub-agent (called as a tool) that handed off inside its call, e.g. `["support", "docs"]`.
   */
  agentPath: AgentPath;
  /** The `transfer_to_{to}` call that handed off; undefined when a result does not hold it (see `handoffsOf`). */
  toolUseId: string | undefined;
  /** Why, as the model said in the transfer call, when it said. */
  reason?: string;
}

const TRANSFER_PREFIX = "transfer_to_";

/**
 * A run's handoffs, in order, from its events or from its result.
 *
 * - **Events** (`agent.stream()`'s, collected) say it outright: each `handoff` event is one, the sub-agents'
 *   included, with its `toolUseId` and `reason`. They are the record to prefer.
 * - **A result** lists no handoffs: they are read from where its agent changes between `steps` (the
 *   transfer call is found in the step's message) and, for a run that ended right after a handoff or for a
 *   sub-agent's (whose steps a result does not hold), from `transfer_to_*` calls in `toolCalls` that were
 *   answered with success. Hence a result cannot tell an agent handing off to another of the same name,
 *   and would count a tool of the agent's own that is named `transfer_to_*` and succeeds at the very end.
 *   A run paused for approval has taken no handoff yet, whatever its transfer call's answer: the run that
 *   resumes it takes it, and shows it (its step 0 is the paused step, read from its calls' `agentPath`).
 */
export function handoffsOf(source: RunResult<unknown> | readonly AgentEvent[]): HandoffRecord[] {
  if (Array.isArray(source))
    return (source as readonly AgentEvent[]).flatMap((event) =>
      event.type === "handoff"
        ? [
            {
              from: event.from,
              to: event.to,
              agentPath: event.agentPath,
              toolUseId: event.toolUseId,
              ...(event.reason !== undefined ? { reason: event.reason } : {}),
            },
          ]
        : [],
    );
  return handoffsOfResult(source as RunResult<unknown>);
}

function handoffsOfResult(result: RunResult<unknown>): HandoffRecord[] {
  const { steps } = result;
  const stepOfCall = new Map<string, number>();
  steps.forEach((step, index) => {
    for (const call of step.toolCalls) stepOfCall.set(call.toolUseId, index);
  });
  const handoffs: HandoffRecord[] = [];
  // A step's own handoff comes once all its calls are answered, its sub-agents' calls (and handoffs) too.
  let done = 0;
  const finishStepsBefore = (end: number) => {
    for (; done < end; done++) handoffs.push(...ownHandoff(result, done));
  };
  for (const call of result.toolCalls) {
    const index = stepOfCall.get(call.toolUseId);
    if (index !== undefined) finishStepsBefore(index);
    else if (isTransfer(call)) handoffs.push(fromTransferCall(call));
  }
  finishStepsBefore(steps.length);
  return handoffs;
}

/** The handoff the run's agent made at the end of step `index`, if it made one. */
function ownHandoff(result: RunResult<unknown>, index: number): HandoffRecord[] {
  const step = result.steps[index] as StepResult;
  const next = result.steps[index + 1];
  const agentPath = speakerOf(step);
  const from = agentPath.at(-1) ?? "agent";
  if (next && !samePath(speakerOf(next), agentPath)) {
    const to = speakerOf(next).at(-1) ?? "agent";
    const use = step.message.content?.find(
      (block) => block.toolUse?.name === `${TRANSFER_PREFIX}${to}`.slice(0, 64),
    )?.toolUse;
    return [{ from, to, agentPath, toolUseId: use?.toolUseId, ...reasonOf(use?.input) }];
  }
  // The run ended right after a handoff (a stop condition, say); a paused step has taken none yet.
  const paused = result.stopReason === "awaiting_approval";
  if (next || paused) return [];
  const transfer = step.toolCalls.find(
    (call) => samePath(call.agentPath, step.agentPath) && isTransfer(call),
  );
  return transfer ? [fromTransferCall(transfer)] : [];
}

/**
 * The agent that made a step's model call. A resumed step 0 is read from its calls, which the agent that
 * asked for them made: its `agentPath` says the agent speaking when the run ended, the target already when
 * the resumed calls took a handoff.
 */
function speakerOf(step: StepResult): AgentPath {
  const [call] = step.toolCalls;
  return step.step === 0 && call ? call.agentPath : step.agentPath;
}

function isTransfer(call: ToolCallRecord): boolean {
  return call.toolName.startsWith(TRANSFER_PREFIX) && call.status === "success";
}

function fromTransferCall(call: ToolCallRecord): HandoffRecord {
  return {
    from: call.agentPath.at(-1) ?? "agent",
    to: call.toolName.slice(TRANSFER_PREFIX.length),
    agentPath: call.agentPath,
    toolUseId: call.toolUseId,
    ...reasonOf(call.input),
  };
}

function reasonOf(input: unknown): { reason?: string } {
  const reason = (input as { reason?: unknown } | undefined)?.reason;
  return typeof reason === "string" ? { reason } : {};
}
