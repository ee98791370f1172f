import type { ToolCall, ToolCallOutcome } from "@lode/core";
import {
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { ATTR, PROVIDER_NAME } from "./attributes.js";
import { now } from "./span-time.js";

/** What a tool call's trace is given by its run's. */
export interface ToolTraceOptions {
  tracer: Tracer;
  /** The run span's context: the tool span's parent. */
  parent: Context;
  agentName: string | undefined;
  conversationId: string | undefined;
  captureContent: boolean;
}

/**
 * One tool call as an `execute_tool {tool}` span (kind INTERNAL). The whole pipeline runs inside its
 * context (input checks, guardrail, approval, the tool), so whatever the tool traces itself, a nested
 * agent's run included, sits under it.
 */
export class ToolTrace {
  readonly span: Span;
  private readonly context: Context;
  private endedAt: number | undefined;
  private outcome: ToolCallOutcome | undefined;
  private wasDenied = false;

  constructor(
    call: ToolCall,
    private readonly options: ToolTraceOptions,
  ) {
    this.span = options.tracer.startSpan(
      `execute_tool ${call.toolName}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          [ATTR.operationName]: "execute_tool",
          [ATTR.providerName]: PROVIDER_NAME,
          [ATTR.toolName]: call.toolName,
          [ATTR.toolCallId]: call.toolUseId,
          [ATTR.toolType]: "function",
          [ATTR.step]: call.step,
          ...(call.tool?.description ? { [ATTR.toolDescription]: call.tool.description } : {}),
          ...(options.agentName ? { [ATTR.agentName]: options.agentName } : {}),
          ...(options.conversationId ? { [ATTR.conversationId]: options.conversationId } : {}),
        },
      },
      options.parent,
    );
    this.context = trace.setSpan(options.parent, this.span);
    if (options.captureContent && this.span.isRecording())
      this.span.setAttribute(ATTR.toolCallArguments, JSON.stringify(call.input ?? call.rawInput));
  }

  /** Runs the rest of the call's pipeline inside the span's context and records what it answered. */
  async run(work: () => Promise<ToolCallOutcome>): Promise<ToolCallOutcome> {
    const outcome = await context.with(this.context, work);
    this.endedAt = now();
    this.outcome = outcome;
    // A denial may be heard before the outcome (a run's events can reach the watcher while its tools run).
    this.span.setAttribute(ATTR.toolStatus, this.wasDenied ? "denied" : outcome.status);
    if (this.options.captureContent && outcome.status !== "pending" && this.span.isRecording())
      this.span.setAttribute(ATTR.toolCallResult, JSON.stringify(outcome.content));
    return outcome;
  }

  /**
   * The call hands work to another agent: a sub-agent that answers it (`return_to_caller`), or a handoff
   * (`pass_control`). Lode tells which only after the call has started, so the span keeps the name
   * `execute_tool {tool}`, the conventions' name for a transfer whose target comes late.
   */
  transferred(mode: "return_to_caller" | "pass_control", targetName: string): void {
    this.span.setAttributes({ [ATTR.transferMode]: mode, [ATTR.transferTargetName]: targetName });
  }

  /** The call was denied by a person: its error result is their answer, and the span is no error. */
  denied(): void {
    this.wasDenied = true;
    this.span.setAttribute(ATTR.toolStatus, "denied");
  }

  /**
   * Ends the span: at the time the call was answered, once its events have been seen (an approval's denial
   * among them, which decides whether the error result marks the span as an error).
   */
  close(): void {
    const { outcome } = this;
    if (outcome?.status === "error" && !this.wasDenied) {
      this.span.setAttribute(ATTR.errorType, "tool_error");
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: firstText(outcome.content) });
    }
    this.span.end(this.endedAt);
  }
}

function firstText(content: readonly { text?: string }[]): string | undefined {
  return content.find((block) => block.text !== undefined)?.text?.slice(0, 500);
}
