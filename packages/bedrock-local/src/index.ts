export type { AsyncInvokeOptions } from "./async-invoke/async-invoke-store.js";
export type { AuthOptions, KnownAccessKey } from "./auth/auth-options.js";
export type { Fault, StreamExceptionType } from "./faults/fault.js";
export {
  type EntityPattern,
  type GuardrailChecksScript,
  GuardrailChecksScriptError,
  type ScoredPhrases,
} from "./guardrail-checks/guardrail-checks-script.js";
export {
  type EvaluateGuardrailOptions,
  evaluateGuardrail,
  type GuardrailEvaluation,
  type GuardrailOutputScope,
  type GuardrailSource,
  type GuardrailText,
} from "./guardrails/evaluate-guardrail.js";
export type {
  GuardrailAssessment,
  GuardrailCoverage,
  GuardrailCustomWordFinding,
  GuardrailInvocationMetrics,
  GuardrailPiiFinding,
  GuardrailRegexFinding,
  GuardrailTopicFinding,
  GuardrailUsage,
} from "./guardrails/guardrail-assessment.js";
export type {
  DeniedTopic,
  GuardrailDefinition,
  PiiEntityFilter,
  PiiEntityType,
  RegexFilter,
  SensitiveInformationAction,
} from "./guardrails/guardrail-definition.js";
export { GuardrailDefinitionError } from "./guardrails/guardrail-definition.js";
export { AWS_ERROR_STATUS, type AwsErrorName } from "./http/aws-error.js";
export { redactedSecret } from "./http/redact-credentials.js";
export type { OperationName } from "./models/model-source.js";
export type { JsonObject, Usage } from "./models/model-turn.js";
export type { ReplayMatching } from "./models/replay/replay-model.js";
export { parseScript, ScriptFormatError } from "./models/scripted/parse-script.js";
export type {
  ModelScript,
  Script,
  ScriptBlock,
  ScriptTurn,
  TurnExpectation,
} from "./models/scripted/script-format.js";
export type { RecordOptions } from "./recording/record-options.js";
export type { RequestLogEntry } from "./request-log.js";
export { type BedrockLocal, type BedrockLocalOptions, startBedrockLocal } from "./start-bedrock-local.js";
export { estimateInputTokens, estimateTokens } from "./tokens/estimate-tokens.js";
export type { ConnectionTimeouts } from "./transport/connection-timeouts.js";
export type { TlsOptions } from "./transport/listen-tls.js";
