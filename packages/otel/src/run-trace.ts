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
import { AgentTurn } from "./agent-turn.js";
import { ATTR, PROVIDER_NAME, SPAN_EVENT } from "./attributes.js";
import { ChatTrace } from "./chat-trace.js";
import { messagesJson, outputMessagesJson } from "./content.js";
import { interventionAttributes } from "./intervention-attributes.js";
import type { GenAiMetrics } from "./metrics.js";
import { openToolCalls } from "./open-tool-calls.js";
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
 * Several agents: a sub-agent (`asTool()`) runs inside its caller's tool call, so its run's span is that
 * `execute_tool` span's child, and the call is marked as a transfer that returns to the caller. A handoff
 * passes control within the run: the run's span stays the root (the invocation its caller made, with the
 * run's usage and outcome), the entry agent's turn happens directly in it, and each handoff's target gets
 * an `invoke_agent {target}` span under the run's span, one after another, holding its own model and tool
 * calls; the transfer call is marked `pass_control` and the handing-off span gets a `lode.handoff` event.
 * The targets' turns are siblings rather than each nested in the previous agent's: the previous agent does
 * not wait for the next (as OpenAI Agents' agent spans and Strands' swarm nodes are siblings), and a
 * single-agent run keeps its one span, since a run cannot know at its start whether it will hand off.
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
  /** The step that ran the open tool calls has ended: they close at the next event that is no handoff. */
  private stepOver = false;
  /** The handoff target speaking now, if the run has handed off. */
  private turn: AgentTurn | undefined;

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
          ...(run.agentDescription ? { [ATTR.agentDescription]: run.agentDescription } : {}),
          [ATTR.agentPath]: [...run.agentPath],
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
    this.turn?.modelCalled(call.request.modelId);
    return new ChatTrace({
      tracer: this.settings.tracer,
      parent: this.turn?.context ?? this.context,
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
      parent: this.turn?.context ?? this.context,
      agentName: this.turn?.options.agentName ?? this.run.agentName,
      conversationId: this.run.sessionId,
      captureContent: this.settings.captureContent,
    });
    this.tools.set(call.toolUseId, tool);
    openToolCalls.add(this.run.runId, call.toolUseId, tool);
    return tool.run(run);
  }

  event(event: AgentEvent): void {
    // Bedrock's answer is followed by the step's usage, then its guardrail's intervention if any.
    if (this.answeredChat && event.type !== "usage" && event.type !== "guardrail") this.closeAnsweredChat();
    // A step's tool calls stay open past its end for the handoff that may follow, which marks its call.
    if (this.stepOver && event.type !== "handoff") this.closeTools();
    switch (event.type) {
      case "run-start":
        this.started(event);
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
      case "usage":
        this.turn?.addUsage(event.usage);
        return;
      case "step-end":
        this.stepOver = true;
        return;
      case "handoff":
        this.handedOff(event);
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

  private started(event: Extract<AgentEvent, { type: "run-start" }>): void {
    if (event.resumes) this.span.setAttribute(ATTR.resumesRun, event.resumes);
    this.span.setAttribute(ATTR.agentPath, [...event.agentPath]);
    const { parent } = event;
    const name = event.agentPath.at(-1);
    // A sub-agent: the caller's tool call that runs it is a transfer that comes back to the caller.
    if (parent && name)
      openToolCalls.get(parent.runId, parent.toolUseId)?.transferred("return_to_caller", name);
  }

  private handedOff(event: Extract<AgentEvent, { type: "handoff" }>): void {
    this.tools.get(event.toolUseId)?.transferred("pass_control", event.to);
    this.closeTools();
    (this.turn?.span ?? this.span).addEvent(SPAN_EVENT.handoff, {
      [ATTR.handoffFrom]: event.from,
      [ATTR.handoffTo]: event.to,
      [ATTR.toolCallId]: event.toolUseId,
      // The model's words: recorded only with the content.
      ...(this.settings.captureContent && event.reason !== undefined
        ? { [ATTR.handoffReason]: event.reason }
        : {}),
    });
    this.turn?.end();
    // Handoffs are peers: the target takes the place of the agent that handed off.
    this.turn = new AgentTurn({
      tracer: this.settings.tracer,
      parent: this.context,
      agentName: event.to,
      agentPath: [...event.agentPath.slice(0, -1), event.to],
      from: event.from,
      runId: this.run.runId,
      conversationId: this.run.sessionId,
    });
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
    this.turn?.end({ code: event.code, error: event.error });
    this.turn = undefined;
    recordError(this.span, event.code, event.error);
    this.finish(event.code);
  }

  private finish(errorType: string | undefined): void {
    this.closeAnsweredChat();
    this.closeTools();
    this.turn?.end();
    this.turn = undefined;
    const endedAt = now();
    this.settings.metrics?.recordDuration((endedAt - this.startedAt) / 1000, {
      ...this.metricAttributes,
      ...(errorType ? { [ATTR.errorType]: errorType } : {}),
    });
    this.span.end(endedAt);
  }

  /** The span an event about a tool call belongs to: its tool's while that is open, else the agent's. */
  private spanOf(event: { toolUseId?: string }): Span {
    return (
      (event.toolUseId !== undefined && this.tools.get(event.toolUseId)?.span) || this.turn?.span || this.span
    );
  }

  private closeAnsweredChat(): void {
    this.answeredChat?.close();
    this.answeredChat = undefined;
  }

  private closeTools(): void {
    for (const [toolUseId, tool] of this.tools) {
      tool.close();
      openToolCalls.delete(this.run.runId, toolUseId);
    }
    this.tools.clear();
    this.stepOver = false;
  }
}
