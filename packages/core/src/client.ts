/**
 * The browser-safe part of `@lode/core` (`import … from "@lode/core/client"`): reading a run's events
 * from a Lode server, and the types of those events. Nothing here imports Node modules or the AWS SDK.
 * @module
 */
export type { ReadAgentEventsOptions } from "./client/read-agent-events.js";
export { readAgentEvents } from "./client/read-agent-events.js";
export type { StreamAgentOptions } from "./client/stream-agent.js";
export { streamAgent } from "./client/stream-agent.js";
export type {
  AgentEvent,
  AgentEventBase,
  AgentEventMap,
  AgentEventType,
  EventOf,
  RetryEventCommon,
  RetryEventFields,
} from "./contracts/agent-event.js";
export type {
  ApprovalDecision,
  ApprovalInput,
  ApprovalRequest,
  ApprovalVerdict,
} from "./contracts/approval.js";
export type {
  GuardrailFinding,
  GuardrailIntervention,
  GuardrailPolicy,
  GuardrailVerdict,
  ModelGuardrailIntervention,
  ToolGuardrailIntervention,
} from "./contracts/guardrail-intervention.js";
export type {
  LimitStopReason,
  ModelStopReason,
  RunResult,
  RunStopReason,
  StepResult,
  StepUsage,
  ToolCallRecord,
} from "./contracts/run-result.js";
export type { ToolResultStatus } from "./contracts/tool.js";
export { LodeError, type LodeErrorCode } from "./errors/lode-error.js";
export { parseAgentEvent, stringifyAgentEvent } from "./events/event-json.js";
export { parseAgentRequest, stringifyAgentRequest } from "./events/request-json.js";
