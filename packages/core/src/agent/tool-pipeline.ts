import { approvalStep } from "../approvals/approval-step.js";
import type { ToolGuardrailOptions } from "../contracts/guardrail-options.js";
import type { NextToolStep, ToolCall, ToolCallOutcome, ToolMiddleware } from "../contracts/tool-call.js";
import { type ResolvedToolGuardrail, resolveToolGuardrail } from "../guardrails/resolve-guardrail.js";
import { toolGuardrailStep } from "../guardrails/tool-guardrail-step.js";
import type { RunContext } from "../loop/run-context.js";
import {
  type AnswerToolCall,
  composeToolMiddleware,
  type TrustedStep,
  trustedStep,
} from "../tools/compose-tool-middleware.js";
import { runTool } from "../tools/run-tool.js";
import { checkpointCall } from "../tools/steps/checkpoint-call.js";
import { findTool } from "../tools/steps/find-tool.js";
import { rejectUnparsedInput } from "../tools/steps/reject-unparsed-input.js";
import { validateInput } from "../tools/steps/validate-input.js";
import type { ToolBox } from "../tools/tool-box.js";
import type { AgentDefaults } from "./agent-defaults.js";
import type { RunOptions } from "./agent-options.js";

/**
 * The tool-call pipeline of one agent in a run: its tools, middleware, tool guardrail and approval rules,
 * with the run's own (the approver, the run's middleware, checkpoints). Assembled at the agent's first
 * tool call: a run that calls none never pays for it.
 */
export function lazyToolPipeline(
  agent: AgentDefaults,
  run: RunOptions<never>,
  toolBox: ToolBox,
  ctx: () => RunContext,
  ownGuardrail: ToolGuardrailOptions | false | undefined,
): AnswerToolCall {
  const lazy: LazyPipeline = { agent, run, toolBox, ctx, ownGuardrail, answer: undefined };
  // Bound, not a closure made per run (why: the root README, "Speed").
  return answerLazily.bind(undefined, lazy);
}

interface LazyPipeline {
  agent: AgentDefaults;
  run: RunOptions<never>;
  toolBox: ToolBox;
  ctx: () => RunContext;
  ownGuardrail: ToolGuardrailOptions | false | undefined;
  answer: AnswerToolCall | undefined;
}

function answerLazily(lazy: LazyPipeline, call: ToolCall): Promise<ToolCallOutcome> {
  const { agent, run, toolBox, ctx, ownGuardrail } = lazy;
  lazy.answer ??= assemble(agent, run, toolBox, ctx(), pick(ownGuardrail, agent.toolGuardrail));
  return lazy.answer(call);
}

function assemble(
  agent: AgentDefaults,
  run: RunOptions<never>,
  toolBox: ToolBox,
  ctx: RunContext,
  toolGuardrail: ResolvedToolGuardrail | undefined,
): AnswerToolCall {
  const defaults = agent.options;
  const { watcher, toolEvents, approvalVerdicts, checkpointer } = ctx;
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
    ...(run.toolMiddleware ?? []),
    validateInput,
  ];
  const ownTools = toolBox.fixed;
  if (toolGuardrail || ownTools.some((tool) => tool.guardrail)) {
    const guard = { client: agent.client, guardrail: toolGuardrail, retry: ctx.retry, signal: ctx.signal };
    steps.push(toolGuardrailStep(guard, (event) => toolEvents.push(event)));
  }
  const approvalRules = defaults.needsApproval ?? {};
  // Without a rule anywhere and no verdicts to apply (a resumed run has them by now), no call can wait.
  const approvals = approvalVerdicts.size > 0 || Object.keys(approvalRules).length > 0;
  // A source's tools (an MCP server's) may carry their own rules.
  if (approvals || toolBox.hasSources || ownTools.some((tool) => tool.needsApproval !== undefined))
    steps.push(
      approvalStep({
        ruleFor: (name) =>
          Object.hasOwn(approvalRules, name) ? approvalRules[name] : toolBox.get(name)?.needsApproval,
        approver: run.approver ?? defaults.approver,
        verdicts: approvalVerdicts,
        emit: (event) => toolEvents.push(event),
      }),
    );
  if (checkpointer)
    steps.push(checkpointCall(checkpointer, ctx.storeTimeoutMs, (error) => ctx.checkpointFailed(error)));
  // The tool runs last; it answers every failure itself, so it needs no guard.
  return composeToolMiddleware(
    steps,
    trustedStep(runTool(run.toolTimeoutMs ?? defaults.toolTimeoutMs ?? 60_000)),
  );
}

/** A run's guardrail setting over the agent's: `false` turns it off, a new one is resolved. */
function pick(
  runValue: ToolGuardrailOptions | false | undefined,
  agentValue: ResolvedToolGuardrail | undefined,
): ResolvedToolGuardrail | undefined {
  if (runValue === false) return undefined;
  return runValue ? resolveToolGuardrail(runValue) : agentValue;
}
