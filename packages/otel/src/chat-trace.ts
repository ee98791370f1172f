import type { GuardrailIntervention, ModelCallEnd, ModelCallWatcher, RetryEventFields } from "@lode/core";
import {
  type Attributes,
  type Context,
  context,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { ATTR, PROVIDER_NAME, SPAN_EVENT } from "./attributes.js";
import type { ConverseRequest } from "./bedrock-types.js";
import { messagesJson, outputMessagesJson, systemInstructionsJson, toolDefinitionsJson } from "./content.js";
import { interventionAttributes } from "./intervention-attributes.js";
import type { GenAiMetrics } from "./metrics.js";
import { recordError } from "./record-error.js";
import { requestAttributes } from "./request-attributes.js";
import { now } from "./span-time.js";
import { usageAttributes } from "./usage-attributes.js";

/** What a model call's trace is given by its run's. */
export interface ChatTraceOptions {
  tracer: Tracer;
  /** The run span's context: the chat span's parent. */
  parent: Context;
  metrics: GenAiMetrics | undefined;
  captureContent: boolean;
  step: number;
  request: ConverseRequest;
  /** Told when Bedrock answered: the span stays open for the step's guardrail event, then `close()`. */
  answered: (chat: ChatTrace) => void;
}

/**
 * One model call as a `chat {model}` span (kind CLIENT). Each attempt's request is sent inside the span's
 * context, so an instrumented HTTP client's span sits under it; retries are span events.
 */
export class ChatTrace implements ModelCallWatcher {
  private readonly span: Span;
  private readonly context: Context;
  private readonly startedAt = now();
  private attemptStartedAt = this.startedAt;
  private endedAt: number | undefined;
  private readonly metricAttributes: Attributes;

  constructor(private readonly options: ChatTraceOptions) {
    const { request } = options;
    this.metricAttributes = {
      [ATTR.operationName]: "chat",
      [ATTR.providerName]: PROVIDER_NAME,
      [ATTR.requestModel]: request.modelId,
    };
    this.span = options.tracer.startSpan(
      `chat ${request.modelId}`,
      {
        kind: SpanKind.CLIENT,
        attributes: { ...this.metricAttributes, ...requestAttributes(request), [ATTR.step]: options.step },
      },
      options.parent,
    );
    this.context = trace.setSpan(options.parent, this.span);
    if (options.captureContent && this.span.isRecording()) this.captureRequest(request);
  }

  send<T>(send: () => Promise<T>): Promise<T> {
    this.attemptStartedAt = now();
    return context.with(this.context, send);
  }

  firstChunk(): void {
    this.span.setAttribute(ATTR.responseTimeToFirstChunk, (now() - this.attemptStartedAt) / 1000);
  }

  retry(retry: Extract<RetryEventFields, { operation: "ConverseStream" }>): void {
    this.span.addEvent(SPAN_EVENT.retry, {
      "lode.retry.attempt": retry.attempt,
      "lode.retry.delay_ms": retry.delayMs,
      "lode.retry.discards_partial_step": retry.discardsPartialStep,
      [ATTR.errorType]: retry.code,
      "lode.retry.message": retry.message,
    });
  }

  end(outcome: ModelCallEnd): void {
    const endedAt = now();
    const seconds = (endedAt - this.startedAt) / 1000;
    if (outcome.status === "failed") {
      recordError(this.span, outcome.error.code, outcome.error);
      this.options.metrics?.recordDuration(seconds, {
        ...this.metricAttributes,
        [ATTR.errorType]: outcome.error.code,
      });
      this.span.end(endedAt);
      return;
    }
    this.span.setAttributes({
      [ATTR.responseFinishReasons]: [outcome.stopReason],
      ...usageAttributes(outcome.usage),
      ...(outcome.requestId ? { [ATTR.awsRequestId]: outcome.requestId } : {}),
    });
    if (this.options.captureContent && this.span.isRecording())
      this.span.setAttribute(ATTR.outputMessages, outputMessagesJson(outcome.message, outcome.stopReason));
    this.options.metrics?.recordDuration(seconds, this.metricAttributes);
    this.options.metrics?.recordTokens(outcome.usage, this.metricAttributes);
    this.endedAt = endedAt;
    this.options.answered(this);
  }

  /** The guardrail's intervention in this call, which the run reports just after Bedrock's answer. */
  intervened(intervention: GuardrailIntervention): void {
    this.span.addEvent(SPAN_EVENT.guardrailIntervention, interventionAttributes(intervention), this.endedAt);
  }

  /** Ends the span of an answered call, at the time Bedrock's answer ended. */
  close(): void {
    this.span.end(this.endedAt);
  }

  private captureRequest(request: ConverseRequest): void {
    this.span.setAttribute(ATTR.inputMessages, messagesJson(request.messages ?? []));
    const system = systemInstructionsJson(request);
    if (system) this.span.setAttribute(ATTR.systemInstructions, system);
    const tools = toolDefinitionsJson(request);
    if (tools) this.span.setAttribute(ATTR.toolDefinitions, tools);
  }
}
