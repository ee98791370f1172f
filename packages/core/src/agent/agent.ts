import { randomUUID } from "node:crypto";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { EventEmitter } from "eventemitter3";
import type { AgentEvent, AgentEventMap } from "../contracts/agent-event.js";
import type { ToolGuardrailOptions } from "../contracts/guardrail-options.js";
import type { RunResult } from "../contracts/run-result.js";
import { type AnyTool, TOOL_NAME_PATTERN } from "../contracts/tool.js";
import { LodeError } from "../errors/lode-error.js";
import { planGuardContent } from "../guardrails/guard-content.js";
import {
  type ResolvedGuardrail,
  resolveGuardrail,
  resolveToolGuardrail,
  toGuardrailConfig,
} from "../guardrails/resolve-guardrail.js";
import type { RunContext } from "../loop/run-context.js";
import { runLoop } from "../loop/run-loop.js";
import { InMemoryConversationStore } from "../memory/in-memory-conversation-store.js";
import { normalizeInput } from "../messages/normalize-input.js";
import { DEFAULT_RETRY_POLICY } from "../model/retry-policy.js";
import type { InferOutput, StandardSchemaV1 } from "../schema/standard-schema.js";
import { planStructuredOutput } from "../structured-output/structured-output.js";
import { type AgentToolOptions, agentAsTool } from "./agent-as-tool.js";
import type { AgentOptions, RunInput, RunOptions } from "./agent-options.js";
import { type AgentStream, createAgentStream } from "./agent-stream.js";
import { mergeRequestSettings } from "./merge-request-settings.js";

/** The output type of a run: the schema's output when `output` was given, else `undefined`. */
export type OutputOf<S> = S extends StandardSchemaV1 ? InferOutput<S> : undefined;

/**
 * An agent on Amazon Bedrock: a model, a system prompt, tools and settings. `run()` resolves to the
 * result; `stream()` yields every event as it happens; the agent also emits each event (`on("text-delta")`,
 * or `on("event")` for all).
 */
export class Agent extends EventEmitter<AgentEventMap> {
  readonly options: Readonly<AgentOptions>;
  private readonly client: BedrockRuntimeClient;
  private readonly store;
  // Copied and completed once: agents never share a guardrail object, nor see later changes to the caller's.
  private readonly guardrail: ResolvedGuardrail | undefined;
  private readonly toolGuardrail: Required<ToolGuardrailOptions> | undefined;

  constructor(options: AgentOptions) {
    super();
    if (!options.modelId) throw new LodeError("invalid-config", "Agent needs a modelId.");
    checkTools(options.tools ?? []);
    this.guardrail = options.guardrail ? resolveGuardrail(options.guardrail) : undefined;
    this.toolGuardrail = options.toolGuardrail ? resolveToolGuardrail(options.toolGuardrail) : undefined;
    this.options = { ...options };
    this.client = options.client ?? new BedrockRuntimeClient({ maxAttempts: 1, ...options.clientConfig });
    this.store = options.store ?? new InMemoryConversationStore();
  }

  /** Runs to the end and resolves with the result; rejects with a `LodeError`. */
  async run<S extends StandardSchemaV1 | undefined = undefined>(
    input: RunInput,
    options: RunOptions<S> = {},
  ): Promise<RunResult<OutputOf<S>>> {
    return this.stream(input, options).result;
  }

  /**
   * Starts a run and returns its events as an async iterable. The run advances as events are read, so a
   * slow reader slows the run instead of growing a buffer; breaking out of the loop aborts the run.
   * Reading `result` without iterating drives the run to its end.
   */
  stream<S extends StandardSchemaV1 | undefined = undefined>(
    input: RunInput,
    options: RunOptions<S> = {},
  ): AgentStream<OutputOf<S>> {
    const cancel = new AbortController();
    const generator = runLoop(this.createRunContext(input, options, cancel));
    return createAgentStream(
      generator as AsyncGenerator<AgentEvent, RunResult<OutputOf<S>>>,
      cancel,
      (event) => {
        this.emit(event.type, event as never);
        this.emit("event", event);
      },
    );
  }

  /** This agent as a tool of another agent: the other agent sends a prompt, gets this agent's answer. */
  asTool(options: AgentToolOptions = {}): AnyTool {
    return agentAsTool(this, options);
  }

  private createRunContext(
    input: RunInput,
    options: RunOptions<StandardSchemaV1 | undefined>,
    cancel: AbortController,
  ): RunContext {
    const agent = this.options;
    const tools = options.tools ?? agent.tools ?? [];
    if (options.tools) checkTools(options.tools);
    const maxSteps = options.maxSteps ?? agent.maxSteps ?? 20;
    const retry = { ...DEFAULT_RETRY_POLICY, ...agent.retry };
    const timeoutMs = options.timeoutMs ?? agent.timeoutMs;
    const guardrail =
      options.guardrail === false
        ? undefined
        : options.guardrail
          ? resolveGuardrail(options.guardrail)
          : this.guardrail;
    const toolGuardrail =
      options.toolGuardrail === false
        ? undefined
        : options.toolGuardrail
          ? resolveToolGuardrail(options.toolGuardrail)
          : this.toolGuardrail;
    const normalizedInput = normalizeInput(input);
    const guardContent = guardrail ? planGuardContent(normalizedInput, guardrail.guard) : undefined;
    const settings = mergeRequestSettings(agent, options);
    if (guardrail) settings.guardrailConfig = toGuardrailConfig(guardrail);
    // One controller per run, fed by the caller's signal and the time limit: cheaper than AbortSignal.any.
    // Armed when the loop starts, not here: a stream nobody reads must hold no timer and no listener.
    const callerSignal = options.signal;
    const onCallerAbort = () => cancel.abort(callerSignal?.reason);
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    return {
      runId: randomUUID(),
      client: this.client,
      modelId: agent.modelId,
      system: options.system ?? agent.system,
      tools,
      settings,
      input: guardContent?.messages ?? normalizedInput,
      guardrail,
      guardContent: guardContent?.plan,
      toolGuard: { client: this.client, guardrail: toolGuardrail, retry, signal: cancel.signal },
      sessionId: options.sessionId,
      store: options.sessionId !== undefined ? this.store : undefined,
      context: options.context ?? agent.context,
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
      maxSteps,
      maxTotalTokens: options.maxTotalTokens ?? agent.maxTotalTokens ?? Number.POSITIVE_INFINITY,
      toolConcurrency: options.toolConcurrency ?? agent.toolConcurrency ?? 4,
      toolTimeoutMs: options.toolTimeoutMs ?? agent.toolTimeoutMs ?? 60_000,
      retry,
      output: options.output
        ? planStructuredOutput(options.output, agent.structuredOutput ?? "auto", agent.modelId)
        : undefined,
      maxOutputRetries: agent.maxOutputRetries ?? 2,
    };
  }
}

function checkTools(tools: readonly AnyTool[]): void {
  const seen = new Set<string>();
  for (const tool of tools) {
    if (!TOOL_NAME_PATTERN.test(tool.name)) {
      throw new LodeError("invalid-config", `Tool name "${tool.name}" must match ${TOOL_NAME_PATTERN}.`);
    }
    if (seen.has(tool.name)) throw new LodeError("invalid-config", `Two tools are named "${tool.name}".`);
    if (tool.guardrail) resolveToolGuardrail(tool.guardrail);
    seen.add(tool.name);
  }
}
