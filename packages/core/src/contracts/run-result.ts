import type { Message, StopReason, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { GuardrailIntervention, ModelGuardrailIntervention } from "./guardrail-intervention.js";
import type { ToolResultStatus } from "./tool.js";

/** Token counts and time of one model call (or their sums over a run). */
export interface StepUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  /** Bedrock's `metrics.latencyMs`. */
  latencyMs: number;
}

/** One tool call of a run and what it returned. */
export interface ToolCallRecord {
  step: number;
  toolUseId: string;
  toolName: string;
  /** The input as the model sent it (parsed JSON, or the raw text when it was not valid JSON). */
  input: unknown;
  status: ToolResultStatus;
  content: ToolResultContentBlock[];
  durationMs: number;
}

/** One model call of a run. */
export interface StepResult {
  step: number;
  /** The assistant message as Bedrock meant it, reasoning and signatures included. */
  message: Message;
  stopReason: StopReason | string;
  usage: StepUsage;
  toolCalls: ToolCallRecord[];
  /** Attempts beyond the first that this step needed. */
  retries: number;
}

/** What a run produced. `Output` is the structured output's type when one was asked for. */
export interface RunResult<Output = undefined> {
  runId: string;
  sessionId: string | undefined;
  /** The text of the last assistant message. */
  text: string;
  /** The validated structured output, when `output` was given. */
  output: Output;
  /** The messages this run added to the conversation: the input, then each step's messages. */
  messages: Message[];
  stopReason: StopReason | string;
  steps: StepResult[];
  /** Sums over all steps. */
  usage: StepUsage;
  toolCalls: ToolCallRecord[];
  /**
   * Set when a guardrail intervened in a model call (the last such intervention): which side, what it
   * found, what it did.
   */
  guardrail: ModelGuardrailIntervention | undefined;
  /** Every guardrail intervention of the run, in order: model calls' and tool calls' alike. */
  guardrailInterventions: GuardrailIntervention[];
  /** Wall time of the whole run. */
  durationMs: number;
}
