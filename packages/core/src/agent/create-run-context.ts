import { randomUUID } from "node:crypto";
import type { KnownVerdict } from "../approvals/approval-step.js";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { StopCondition } from "../contracts/stop-condition.js";
import { LodeError } from "../errors/lode-error.js";
import { EventChannel } from "../loop/event-channel.js";
import type { RunContext } from "../loop/run-context.js";
import { stepCountIs, totalTokensAtLeast } from "../loop/stop-conditions.js";
import { flatString } from "../memory/flat-string.js";
import { decisionsOf, normalizeInput } from "../messages/normalize-input.js";
import type { StandardSchemaV1 } from "../schema/standard-schema.js";
import type { AgentDefaults } from "./agent-defaults.js";
import type { RunInput, RunOptions } from "./agent-options.js";
import { agentPart } from "./agent-part.js";
import { checkRunOptions, listOf } from "./check-options.js";
import { reachableAgents } from "./resolve-handoffs.js";
import { switchAgent } from "./switch-agent.js";

export type { AgentDefaults } from "./agent-defaults.js";

export { type ToolSet, toolSet } from "./tool-set.js";

/**
 * The stop conditions of a run with these limits: the step limit (20 by default), the token limit when
 * there is one, then the agent's and the run's own conditions.
 */
export function stopConditionsOf(limits: {
  maxSteps?: number;
  maxTotalTokens?: number;
  stopWhen?: StopCondition | StopCondition[];
  runStopWhen?: StopCondition | StopCondition[];
}): StopCondition[] {
  const { maxSteps = 20, maxTotalTokens } = limits;
  return [
    stepCountIs(maxSteps),
    ...(maxTotalTokens !== undefined ? [totalTokensAtLeast(maxTotalTokens)] : []),
    ...listOf(limits.stopWhen),
    ...listOf(limits.runStopWhen),
  ];
}

/**
 * Resolves one run from the agent's options and the run's: checked (a wrong option throws before
 * anything is sent), with the speaking agent's part (`agentPart`) resolved. The caller's signal and the
 * time limit are armed only when the loop starts: a stream nobody reads must hold no timer and no listener.
 */
export function createRunContext(
  agent: AgentDefaults,
  input: RunInput,
  options: RunOptions<StandardSchemaV1 | undefined>,
  cancel: AbortController,
  /** Whether a listener on the agent hears its events. */
  listened: () => boolean,
): RunContext {
  checkRunOptions(options as RunOptions<never>);
  const defaults = agent.options;
  // A resumed run's input is in its checkpoint.
  if (options.resume && !(Array.isArray(input) && input.length === 0))
    throw new LodeError(
      "invalid-config",
      "A run that resumes a checkpoint takes an empty input ([]): its input is in the checkpoint.",
    );
  if (options.resume && options.runId !== undefined && options.runId !== options.resume.checkpoint.runId)
    throw new LodeError(
      "invalid-config",
      `runId ${options.runId} is not the run of the checkpoint it resumes.`,
    );
  const normalizedInput = options.resume ? [] : normalizeInput(input);
  const decisions = decisionsOf(input);
  const parentPath = options.parent?.agentPath ?? [];
  const speaking = agentPart(agent, options, {
    entry: true,
    parentPath,
    input: normalizedInput,
    ctx: () => ctx,
  });
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  const callerSignal = options.signal;
  const limits: RunLimits = { cancel, callerSignal, timeoutMs, timedOut: false, timer: undefined };
  // Flat: every event, record and store block id of the run shares this string (see flatString).
  const runId = options.runId ?? options.resume?.checkpoint.runId ?? flatString(randomUUID());
  const sessionId = options.sessionId;
  const ctx: RunContext = {
    runId,
    ...speaking,
    parentPath,
    parent: options.parent,
    handoffs: {
      count: 0,
      max: options.maxHandoffs ?? defaults.maxHandoffs ?? 10,
      view: undefined,
      reachable: () => reachableAgents(agent),
    },
    switchAgent: (target) => switchAgent(ctx, target, options),
    subRuns: [],
    history: () => [],
    innerDecisions: undefined,
    toolEvents: new EventChannel<UnstampedEvent>(),
    toolConcurrency: options.toolConcurrency ?? defaults.toolConcurrency ?? 4,
    sessionId,
    session: sessionId !== undefined ? { store: agent.store, sessionId } : undefined,
    storeTimeoutMs: options.storeTimeoutMs ?? defaults.storeTimeoutMs ?? 10_000,
    stopConditions:
      options.maxSteps === undefined && options.maxTotalTokens === undefined && options.stopWhen === undefined
        ? agent.stopConditions
        : stopConditionsOf({
            maxSteps: options.maxSteps ?? defaults.maxSteps,
            maxTotalTokens: options.maxTotalTokens ?? defaults.maxTotalTokens,
            stopWhen: defaults.stopWhen,
            runStopWhen: options.stopWhen,
          }),
    signal: cancel.signal,
    callerCanAbort: callerSignal !== undefined || timeoutMs !== undefined,
    // Bound module functions, not closures made per run (why: the root README, "Speed").
    timedOut: timedOut.bind(undefined, limits),
    arm: armLimits.bind(undefined, limits),
    dispose: disposeLimits.bind(undefined, limits),
    decisions,
    approvalVerdicts: new Map<string, KnownVerdict>(),
    instrumentation: defaults.instrumentation,
    watcher: undefined,
    deliverDirectly: undefined,
    heard: () => false,
    checkpointer: options.checkpointer,
    resume: options.resume,
    checkpointFailure: undefined,
    checkpointFailed(error) {
      ctx.checkpointFailure ??= error;
    },
  };
  // Asked on every model call; it reads the watcher the loop sets on `ctx`, so it is bound once `ctx` is made.
  ctx.heard = isHeard.bind(undefined, ctx, listened);
  return ctx;
}

/** Whether anyone besides the run's reader hears its events: its instrumentation, or a listener on the agent. */
function isHeard(ctx: RunContext, listened: () => boolean): boolean {
  return ctx.watcher !== undefined || listened();
}

/** A run's time limit and the caller's signal, which abort `cancel`. */
interface RunLimits {
  cancel: AbortController;
  callerSignal: AbortSignal | undefined;
  timeoutMs: number | undefined;
  timedOut: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  onCallerAbort?: () => void;
}

function armLimits(limits: RunLimits): void {
  const { callerSignal, cancel, timeoutMs } = limits;
  if (callerSignal) {
    limits.onCallerAbort = () => cancel.abort(callerSignal.reason);
    if (callerSignal.aborted) limits.onCallerAbort();
    else callerSignal.addEventListener("abort", limits.onCallerAbort, { once: true });
  }
  if (timeoutMs !== undefined)
    limits.timer = setTimeout(() => {
      limits.timedOut = true;
      cancel.abort(new LodeError("timeout", "The run exceeded its time limit."));
    }, timeoutMs);
}

function disposeLimits(limits: RunLimits): void {
  clearTimeout(limits.timer);
  if (limits.onCallerAbort) limits.callerSignal?.removeEventListener("abort", limits.onCallerAbort);
}

function timedOut(limits: RunLimits): boolean {
  return limits.timedOut && limits.callerSignal?.aborted !== true;
}
