/**
 * The attribute names Lode sets, from OpenTelemetry's GenAI semantic conventions (and the AWS registry's
 * `aws.bedrock.*`), written out here: the conventions are still in development, and
 * `@opentelemetry/semantic-conventions` advises copying incubating names rather than importing them.
 * Names of Lode's own, for what the conventions do not cover, start with `lode.`.
 */
export const ATTR = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  requestStream: "gen_ai.request.stream",
  requestMaxTokens: "gen_ai.request.max_tokens",
  requestTemperature: "gen_ai.request.temperature",
  requestTopP: "gen_ai.request.top_p",
  requestStopSequences: "gen_ai.request.stop_sequences",
  outputType: "gen_ai.output.type",
  responseFinishReasons: "gen_ai.response.finish_reasons",
  responseTimeToFirstChunk: "gen_ai.response.time_to_first_chunk",
  usageInputTokens: "gen_ai.usage.input_tokens",
  usageOutputTokens: "gen_ai.usage.output_tokens",
  usageCacheReadInputTokens: "gen_ai.usage.cache_read.input_tokens",
  /** The name the agent-span convention (and most backends) still read. */
  usageCacheCreationInputTokens: "gen_ai.usage.cache_creation.input_tokens",
  /** The newer name of the same count, in the inference-span convention. */
  usageCacheWriteInputTokens: "gen_ai.usage.cache_write.input_tokens",
  agentName: "gen_ai.agent.name",
  agentDescription: "gen_ai.agent.description",
  /** The agent's path of callers, outermost first (Lode's own: the conventions name only the agent). */
  agentPath: "lode.agent.path",
  conversationId: "gen_ai.conversation.id",
  toolName: "gen_ai.tool.name",
  toolCallId: "gen_ai.tool.call.id",
  toolType: "gen_ai.tool.type",
  toolDescription: "gen_ai.tool.description",
  toolCallArguments: "gen_ai.tool.call.arguments",
  toolCallResult: "gen_ai.tool.call.result",
  /**
   * A tool call that hands work to another agent (the conventions' `execute_tool` transfer refinement):
   * `return_to_caller` for a sub-agent (`asTool()`), `pass_control` for a handoff.
   */
  transferMode: "gen_ai.transfer.mode",
  transferTargetName: "gen_ai.transfer.target.name",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
  systemInstructions: "gen_ai.system_instructions",
  toolDefinitions: "gen_ai.tool.definitions",
  tokenType: "gen_ai.token.type",
  errorType: "error.type",
  awsRequestId: "aws.request_id",
  guardrailId: "aws.bedrock.guardrail.id",
  runId: "lode.run.id",
  resumesRun: "lode.run.resumes",
  step: "lode.step",
  toolStatus: "lode.tool.status",
  handoffFrom: "lode.handoff.from",
  handoffTo: "lode.handoff.to",
  handoffReason: "lode.handoff.reason",
} as const;

/** `gen_ai.provider.name` for Amazon Bedrock (`gen_ai.system`, which it replaces, is not set). */
export const PROVIDER_NAME = "aws.bedrock";

/** The span events Lode adds, for what happens inside a span. */
export const SPAN_EVENT = {
  retry: "lode.retry",
  guardrailIntervention: "aws.bedrock.guardrail.intervention",
  approvalRequested: "lode.approval.requested",
  approvalDecided: "lode.approval.decided",
  handoff: "lode.handoff",
} as const;
