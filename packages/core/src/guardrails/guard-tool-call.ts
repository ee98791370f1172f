import type {
  BedrockRuntimeClient,
  GuardrailChecksResults,
  ToolResultContentBlock,
} from "@aws-sdk/client-bedrock-runtime";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ToolGuardrailIntervention } from "../contracts/guardrail-intervention.js";
import type { AnyTool } from "../contracts/tool.js";
import type { ToolCallAnswer } from "../contracts/tool-call.js";
import type { LodeError } from "../errors/lode-error.js";
import { abortableDelay, planRetry, type RetryPolicy } from "../model/retry-policy.js";
import { tryParseJson } from "../model/tool-input.js";
import { errorOutcome } from "../tools/tool-outcome.js";
import { type ApplyGuardrailResult, applyGuardrail } from "./apply-guardrail.js";
import { invokeGuardrailChecks } from "./invoke-guardrail-checks.js";
import { type ResolvedToolGuardrail, resolveToolGuardrail } from "./resolve-guardrail.js";

/** What the tool calls of a run need to be guarded. */
export interface ToolCallGuard {
  client: BedrockRuntimeClient;
  /** The agent's (or the run's) tool guardrail, for tools without their own. */
  guardrail: ResolvedToolGuardrail | undefined;
  /** ApplyGuardrail is retried like a model call. */
  retry: RetryPolicy;
  signal: AbortSignal;
}

/** A retry of a tool guardrail's check, before the run stamps it with its id and step. */
export type GuardrailRetry = Extract<
  UnstampedEvent,
  { type: "retry"; operation: "ApplyGuardrail" | "InvokeGuardrailChecks" }
>;

/** One tool call, as its guard sees it. */
export interface GuardedToolCall {
  guard: ToolCallGuard;
  guardrail: ResolvedToolGuardrail;
  tool: AnyTool;
  toolUseId: string;
  /** Reports each retry of ApplyGuardrail before its backoff, as model calls report theirs. */
  onRetry: (retry: GuardrailRetry) => void;
}

/** The guardrail of one tool: the tool's own, else the agent's; a tool's `guardrail: false` turns it off. */
export function toolGuardrailFor(
  tool: AnyTool,
  guard: ToolCallGuard | undefined,
): ResolvedToolGuardrail | undefined {
  if (tool.guardrail === false) return undefined;
  // Resolved as the agent checked it, so an `input: undefined` means the same default in both places.
  if (tool.guardrail) return resolveToolGuardrail(tool.guardrail);
  return guard?.guardrail;
}

/**
 * Checks a tool's input before it runs. Passed or masked: the input to run with (masked input parsed back
 * from its JSON). Blocked, masked into invalid JSON, or not checkable (ApplyGuardrail failed): a refusal,
 * the text of the error result that answers the call instead.
 */
export async function guardToolInput(
  call: GuardedToolCall,
  input: unknown,
): Promise<{ input?: unknown; refusal?: string; intervention?: ToolGuardrailIntervention }> {
  let checked: ApplyGuardrailResult;
  try {
    checked = await applyWithRetry(call, "input", [JSON.stringify(input ?? {})]);
  } catch (error) {
    return { refusal: `Tool "${call.tool.name}" was not run: ${checkFailed(error)}` };
  }
  if (!checked.intervention) return { input };
  const intervention = interventionOf(call, "input", checked);
  if (intervention.action !== "masked") return { refusal: blockedMessage(checked), intervention };
  const maskedText = checked.outputs.join("");
  const masked = maskedText.trim() === "" ? undefined : tryParseJson(maskedText);
  if (masked === undefined) {
    return {
      refusal: `Tool "${call.tool.name}" was not run: the guardrail masked its input into invalid JSON.`,
      intervention,
    };
  }
  return { input: masked, intervention };
}

/**
 * Checks a tool's result before the model reads it: text blocks as they are, JSON blocks as their JSON
 * text (parsed back when the masked text is still JSON); images and documents are not checked. Blocked
 * (or not checkable): an error result in its place. Masked: the masked result.
 */
export async function guardToolOutput(
  call: GuardedToolCall,
  outcome: ToolCallAnswer,
): Promise<ToolCallAnswer & { intervention?: ToolGuardrailIntervention }> {
  const checkable = outcome.content.flatMap((block, index) =>
    block.text !== undefined
      ? [{ index, text: block.text }]
      : block.json !== undefined
        ? [{ index, text: JSON.stringify(block.json) }]
        : [],
  );
  if (checkable.length === 0) return outcome;
  let checked: ApplyGuardrailResult;
  try {
    checked = await applyWithRetry(
      call,
      "output",
      checkable.map((item) => item.text),
    );
  } catch (error) {
    return errorOutcome(`The result of tool "${call.tool.name}" was withheld: ${checkFailed(error)}`);
  }
  if (!checked.intervention) return outcome;
  const intervention = interventionOf(call, "output", checked);
  if (intervention.action !== "masked") return { ...errorOutcome(blockedMessage(checked)), intervention };
  const replacements = new Map<number, ToolResultContentBlock | undefined>();
  if (checked.outputs.length === checkable.length) {
    checkable.forEach((item, position) => {
      const text = checked.outputs[position] ?? "";
      replacements.set(
        item.index,
        outcome.content[item.index]?.json !== undefined ? jsonOrText(text) : { text },
      );
    });
  } else {
    // Outputs that do not line up with the blocks are kept together, in the first checked block's place.
    for (const [position, item] of checkable.entries())
      replacements.set(item.index, position === 0 ? { text: checked.outputs.join("\n") } : undefined);
  }
  const content = outcome.content.flatMap((block, index) => {
    if (!replacements.has(index)) return [block];
    const replacement = replacements.get(index);
    return replacement ? [replacement] : [];
  });
  return { status: outcome.status, content, intervention };
}

/**
 * The guardrail's check of one side of a tool call, retried under the run's policy. A tool's input was
 * written by the model (ApplyGuardrail's source `OUTPUT`, the checks' role `assistant`); its result is what
 * the model will read (source `INPUT`, role `user`).
 */
async function applyWithRetry(
  call: GuardedToolCall,
  side: "input" | "output",
  content: string[],
): Promise<ApplyGuardrailResult & { checks?: GuardrailChecksResults }> {
  const { guard, guardrail } = call;
  for (let attempt = 1; ; attempt++) {
    try {
      if (guardrail.mode === "checks")
        return await invokeGuardrailChecks({
          client: guard.client,
          guardrail,
          texts: content,
          role: side === "input" ? "assistant" : "user",
          signal: guard.signal,
        });
      return await applyGuardrail({
        client: guard.client,
        id: guardrail.id,
        version: guardrail.version,
        content,
        source: side === "input" ? "OUTPUT" : "INPUT",
        signal: guard.signal,
      });
    } catch (error) {
      const { error: failure, delayMs } = planRetry(guard.retry, error, attempt, guard.signal);
      const common = {
        type: "retry" as const,
        attempt,
        delayMs,
        code: failure.code,
        message: failure.message,
        discardsPartialStep: false as const,
        toolUseId: call.toolUseId,
        toolName: call.tool.name,
        side,
      };
      call.onRetry(
        guardrail.mode === "checks"
          ? { ...common, operation: "InvokeGuardrailChecks" }
          : {
              ...common,
              operation: "ApplyGuardrail",
              guardrailId: guardrail.id,
              guardrailVersion: guardrail.version,
            },
      );
      await abortableDelay(delayMs, guard.signal);
    }
  }
}

function interventionOf(
  call: GuardedToolCall,
  side: "input" | "output",
  checked: ApplyGuardrailResult & { checks?: GuardrailChecksResults },
): ToolGuardrailIntervention {
  const verdict = checked.intervention ?? { action: "unknown", policies: [], findings: [] };
  const { guardrail } = call;
  return {
    origin: "tool",
    side,
    toolUseId: call.toolUseId,
    toolName: call.tool.name,
    ...(guardrail.mode === "checks"
      ? { check: "checks" as const, ...(checked.checks ? { checkResults: checked.checks } : {}) }
      : {
          check: "apply-guardrail" as const,
          guardrailId: guardrail.id,
          guardrailVersion: guardrail.version,
        }),
    // Without findings to say it only masked, the content is treated as blocked: a tool must not act on it.
    action: verdict.action === "masked" ? "masked" : "blocked",
    policies: verdict.policies,
    findings: verdict.findings,
    assessments: checked.assessments,
  };
}

function blockedMessage(checked: ApplyGuardrailResult): string {
  return checked.outputs.join("\n").trim() || "A guardrail blocked this content.";
}

function checkFailed(error: unknown): string {
  const lodeError = error as LodeError;
  return `its guardrail check failed (${lodeError.code ?? "unknown"}: ${lodeError.message ?? String(error)}).`;
}

function jsonOrText(text: string): ToolResultContentBlock {
  const parsed = tryParseJson(text);
  // Bedrock takes only an object as a json result.
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? { json: parsed as never }
    : { text };
}
