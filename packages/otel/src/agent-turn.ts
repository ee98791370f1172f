import type { AgentPath, StepUsage } from "@lode/core";
import { type Context, type Span, SpanKind, type Tracer, trace } from "@opentelemetry/api";
import { ATTR, PROVIDER_NAME } from "./attributes.js";
import { recordError } from "./record-error.js";
import { now } from "./span-time.js";
import { usageAttributes } from "./usage-attributes.js";

/** What the turn of a handoff's target is started with. */
export interface AgentTurnOptions {
  tracer: Tracer;
  /** The run span's context: every turn is its child, one after another. */
  parent: Context;
  agentName: string;
  agentPath: AgentPath;
  /** The agent that handed off. */
  from: string;
  runId: string;
  conversationId: string | undefined;
}

/**
 * A handoff target's turn in a run, as an `invoke_agent {agent}` span (kind INTERNAL) under the run's span.
 * Its model calls and tool calls are its children, so every span says which agent made it. It ends at
 * the next handoff or with the run, carrying its own model calls' usage (the run's span carries the run's).
 */
export class AgentTurn {
  readonly span: Span;
  readonly context: Context;
  private usage: StepUsage | undefined;
  private modelSeen = false;

  constructor(readonly options: AgentTurnOptions) {
    this.span = options.tracer.startSpan(
      `invoke_agent ${options.agentName}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          [ATTR.operationName]: "invoke_agent",
          [ATTR.providerName]: PROVIDER_NAME,
          [ATTR.agentName]: options.agentName,
          [ATTR.agentPath]: [...options.agentPath],
          [ATTR.runId]: options.runId,
          [ATTR.handoffFrom]: options.from,
          ...(options.conversationId ? { [ATTR.conversationId]: options.conversationId } : {}),
        },
      },
      options.parent,
    );
    this.context = trace.setSpan(options.parent, this.span);
  }

  /** The turn's model is known at its first call (the target's own `modelId`). */
  modelCalled(modelId: string | undefined): void {
    if (this.modelSeen || !modelId) return;
    this.modelSeen = true;
    this.span.setAttribute(ATTR.requestModel, modelId);
  }

  addUsage(usage: StepUsage): void {
    const sum = this.usage;
    this.usage = sum
      ? {
          ...sum,
          inputTokens: sum.inputTokens + usage.inputTokens,
          outputTokens: sum.outputTokens + usage.outputTokens,
          totalTokens: sum.totalTokens + usage.totalTokens,
          cacheReadInputTokens: sum.cacheReadInputTokens + usage.cacheReadInputTokens,
          cacheWriteInputTokens: sum.cacheWriteInputTokens + usage.cacheWriteInputTokens,
        }
      : usage;
  }

  end(failure?: { code: string; error: Error }): void {
    if (this.usage) this.span.setAttributes(usageAttributes(this.usage));
    if (failure) recordError(this.span, failure.code, failure.error);
    this.span.end(now());
  }
}
