import type {
  AgentEvent,
  ModelCallWatcher,
  RunStart,
  RunWatcher,
  ToolCall,
  ToolCallOutcome,
} from "@lode/core";
import {
  type Attributes,
  type Context,
  context,
  isSpanContextValid,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { ATTR, PROVIDER_NAME, SPAN_EVENT } from "./attributes.js";
import { ChatTrace } from "./chat-trace.js";
import { messagesJson, outputMessagesJson } from "./content.js";
import { interventionAttributes } from "./intervention-attributes.js";
import type { GenAiMetrics } from "./metrics.js";
import { recordError } from "./record-error.js";
import { now } from "./span-time.js";
import { ToolTrace } from "./tool-trace.js";
import { usageAttributes } from "./usage-attributes.js";

/** What every run's trace shares: the instrumentation's tracer, metrics and choices. */
export interface TraceSettings {
  tracer: Tracer;
  metrics: GenAiMetrics | undefined;
  captureContent: boolean;
}

/**
 * One run as an `invoke_agent {agent}` span (kind INTERNAL: the agent runs in this process), the child of
 * whatever span was active where the run started; its model calls and tool calls are its children.
 *
 * The run's events arrive a moment after the work they report, so a model call's span and a tool call's
 * stay open until theirs have arrived (a guardrail's intervention, an approval), then end at the time
 * their work ended. The run's last event ends whatever is still open.
 */
export class RunTrace implements RunWatcher {
  private readonly span: Span;
  private readonly context: Context;
  private readonly startedAt = now();
  private readonly metricAttributes: Attributes;
  /** A model call Bedrock has answered, whose step has yet to report a guardrail's intervention. */
  private answeredChat: ChatTrace | undefined;
  private readonly tools = new Map<string, ToolTrace>();

  constructor(
    private readonly run: RunStart,
    private readonly settings: TraceSettings,
  ) {
    this.metricAttributes = {
      [ATTR.operationName]: "invoke_agent",
      [ATTR.providerName]: PROVIDER_NAME,
      [ATTR.requestModel]: run.modelId,
    };
    const parent = context.active();
    this.span = settings.tracer.startSpan(
      run.agentName ? `invoke_agent ${run.agentName}` : "invoke_agent",
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          ...this.metricAttributes,
          [ATTR.runId]: run.runId,
          ...(run.agentName ? { [ATTR.agentName]: run.agentName } : {}),
          ...(run.sessionId ? { [ATTR.conversationId]: run.sessionId } : {}),
        },
      },
      parent,
    );
    this.context = trace.setSpan(parent, this.span);
  }

  /**
   * Whether the span is the API's no-op: not recording, and with no trace to carry on (no SDK registered,
   * no trace coming in). A span an SDK sampled out is not inert: its context still reaches the children.
   */
  get inert(): boolean {
    return !this.span.isRecording() && !isSpanContextValid(this.span.spanContext());
  }

  modelCall(call: Parameters<RunWatcher["modelCall"]>[0]): ModelCallWatcher {
    this.closeAnsweredChat();
    return new ChatTrace({
      tracer: this.settings.tracer,
      parent: this.context,
      metrics: this.settings.metrics,
      captureContent: this.settings.captureContent,
      step: call.step,
      request: call.request,
      answered: (chat) => {
        this.answeredChat = chat;
      },
    });
  }

  toolCall(call: ToolCall, run: () => Promise<ToolCallOutcome>): Promise<ToolCallOutcome> {
    const tool = new ToolTrace(call, {
      tracer: this.settings.tracer,
      parent: this.context,
      agentName: this.run.agentName,
      conversationId: this.run.sessionId,
      captureContent: this.settings.captureContent,
    });
    this.tools.set(call.toolUseId, tool);
    return tool.run(run);
  }

  event(event: AgentEvent): void {
    // Bedrock's answer is followed by the step's usage, then its guardrail's intervention if any.
    if (this.answeredChat && event.type !== "usage" && event.type !== "guardrail") this.closeAnsweredChat();
    switch (event.type) {
      case "run-start":
        if (event.resumes) this.span.setAttribute(ATTR.resumesRun, event.resumes);
        if (this.settings.captureContent && this.span.isRecording())
          this.span.setAttribute(ATTR.inputMessages, messagesJson(event.input));
        return;
      case "guardrail": {
        const { intervention } = event;
        if (intervention.origin === "model" && this.answeredChat) this.answeredChat.intervened(intervention);
        else
          this.spanOf(intervention.origin === "tool" ? intervention : {}).addEvent(
            SPAN_EVENT.guardrailIntervention,
            interventionAttributes(intervention),
          );
        return;
      }
      case "retry":
        // A model call's retries reach its span directly; a tool guardrail's check is retried here.
        if (event.operation === "ApplyGuardrail" || event.operation === "InvokeGuardrailChecks")
          this.spanOf(event).addEvent(SPAN_EVENT.retry, {
            "lode.retry.operation": event.operation,
            "lode.retry.attempt": event.attempt,
            "lode.retry.delay_ms": event.delayMs,
            [ATTR.errorType]: event.code,
          });
        return;
      case "approval-requested":
        this.spanOf(event).addEvent(SPAN_EVENT.approvalRequested, { [ATTR.toolName]: event.toolName });
        return;
      case "approval-decided":
        // A person's "no" is the call's answer, not a failure of the tool.
        if (!event.approved) this.tools.get(event.toolUseId)?.denied();
        this.spanOf(event).addEvent(SPAN_EVENT.approvalDecided, {
          [ATTR.toolName]: event.toolName,
          "lode.approval.approved": event.approved,
          "lode.approval.decided_by": event.decidedBy,
        });
        return;
      case "tool-result":
        this.closeTool(event.toolUseId);
        return;
      case "step-end":
        this.closeTools();
        return;
      case "run-end":
        this.ended(event.result);
        return;
      case "run-error":
        this.failed(event);
        return;
      default:
        return;
    }
  }

  private ended(result: Extract<AgentEvent, { type: "run-end" }>["result"]): void {
    this.span.setAttributes({
      [ATTR.responseFinishReasons]: [result.stopReason],
      ...usageAttributes(result.usage),
      [ATTR.step]: result.steps.length,
    });
    const answer = result.messages.findLast((message) => message.role === "assistant");
    if (this.settings.captureContent && answer && this.span.isRecording())
      this.span.setAttribute(ATTR.outputMessages, outputMessagesJson(answer, result.stopReason));
    this.finish(undefined);
  }

  private failed(event: Extract<AgentEvent, { type: "run-error" }>): void {
    recordError(this.span, event.code, event.error);
    this.finish(event.code);
  }

  private finish(errorType: string | undefined): void {
    this.closeAnsweredChat();
    this.closeTools();
    const endedAt = now();
    this.settings.metrics?.recordDuration((endedAt - this.startedAt) / 1000, {
      ...this.metricAttributes,
      ...(errorType ? { [ATTR.errorType]: errorType } : {}),
    });
    this.span.end(endedAt);
  }

  /** The span an event about a tool call belongs to: its tool's while that is open, else the run's. */
  private spanOf(event: { toolUseId?: string }): Span {
    return (event.toolUseId !== undefined && this.tools.get(event.toolUseId)?.span) || this.span;
  }

  private closeAnsweredChat(): void {
    this.answeredChat?.close();
    this.answeredChat = undefined;
  }

  private closeTool(toolUseId: string): void {
    this.tools.get(toolUseId)?.close();
    this.tools.delete(toolUseId);
  }

  private closeTools(): void {
    for (const tool of this.tools.values()) tool.close();
    this.tools.clear();
  }
}
