import { randomUUID } from "node:crypto";
import type { BedrockRuntimeClient, Tool as BedrockTool } from "@aws-sdk/client-bedrock-runtime";
import { approvalStep, type KnownVerdict } from "../approvals/approval-step.js";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ConversationStore } from "../contracts/conversation-store.js";
import type { StopCondition } from "../contracts/stop-condition.js";
import type { AnyTool } from "../contracts/tool.js";
import type { NextToolStep, ToolCall, ToolMiddleware } from "../contracts/tool-call.js";
import type { ToolEntry, ToolSource } from "../contracts/tool-source.js";
import { LodeError } from "../errors/lode-error.js";
import { planGuardContent } from "../guardrails/guard-content.js";
import {
  type ResolvedGuardrail,
  type ResolvedToolGuardrail,
  resolveGuardrail,
  resolveToolGuardrail,
  toGuardrailConfig,
} from "../guardrails/resolve-guardrail.js";
import { toolGuardrailStep } from "../guardrails/tool-guardrail-step.js";
import { EventChannel } from "../loop/event-channel.js";
import type { RunContext } from "../loop/run-context.js";
import { stepCountIs, totalTokensAtLeast } from "../loop/stop-conditions.js";
import { decisionsOf, normalizeInput } from "../messages/normalize-input.js";
import { DEFAULT_RETRY_POLICY } from "../model/retry-policy.js";
import type { StandardSchemaV1 } from "../schema/standard-schema.js";
import { OUTPUT_TOOL_NAME, planStructuredOutput } from "../structured-output/structured-output.js";
import {
  type AnswerToolCall,
  composeToolMiddleware,
  type TrustedStep,
} from "../tools/compose-tool-middleware.js";
import { runTool } from "../tools/run-tool.js";
import { checkpointCall } from "../tools/steps/checkpoint-call.js";
import { findTool } from "../tools/steps/find-tool.js";
import { rejectUnparsedInput } from "../tools/steps/reject-unparsed-input.js";
import { validateInput } from "../tools/steps/validate-input.js";
import { isToolSource, ToolBox } from "../tools/tool-box.js";
import type { AgentOptions, RunInput, RunOptions } from "./agent-options.js";
import { checkRunOptions, listOf } from "./check-options.js";
import { mergeRequestSettings } from "./merge-request-settings.js";

/** The entries of an agent's (or a run's) `tools`: its own tools, and its sources of tools. */
export interface ToolSet {
  fixed: AnyTool[];
  sources: ToolSource[];
}

/** The tool set of `tools` (the agent's is made once, a run's own when it brings some). */
export function toolSet(tools: readonly ToolEntry[]): ToolSet {
  return {
    fixed: tools.filter((entry): entry is AnyTool => !isToolSource(entry)),
    sources: tools.filter(isToolSource),
  };
}

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

/** What the agent resolved once, for all its runs. */
export interface AgentDefaults {
  options: Readonly<AgentOptions>;
  tools: ToolSet;
  /** Every tool the agent has offered, by name (`toolChanges: "system-messages"` declares them all). */
  knownTools: Map<string, BedrockTool>;
  /** The agent's stop conditions, for runs that set no limits of their own. */
  stopConditions: StopCondition[];
  client: BedrockRuntimeClient;
  store: ConversationStore;
  guardrail: ResolvedGuardrail | undefined;
  toolGuardrail: ResolvedToolGuardrail | undefined;
}

/**
 * Resolves one run from the agent's options and the run's: checked (a wrong option throws before
 * anything is sent), with its tool-call pipeline assembled. The caller's signal and the time limit are
 * armed only when the loop starts: a stream nobody reads must hold no timer and no listener.
 */
export function createRunContext(
  agent: AgentDefaults,
  input: RunInput,
  options: RunOptions<StandardSchemaV1 | undefined>,
  cancel: AbortController,
): RunContext {
  checkRunOptions(options as RunOptions<never>);
  const defaults = agent.options;
  const guardrail = pick(options.guardrail, agent.guardrail, resolveGuardrail);
  const toolGuardrail = pick(options.toolGuardrail, agent.toolGuardrail, resolveToolGuardrail);
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
  const guardContent = guardrail ? planGuardContent(normalizedInput, guardrail.guard) : undefined;
  const settings = mergeRequestSettings(defaults, options);
  if (guardrail) settings.guardrailConfig = toGuardrailConfig(guardrail);
  const output = options.output
    ? planStructuredOutput(options.output, defaults.structuredOutput ?? "auto", defaults.modelId)
    : undefined;
  const { fixed: ownTools, sources } = options.tools ? toolSet(options.tools) : agent.tools;
  const toolBox = new ToolBox(ownTools, sources, output?.tool);
  if (output?.tool && ownTools.some((tool) => tool.name === OUTPUT_TOOL_NAME))
    throw new LodeError(
      "invalid-config",
      `A tool is named "${OUTPUT_TOOL_NAME}", the name of the tool that carries structured output in tool mode: rename it.`,
    );
  const retry = { ...DEFAULT_RETRY_POLICY, ...defaults.retry };
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  const callerSignal = options.signal;
  const onCallerAbort = () => cancel.abort(callerSignal?.reason);
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const runId = options.runId ?? options.resume?.checkpoint.runId ?? randomUUID();
  const checkpointer = options.checkpointer;
  const toolEvents = new EventChannel<UnstampedEvent>();
  const approvalVerdicts = new Map<string, KnownVerdict>();
  // Assembled at the run's first tool call: a run that calls none never pays for it.
  const pipeline = () => {
    const { watcher } = ctx;
    const steps: (ToolMiddleware | TrustedStep)[] = [
      // First, so the instrumentation's span holds the whole call: checks, approval, the tool itself. It
      // is shown the tool the call names (to describe it), which findTool then attaches for the rest.
      ...(watcher
        ? [
            (call: ToolCall, next: NextToolStep) =>
              watcher.toolCall({ ...call, tool: call.tool ?? toolBox.get(call.toolName) }, () => next()),
          ]
        : []),
      findTool(toolBox),
      rejectUnparsedInput,
      ...(defaults.toolMiddleware ?? []),
      ...(options.toolMiddleware ?? []),
      validateInput,
    ];
    if (toolGuardrail || ownTools.some((tool) => tool.guardrail)) {
      const guard = { client: agent.client, guardrail: toolGuardrail, retry, signal: cancel.signal };
      steps.push(toolGuardrailStep(guard, (event) => toolEvents.push(event)));
    }
    const approvalRules = defaults.needsApproval ?? {};
    // Without a rule anywhere and no verdicts to apply (a resumed run has them by now), no call can wait.
    const approvals = approvalVerdicts.size > 0 || Object.keys(approvalRules).length > 0;
    // A source's tools (an MCP server's) may carry their own rules.
    if (approvals || sources.length > 0 || ownTools.some((tool) => tool.needsApproval !== undefined))
      steps.push(
        approvalStep({
          ruleFor: (name) =>
            Object.hasOwn(approvalRules, name) ? approvalRules[name] : toolBox.get(name)?.needsApproval,
          approver: options.approver ?? defaults.approver,
          verdicts: approvalVerdicts,
          emit: (event) => toolEvents.push(event),
        }),
      );
    if (checkpointer)
      steps.push(checkpointCall(checkpointer, ctx.storeTimeoutMs, (error) => ctx.checkpointFailed(error)));
    return composeToolMiddleware(steps, runTool(options.toolTimeoutMs ?? defaults.toolTimeoutMs ?? 60_000));
  };
  let answer: AnswerToolCall | undefined;
  const sessionId = options.sessionId;
  const ctx: RunContext = {
    runId,
    agentName: defaults.name,
    client: agent.client,
    modelId: defaults.modelId,
    system: options.system ?? defaults.system,
    toolBox,
    toolChanges: {
      mode: defaults.toolChanges ?? "tool-config",
      base: agent.tools.fixed,
      known: agent.knownTools,
    },
    answerToolCall: (call) => {
      answer ??= pipeline();
      return answer(call);
    },
    toolEvents,
    toolConcurrency: options.toolConcurrency ?? defaults.toolConcurrency ?? 4,
    settings,
    input: guardContent?.messages ?? normalizedInput,
    guardrail,
    guardContent: guardContent?.plan,
    sessionId,
    session: sessionId !== undefined ? { store: agent.store, sessionId } : undefined,
    storeTimeoutMs: options.storeTimeoutMs ?? defaults.storeTimeoutMs ?? 10_000,
    context: options.context ?? defaults.context,
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
    timedOut: () => timedOut && callerSignal?.aborted !== true,
    arm: () => {
      if (callerSignal?.aborted) onCallerAbort();
      else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
      if (timeoutMs !== undefined)
        timer = setTimeout(() => {
          timedOut = true;
          cancel.abort(new LodeError("timeout", "The run exceeded its time limit."));
        }, timeoutMs);
    },
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
    decisions,
    approvalVerdicts,
    retry,
    output,
    maxOutputRetries: defaults.maxOutputRetries ?? 2,
    price:
      defaults.prices && Object.hasOwn(defaults.prices, defaults.modelId)
        ? defaults.prices[defaults.modelId]
        : undefined,
    instrumentation: defaults.instrumentation,
    watcher: undefined,
    checkpointer,
    resume: options.resume,
    checkpointFailure: undefined,
    checkpointFailed(error) {
      ctx.checkpointFailure ??= error;
    },
  };
  return ctx;
}

/** A run's guardrail setting over the agent's: `false` turns it off, a new one is resolved. */
function pick<O, R>(
  runValue: O | false | undefined,
  agentValue: R | undefined,
  resolve: (options: O) => R,
): R | undefined {
  if (runValue === false) return undefined;
  return runValue ? resolve(runValue) : agentValue;
}
