import type { Message, ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { AgentEvent } from "./agent-event.js";
import type { AgentPath } from "./agent-path.js";
import type { ApprovalDecision, ApprovalRequest, NeedsApproval } from "./approval.js";
import type { ToolGuardrailOptions } from "./guardrail-options.js";

/** A JSON Schema whose top level describes an object, as Bedrock requires of a tool's input. */
export type ObjectJsonSchema = { type: "object"; [keyword: string]: unknown };

/** One reason an input failed its schema: where (`"city"`, `"stops.2.lat"`, or `""` for the root) and why. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type ValidationOutcome<T> =
  | { success: true; value: T }
  | { success: false; issues: ValidationIssue[] };

import type { ToolCallAnswer } from "./tool-answer.js";

export type { ToolCallAnswer, ToolResultStatus } from "./tool-answer.js";

/** What a running tool can reach. */
export interface ToolContext {
  /** Aborted when the run is aborted or the tool's timeout passes. */
  signal: AbortSignal;
  /** The id of the `toolUse` block this call answers. */
  toolUseId: string;
  runId: string;
  step: number;
  /** The session the run continues, if any. */
  sessionId: string | undefined;
  /** Emits a `tool-progress` event carrying `data`. */
  progress(data: unknown): void;
  /** The path of the agent that called the tool (`["support"]`); a sub-agent's run extends it. */
  agentPath: AgentPath;
  /**
   * Passes an event of a run this tool drives (a sub-agent's, already stamped with its own run, step and
   * path) into the caller's stream as it is. Events a tool emits after its call is answered are dropped.
   */
  emit(event: AgentEvent): void;
  /**
   * Decisions on calls that wait inside this call (a sub-agent's, which paused the run): given when the
   * run resumes this call after a person decided; empty otherwise.
   */
  decisions: readonly ApprovalDecision[];
  /**
   * The conversation before the step that asked for this call, as its agent sees it (the session's history
   * and the run's messages so far): complete turns, every tool use answered. A fresh array.
   */
  history(): Message[];
}

/**
 * What a tool may resolve to besides its result: calls inside it wait for a person (a sub-agent's run paused
 * for approval). The run pauses with those calls; the decisions come back in `ToolContext.decisions`.
 */
export interface ToolCallWaiting {
  status: "pending";
  /** The calls that wait, each named with its agent's path. */
  inner: ApprovalRequest[];
}

/**
 * A tool as the run loop sees it: the contract `@lode/tools`' `defineTool` implements. The loop validates
 * input with `validate` before calling `run`, and turns anything `run` throws into an error result.
 */
export interface Tool<Input = unknown> {
  /** `^[a-zA-Z0-9_-]{1,64}$` */
  readonly name: string;
  readonly description: string;
  /** The JSON Schema sent to Bedrock as `toolSpec.inputSchema.json`. */
  readonly inputSchema: ObjectJsonSchema;
  /** Ask the model to follow the schema exactly (`toolSpec.strict`), where the model supports it. */
  readonly strict?: boolean;
  /** Milliseconds this tool may run before it is aborted and answered with an error. */
  readonly timeoutMs?: number;
  /**
   * A guardrail (ApplyGuardrail) on this tool's input and output, in place of the agent's `toolGuardrail`;
   * `false` exempts this tool from the agent's.
   */
  readonly guardrail?: ToolGuardrailOptions | false;
  /**
   * Whether a call must wait for a person's approval before it runs: `true`, or a function of the call's
   * validated input (`(input) => input.amount > 100`). An agent's `needsApproval` for this tool's name
   * takes its place.
   * @default false
   */
  readonly needsApproval?: NeedsApproval<Input>;
  /**
   * Whether running a call twice does no harm (a lookup, a read, an upsert by key). It matters only to
   * durable runs: a call in flight when its process died is run again if its tool is idempotent, and
   * otherwise answered as interrupted (it may or may not have taken effect), for the model to decide.
   * @default false
   */
  readonly idempotent?: boolean;
  validate(input: unknown): ValidationOutcome<Input>;
  /**
   * Does the work: resolves to the result's blocks, or to a whole answer when the tool itself says the
   * call failed (`{ status: "error", content }`, as an MCP tool's `isError` does). A throw is an error too.
   *
   * A `json` block's value is sent as `JSON.stringify` would write it, but for BigInt: a Date (any
   * `toJSON`) as what `toJSON` returns, a BigInt as its decimal string, NaN and the infinities as `null`,
   * `undefined`, functions and symbols left out of objects (`null` in arrays); a value that ends up no
   * object is wrapped as `{ result: value }`. A circular reference, a Map, a Set, a Promise, an instance
   * with no data of its own or nesting deeper than 1000 levels cannot be sent: the call is answered with
   * an error result naming the tool, where and what, and the run goes on.
   */
  run(
    input: Input,
    context: ToolContext,
  ): Promise<ToolResultContentBlock[] | ToolCallAnswer | ToolCallWaiting>;
}

/** A tool of any input type, as held in a list. */
// biome-ignore lint/suspicious/noExplicitAny: a list of tools mixes input types; each tool checks its own.
export type AnyTool = Tool<any>;

export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
