import type { ContentBlock, ConverseStreamRequest, Message } from "@aws-sdk/client-bedrock-runtime";
import type { AgentEvent, RunResult, ToolCallOutcome } from "@lode/core";
import type { Report } from "../protocol/reports.js";

/**
 * A report with what users wrote and tools returned taken out (content capture off): message text, tool
 * input and output, a request's messages and system prompt. Structure (which blocks, which tools, which
 * calls), timings and usage stay.
 */
export function withoutContent(report: Report): Report {
  switch (report.kind) {
    case "model-call-start":
      return { ...report, request: requestSettings(report.request) };
    case "model-call-end":
      return report.outcome.status === "answered"
        ? { ...report, outcome: { ...report.outcome, message: messageShape(report.outcome.message) } }
        : report;
    case "tool-start":
      return { ...report, input: undefined };
    case "tool-end":
      return { ...report, outcome: outcomeShape(report.outcome) };
    case "event":
      return { ...report, event: eventShape(report.event) };
    default:
      return report;
  }
}

/** The request's settings: what was asked of the model and how, without the conversation. */
function requestSettings(request: ConverseStreamRequest): ConverseStreamRequest {
  const { modelId, inferenceConfig, toolConfig, guardrailConfig, performanceConfig, serviceTier } = request;
  const settings: ConverseStreamRequest = { modelId };
  if (inferenceConfig) settings.inferenceConfig = inferenceConfig;
  if (toolConfig) settings.toolConfig = toolConfig;
  if (guardrailConfig) settings.guardrailConfig = guardrailConfig;
  if (performanceConfig) settings.performanceConfig = performanceConfig;
  if (serviceTier) settings.serviceTier = serviceTier;
  return settings;
}

/** A message's blocks, each kept as which kind it is and (a tool use's, a result's) which call. */
export function messageShape(message: Message): Message {
  return { role: message.role, content: (message.content ?? []).map(blockShape) };
}

function blockShape(block: ContentBlock): ContentBlock {
  if (block.text !== undefined) return { text: "" };
  if (block.toolUse)
    return { toolUse: { toolUseId: block.toolUse.toolUseId, name: block.toolUse.name, input: undefined } };
  if (block.toolResult)
    return {
      toolResult: { toolUseId: block.toolResult.toolUseId, status: block.toolResult.status, content: [] },
    };
  if (block.reasoningContent) return { reasoningContent: { reasoningText: { text: "" } } };
  if (block.cachePoint) return block;
  // Any other block (an image, a document, a citation…): its kind only.
  const kind = Object.keys(block).find((key) => key !== "$unknown");
  return (kind ? { [kind]: {} } : {}) as unknown as ContentBlock;
}

function outcomeShape(outcome: ToolCallOutcome): ToolCallOutcome {
  if (outcome.status !== "pending") return { status: outcome.status, content: [] };
  return {
    status: "pending",
    input: undefined,
    ...(outcome.inner ? { inner: outcome.inner.map((request) => ({ ...request, input: undefined })) } : {}),
  };
}

function resultShape(result: RunResult<unknown>): RunResult<unknown> {
  const calls = result.toolCalls.map((call) => ({ ...call, input: undefined, content: [] }));
  return {
    ...result,
    text: "",
    output: undefined,
    messages: result.messages.map(messageShape),
    steps: result.steps.map((step) => ({
      ...step,
      message: messageShape(step.message),
      toolCalls: step.toolCalls.map((call) => ({ ...call, input: undefined, content: [] })),
    })),
    toolCalls: calls,
    pendingApprovals: result.pendingApprovals.map((request) => ({ ...request, input: undefined })),
  };
}

/** An event without its text, inputs and outputs. */
function eventShape(event: AgentEvent): AgentEvent {
  switch (event.type) {
    case "run-start":
      return { ...event, input: event.input.map(messageShape) };
    case "text-delta":
    case "reasoning-delta":
      return { ...event, text: "" };
    case "reasoning-signature":
      return { ...event, signature: "" };
    case "reasoning-redacted":
    case "image":
      return { ...event, data: new Uint8Array() };
    case "citation":
      return { ...event, citation: {} };
    case "tool-input-delta":
      return { ...event, delta: "", partialInput: undefined };
    case "tool-call":
    case "approval-requested":
      return { ...event, input: undefined };
    case "approval-decided":
    case "handoff":
      return { ...event, reason: undefined };
    case "tool-progress":
      return { ...event, data: undefined };
    case "tool-result":
      return { ...event, content: [] };
    case "message":
      return { ...event, message: messageShape(event.message) };
    case "run-end":
      return { ...event, result: resultShape(event.result) };
    default:
      return event;
  }
}
