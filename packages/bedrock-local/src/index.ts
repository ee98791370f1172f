export type { Fault, StreamExceptionType } from "./faults/fault.js";
export type { GuardrailDefinition } from "./guardrails/guardrail-registry.js";
export type { AwsErrorName } from "./http/aws-error.js";
export { parseScript, ScriptFormatError } from "./models/scripted/parse-script.js";
export type {
  ModelScript,
  Script,
  ScriptBlock,
  ScriptTurn,
  TurnExpectation,
} from "./models/scripted/script-format.js";
export type { RequestLogEntry } from "./request-log.js";
export { type BedrockLocal, type BedrockLocalOptions, startBedrockLocal } from "./start-bedrock-local.js";
export { estimateInputTokens, estimateTokens } from "./tokens/estimate-tokens.js";
