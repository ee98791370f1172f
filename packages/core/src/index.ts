export { approvalDecisionsOf } from "./adapters/approval-decisions.js";
export { toEventStream } from "./adapters/event-stream.js";
export {
  pipeSseToNodeResponse,
  pipeToNodeResponse,
  pipeUIMessageStreamToNodeResponse,
} from "./adapters/pipe-to-node-response.js";
export { type ReadAgentRequestOptions, readAgentRequest } from "./adapters/read-agent-request.js";
export { createSseBody, type SseOptions, type SseSource } from "./adapters/sse-body.js";
export { SSE_HEADERS, toSseResponse } from "./adapters/sse-response.js";
export { encodeSseEvent, toSseStream } from "./adapters/sse-stream.js";
export type {
  JsonValue,
  UIAgentMetadata,
  UIFinishReason,
  UIHandoffData,
  UIMessageChunk,
  UIProviderMetadata,
  UISubAgentMarker,
} from "./adapters/ui-message-chunk.js";
export { createUIMessageMapper, type UIMessageStreamOptions } from "./adapters/ui-message-mapper.js";
export {
  toUIMessageStream,
  toUIMessageStreamResponse,
  UI_MESSAGE_STREAM_HEADERS,
} from "./adapters/ui-message-stream.js";
export { Agent, type OutputOf } from "./agent/agent.js";
export type { AgentToolOptions, SubAgent } from "./agent/agent-as-tool.js";
export type {
  AgentOptions,
  HandoffAgent,
  HandoffEntry,
  RunInput,
  RunLimits,
  RunOptions,
  StructuredOutputMode,
  ToolExecutionOptions,
} from "./agent/agent-options.js";
export type { AgentStream } from "./agent/agent-stream.js";
export { PENDING_APPROVAL_KEY } from "./approvals/pending-approval-store.js";
export { type ReadAgentEventsOptions, readAgentEvents } from "./client/read-agent-events.js";
export { type StreamAgentOptions, streamAgent } from "./client/stream-agent.js";
export type {
  AgentEvent,
  AgentEventBase,
  AgentEventMap,
  AgentEventType,
  EventOf,
  RetryEventCommon,
  RetryEventFields,
  UnstampedEvent,
} from "./contracts/agent-event.js";
export type { AgentPath, ParentRun } from "./contracts/agent-path.js";
export type {
  ApprovalContext,
  ApprovalDecision,
  ApprovalInput,
  ApprovalRequest,
  ApprovalVerdict,
  Approver,
  NeedsApproval,
} from "./contracts/approval.js";
export type {
  CheckpointedAnswer,
  CheckpointedCall,
  CheckpointedHandoff,
  CheckpointPhase,
  RunCheckpoint,
  RunCheckpointer,
  RunResumption,
} from "./contracts/checkpoint.js";
export type { ContextRequest, ContextStrategy } from "./contracts/context-strategy.js";
export type {
  AppendOptions,
  ConversationStore,
  SessionMetadata,
  StoredConversation,
} from "./contracts/conversation-store.js";
export type { Cost, ModelPrice, PriceTable } from "./contracts/cost.js";
export type {
  AutomatedReasoningFinding,
  ContentFilterFinding,
  ContextualGroundingFinding,
  DeniedTopicFinding,
  GuardrailFinding,
  GuardrailFindingAction,
  GuardrailIntervention,
  GuardrailInterventionBase,
  GuardrailPolicy,
  GuardrailVerdict,
  ModelGuardrailIntervention,
  PiiFinding,
  RegexFinding,
  ToolGuardrailIntervention,
  WordFinding,
} from "./contracts/guardrail-intervention.js";
export type {
  AppliedToolGuardrailOptions,
  GuardContentMode,
  GuardrailInterventionHandling,
  GuardrailOptions,
  ScoreThresholds,
  ToolGuardrailChecksOptions,
  ToolGuardrailOptions,
  ToolGuardrailSides,
} from "./contracts/guardrail-options.js";
export type {
  GraphProgress,
  GraphRunStart,
  GraphRunWatcher,
  ModelCallEnd,
  ModelCallWatcher,
  RunInstrumentation,
  RunStart,
  RunWatcher,
} from "./contracts/instrumentation.js";
export type { CachePointSetting, CachePoints, RequestSettings } from "./contracts/request-settings.js";
export type {
  AgentUsage,
  LimitStopReason,
  ModelStopReason,
  RunResult,
  RunStopReason,
  StepResult,
  StepUsage,
  ToolCallRecord,
} from "./contracts/run-result.js";
export type { Speaker, SpeakRequest } from "./contracts/speaker.js";
export type { RunProgress, StopCondition } from "./contracts/stop-condition.js";
export {
  type AnyTool,
  type ObjectJsonSchema,
  TOOL_NAME_PATTERN,
  type Tool,
  type ToolCallWaiting,
  type ToolContext,
  type ToolResultStatus,
  type ValidationIssue,
  type ValidationOutcome,
} from "./contracts/tool.js";
export type {
  NextToolStep,
  ToolCall,
  ToolCallAnswer,
  ToolCallOutcome,
  ToolCallPending,
  ToolMiddleware,
} from "./contracts/tool-call.js";
export type { ToolEntry, ToolSource, ToolSourceSnapshot } from "./contracts/tool-source.js";
export { classifyAwsError } from "./errors/classify-aws-error.js";
export {
  CONTEXT_OVERFLOW_MESSAGE_PATTERNS,
  CONTEXT_OVERFLOW_STOP_REASON,
  isContextOverflowMessage,
} from "./errors/context-overflow-messages.js";
export { describeError } from "./errors/describe-error.js";
export { LodeError, type LodeErrorCode, type LodeErrorOptions } from "./errors/lode-error.js";
export { isRunTakenOver, runTakenOver } from "./errors/run-taken-over.js";
export { parseAgentEvent, stringifyAgentEvent } from "./events/event-json.js";
export { parseWithBytes, replaceBytes, stringifyWithBytes } from "./events/json-bytes.js";
export { parseAgentRequest, stringifyAgentRequest } from "./events/request-json.js";
export {
  type ApplyGuardrailOptions,
  type ApplyGuardrailResult,
  applyGuardrail,
} from "./guardrails/apply-guardrail.js";
export {
  detectGuardrailIntervention,
  type ModelCallOutcome,
} from "./guardrails/detect-guardrail-intervention.js";
export { guarded } from "./guardrails/guard-content.js";
export { DEFAULT_REDACTED_INPUT, DEFAULT_REDACTED_OUTPUT } from "./guardrails/redact-history.js";
export { ACTIVE_AGENT_KEY } from "./handoffs/active-agent.js";
export { type Handoff, handoff } from "./handoffs/handoff.js";
export type { HandoffInputFilter, HandoffOptions } from "./handoffs/handoff-target.js";
export { dropToolCalls } from "./handoffs/handoff-view.js";
export { startWatchingGraph } from "./instrumentation/safe-watchers.js";
export { closingNote, INTERRUPTED_NOTE } from "./loop/closing-notes.js";
export { MAX_CONTEXT_ATTEMPTS } from "./loop/prepare-context.js";
export { INTERRUPTED_CALL, resumedStepOf } from "./loop/resume-run.js";
export { elapsedAtLeast, stepCountIs, stopWhen, totalTokensAtLeast } from "./loop/stop-conditions.js";
export type { ToolChangeMode } from "./loop/tool-changes.js";
export { callStore, type StoreCallBounds } from "./memory/call-store.js";
export { composeStrategies } from "./memory/compose-strategies.js";
export { InMemoryConversationStore } from "./memory/in-memory-conversation-store.js";
export {
  isHistoryCut,
  OMITTED_HISTORY_TEXT,
  protectedTailStart,
  repairHistory,
} from "./memory/repair-history.js";
export { versionConflict } from "./memory/version-conflict.js";
export { mergeConsecutiveUserMessages } from "./messages/merge-consecutive-user-messages.js";
export { textOf } from "./messages/text-of.js";
export { IncrementalJsonParser } from "./model/incremental-json-parser.js";
export { parsePartialJson } from "./model/partial-json.js";
export { addCost, priceUsage } from "./model/price-usage.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./model/retry-policy.js";
export { addUsage, emptyUsage } from "./model/step-usage.js";
export type {
  InferOutput,
  StandardIssue,
  StandardResult,
  StandardSchemaV1,
} from "./schema/standard-schema.js";
export { issuePath } from "./schema/standard-schema.js";
export { errorOutcome } from "./tools/tool-outcome.js";
export { BedrockTransport, type BedrockTransportOptions } from "./transport/bedrock-transport.js";
