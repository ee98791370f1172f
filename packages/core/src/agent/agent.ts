import { EventEmitter } from "eventemitter3";
import type { AgentEvent, AgentEventMap, AgentPath, UnstampedEvent } from "../contracts/agent-event.js";
import type { RunResult } from "../contracts/run-result.js";
import type { AnyTool } from "../contracts/tool.js";
import { resolveGuardrail, resolveToolGuardrail } from "../guardrails/resolve-guardrail.js";
import { resumedStepOf } from "../loop/resume-run.js";
import type { RunContext } from "../loop/run-context.js";
import { runLoop } from "../loop/run-loop.js";
import { InMemoryConversationStore } from "../memory/in-memory-conversation-store.js";
import type { InferOutput, StandardSchemaV1 } from "../schema/standard-schema.js";
import { type AgentToolOptions, agentAsTool } from "./agent-as-tool.js";
import type { AgentOptions, RunInput, RunOptions } from "./agent-options.js";
import { registerAgent } from "./agent-registry.js";
import { type AgentStream, createAgentStream } from "./agent-stream.js";
import { checkAgentOptions } from "./check-options.js";
import { type AgentDefaults, createRunContext, stopConditionsOf, toolSet } from "./create-run-context.js";
import { createLodeClient } from "./lode-client.js";
import { handoffsOf } from "./resolve-handoffs.js";

/** The output type of a run: the schema's output when `output` was given, else `undefined`. */
export type OutputOf<S> = S extends StandardSchemaV1 ? InferOutput<S> : undefined;

/**
 * An agent on Amazon Bedrock: a model, a system prompt, tools and settings. `run()` resolves to the
 * result; `stream()` yields every event as it happens; the agent also emits each event (`on("text-delta")`,
 * or `on("event")` for all). Wrong options throw a `LodeError` (`invalid-config`) here, not at the first run.
 */
export class Agent extends EventEmitter<AgentEventMap> {
  readonly options: Readonly<AgentOptions>;
  // Resolved once: agents never share a guardrail object, nor see later changes to the caller's.
  private readonly defaults: AgentDefaults;
  private closing: Promise<void> | undefined;
  /** Whether a listener hears this agent's events; made once, not per run (see `RunStream`). */
  private readonly listened = () => this.eventNames().length > 0;

  constructor(options: AgentOptions) {
    super();
    checkAgentOptions(options);
    this.options = { ...options };
    this.defaults = {
      options: this.options,
      tools: toolSet(options.tools ?? []),
      knownTools: new Map(),
      stopConditions: stopConditionsOf(options),
      client: options.client ?? createLodeClient(options.clientConfig),
      store: options.store ?? new InMemoryConversationStore(),
      guardrail: options.guardrail ? resolveGuardrail(options.guardrail) : undefined,
      toolGuardrail: options.toolGuardrail ? resolveToolGuardrail(options.toolGuardrail) : undefined,
      handoffs: handoffsOf(options),
    };
    registerAgent(this, this.defaults);
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
   * Reading `result` without iterating drives the run to its end. Wrong input or options throw a
   * `LodeError` here, before anything is sent.
   */
  stream<S extends StandardSchemaV1 | undefined = undefined>(
    input: RunInput,
    options: RunOptions<S> = {},
  ): AgentStream<OutputOf<S>> {
    const cancel = new AbortController();
    const ctx = createRunContext(this.defaults, input, options, cancel, this.listened);
    const { sessionId } = ctx;
    // Only an instrumentation reads it: a run without one makes no closure for it.
    if (sessionId !== undefined && !ctx.parent && ctx.instrumentation)
      ctx.sendDecisions = (decisions) => this.run({ decisions }, { sessionId });
    const loop = runLoop(ctx) as AsyncGenerator<UnstampedEvent, RunResult<OutputOf<S>>>;
    // A resumed run's events go on numbering its steps where its checkpoint left them.
    const firstStep = options.resume ? resumedStepOf(options.resume.checkpoint) : 0;
    // Bound module functions, not closures made per run (why: the root README, "Speed").
    return createAgentStream(
      loop,
      ctx.runId,
      cancel,
      emitRunEvent.bind(undefined, this, ctx),
      firstStep,
      agentPathOf.bind(undefined, ctx),
      setDirectDelivery.bind(undefined, ctx),
    );
  }

  /**
   * Closes the agent's tool sources (MCP servers' connections and child processes). Runs started after it
   * cannot reach those tools. Safe to call more than once; `await using agent = new Agent(…)` calls it.
   */
  close(): Promise<void> {
    this.closing ??= Promise.all(this.defaults.tools.sources.map((source) => source.close())).then(() => {});
    return this.closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * This agent as a tool of another (a supervisor's sub-agent): the calling model sends a task; this agent
   * runs inside the call, its events in the caller's stream under the caller's path, its usage and calls
   * rolled up into the caller's result, its approvals pausing the caller's run. See `AgentToolOptions`.
   */
  asTool<S extends StandardSchemaV1 | undefined = undefined>(options: AgentToolOptions<S> = {}): AnyTool {
    return agentAsTool(this, options);
  }
}

/** Hands a run's event to the agent's listeners; the run's watcher follows it (a sub-agent's run has its own). */
function emitRunEvent(agent: Agent, ctx: RunContext, event: AgentEvent): void {
  if (event.runId === ctx.runId) ctx.watcher?.event(event);
  agent.emit(event.type, event as never);
  agent.emit("event", event);
}

function agentPathOf(ctx: RunContext): AgentPath {
  return ctx.agentPath;
}

function setDirectDelivery(ctx: RunContext, deliver: ((event: UnstampedEvent) => void) | undefined): void {
  ctx.deliverDirectly = deliver;
}
