/**
 * The browser-safe part of `@lode/core` (`import … from "@lode/core/client"`): reading a run's events
 * from a Lode server, and the types of those events. Nothing here imports Node modules or the AWS SDK.
 * @module
 */
export type { ReadAgentEventsOptions } from "./client/read-agent-events.js";
export { readAgentEvents } from "./client/read-agent-events.js";
export type { StreamAgentOptions } from "./client/stream-agent.js";
export { streamAgent } from "./client/stream-agent.js";
export { LodeError, type LodeErrorCode } from "./errors/lode-error.js";
export type {
  AgentEvent,
  AgentEventBase,
  AgentEventMap,
  AgentEventType,
  EventOf,
  RetryEventCommon,
  RetryEventFields,
} from "./events/agent-event.js";
export { parseAgentEvent, stringifyAgentEvent } from "./events/event-json.js";
export { parseAgentRequest, stringifyAgentRequest } from "./events/request-json.js";
export type {
  GuardrailFinding,
  GuardrailIntervention,
  GuardrailPolicy,
  GuardrailVerdict,
  ModelGuardrailIntervention,
  ToolGuardrailIntervention,
} from "./guardrails/guardrail-intervention.js";
export type { RunResult, StepResult, StepUsage, ToolCallRecord } from "./loop/run-result.js";
export type { ToolResultStatus } from "./tools/tool.js";
