import type { StopCondition } from "../contracts/stop-condition.js";
import { LodeError } from "../errors/lode-error.js";
import { isRegionName } from "../errors/setup-errors.js";
import { resolveToolGuardrail } from "../guardrails/resolve-guardrail.js";
import { checkTools, typeName } from "../tools/check-tool.js";
import type { AgentOptions, RunOptions } from "./agent-options.js";

/** Numeric options and what they must be. */
const POSITIVE_INTEGERS = ["maxSteps", "toolConcurrency"] as const;
const POSITIVE_NUMBERS = ["maxTotalTokens", "timeoutMs", "toolTimeoutMs", "storeTimeoutMs"] as const;

/**
 * Checks an agent's options (JavaScript callers have no compiler to do it): wrong ones are a
 * `LodeError` with code `invalid-config` that says which and why, raised when the agent is made.
 */
export function checkAgentOptions(options: AgentOptions): void {
  if (typeof options !== "object" || options === null)
    throw invalid(`Agent takes an options object, not ${typeName(options)}.`);
  if (typeof options.modelId !== "string" || options.modelId.trim() === "")
    throw invalid("Agent needs a modelId: a model id, inference profile id or ARN.");
  checkShared(options, "agent");
  const retries = options.maxOutputRetries;
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0))
    throw invalid(`maxOutputRetries must be a whole number of 0 or more, not ${typeName(retries)}.`);
  const store = options.store as unknown as Record<string, unknown> | undefined;
  if (store !== undefined && !["load", "append"].every((method) => typeof store?.[method] === "function"))
    throw invalid("store must be a ConversationStore (with load() and append()).");
  if (options.toolChanges !== undefined && !["tool-config", "system-messages"].includes(options.toolChanges))
    throw invalid(
      `toolChanges must be "tool-config" or "system-messages", not ${typeName(options.toolChanges)}.`,
    );
  const region: unknown = options.clientConfig?.region;
  if (typeof region === "string" && !isRegionName(region))
    throw invalid(
      `clientConfig.region is ${JSON.stringify(region)}, which is not an AWS region name: a region is named like us-east-1.`,
    );
  if (options.prices !== undefined) checkPrices(options.prices);
  const instrumentation = options.instrumentation as unknown as Record<string, unknown> | undefined;
  if (instrumentation !== undefined && typeof instrumentation?.startRun !== "function")
    throw invalid("instrumentation must be a RunInstrumentation (with startRun()), e.g. openTelemetry().");
}

const PRICE_KINDS = ["input", "output", "cacheRead", "cacheWrite"] as const;

/** A price table is by model id; each price a finite number of 0 or more per million tokens. */
function checkPrices(prices: unknown): void {
  if (typeof prices !== "object" || prices === null || Array.isArray(prices))
    throw invalid(`prices must be an object of prices by model id, not ${typeName(prices)}.`);
  for (const [modelId, price] of Object.entries(prices)) {
    if (typeof price !== "object" || price === null)
      throw invalid(
        `prices["${modelId}"] must be { input, output, cacheRead?, cacheWrite? }, not ${typeName(price)}.`,
      );
    for (const kind of PRICE_KINDS) {
      const value = (price as Record<string, unknown>)[kind];
      const optional = kind === "cacheRead" || kind === "cacheWrite";
      if (optional && value === undefined) continue;
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
        throw invalid(
          `prices["${modelId}"].${kind} must be a price per million tokens (0 or more), not ${typeName(value)}.`,
        );
    }
  }
}

/** Checks a run's options, before anything is sent. */
export function checkRunOptions(options: RunOptions<never>): void {
  if (typeof options !== "object" || options === null)
    throw invalid(`A run takes an options object, not ${typeName(options)}.`);
  checkShared(options, "run");
  const { signal, sessionId } = options;
  if (signal !== undefined && !isAbortSignal(signal))
    throw invalid(`signal must be an AbortSignal, not ${typeName(signal)}.`);
  if (sessionId !== undefined && (typeof sessionId !== "string" || sessionId.trim() === ""))
    throw invalid(`sessionId must be a non-empty string, not ${typeName(sessionId)}.`);
}

function checkShared(options: AgentOptions | RunOptions<never>, where: "agent" | "run"): void {
  // Most runs pass no options, or a few: skip the lists of checks for the fields they do not set.
  if (where === "run" && !hasAny(options)) return;
  if (options.tools !== undefined) {
    checkTools(options.tools, `${where}.tools`);
    for (const tool of options.tools)
      if ("guardrail" in tool && tool.guardrail) resolveToolGuardrail(tool.guardrail);
  }
  for (const key of POSITIVE_INTEGERS) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value > 0))
      throw invalid(`${key} must be a positive whole number, not ${typeName(value)}.`);
  }
  for (const key of POSITIVE_NUMBERS) {
    const value = options[key];
    if (value !== undefined && !(typeof value === "number" && value > 0))
      throw invalid(`${key} must be a positive number, not ${typeName(value)}.`);
  }
  const maxHandoffs = options.maxHandoffs;
  if (maxHandoffs !== undefined && !(Number.isInteger(maxHandoffs) && maxHandoffs >= 0))
    throw invalid(`maxHandoffs must be a whole number of 0 or more, not ${typeName(maxHandoffs)}.`);
  const system: unknown = options.system;
  if (system !== undefined && typeof system !== "string" && !isBlockList(system))
    throw invalid(
      `system must be a string or an array of system content blocks ([{ text: "…" }]), not ${typeName(system)}.`,
    );
  const middleware: unknown = options.toolMiddleware;
  if (
    middleware !== undefined &&
    !(Array.isArray(middleware) && middleware.every((step) => typeof step === "function"))
  )
    throw invalid("toolMiddleware must be an array of (call, next) => outcome functions.");
  for (const condition of listOf(options.stopWhen))
    if (typeof condition?.isMet !== "function" || typeof condition.reason !== "string")
      throw invalid("stopWhen takes stop conditions: stepCountIs(n), stopWhen((progress) => …), …");
}

/** One stop condition or several, as a list. */
export function listOf(conditions: StopCondition | readonly StopCondition[] | undefined): StopCondition[] {
  if (conditions === undefined) return [];
  return Array.isArray(conditions) ? [...conditions] : [conditions as StopCondition];
}

function isBlockList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((block) => typeof block === "object" && block !== null && !Array.isArray(block))
  );
}

function isAbortSignal(value: unknown): value is AbortSignal {
  const signal = value as AbortSignal;
  return (
    typeof signal === "object" &&
    signal !== null &&
    typeof signal.aborted === "boolean" &&
    typeof signal.addEventListener === "function" &&
    typeof signal.removeEventListener === "function"
  );
}

function invalid(message: string): LodeError {
  return new LodeError("invalid-config", message);
}

function hasAny(options: object): boolean {
  for (const _key in options) return true;
  return false;
}
