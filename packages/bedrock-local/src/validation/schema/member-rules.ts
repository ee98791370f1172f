import {
  AudioFormat,
  CachePointType,
  CacheTTL,
  ConversationRole,
  DocumentFormat,
  GuardrailChecksContentFilterCategory,
  GuardrailChecksPromptAttackCategory,
  GuardrailChecksRole,
  GuardrailChecksSensitiveInformationEntityType,
  GuardrailContentQualifier,
  GuardrailContentSource,
  GuardrailConverseContentQualifier,
  GuardrailConverseImageFormat,
  GuardrailImageFormat,
  GuardrailOutputScope,
  GuardrailStreamProcessingMode,
  GuardrailTrace,
  ImageFormat,
  OutputFormatType,
  PerformanceConfigLatency,
  ServiceTierType,
  ToolResultStatus,
  ToolUseType,
  VideoFormat,
} from "@aws-sdk/client-bedrock-runtime";

/**
 * The documented constraints of one member, beyond its type (which the SDK's schema gives). Lengths count a
 * string's characters, a blob's bytes, a list's items or a map's entries.
 */
export interface MemberRule {
  /** One of the SDK's enum objects: the value must be one of its values. */
  enum?: Readonly<Record<string, string>>;
  length?: { min?: number; max?: number };
  range?: { min?: number; max?: number };
  /** Anchored when checked, as AWS's patterns are. */
  pattern?: string;
  /** The rule each item of a list, or each value of a map, obeys. */
  items?: MemberRule;
  /** The rule each key of a map obeys. */
  keys?: MemberRule;
  /**
   * Never show the value in a violation, though the SDK does not mark the member sensitive: Bedrock's
   * answers hide it (tool names in history, system text).
   */
  hidden?: boolean;
}

/**
 * An SDK enum with its values in the order AWS lists them in its messages (the SDK sorts them); values the
 * SDK has and `order` does not come last, so an enum the SDK grows stays whole.
 */
export function inDeclaredOrder(
  sdkEnum: Readonly<Record<string, string>>,
  order: readonly string[],
): Readonly<Record<string, string>> {
  const values = Object.values(sdkEnum);
  const ordered = [
    ...order.filter((value) => values.includes(value)),
    ...values.filter((value) => !order.includes(value)),
  ];
  return Object.fromEntries(ordered.map((value) => [value, value]));
}

const NAME: MemberRule = { length: { min: 1, max: 64 }, pattern: "[a-zA-Z0-9_-]+" };
const NON_EMPTY: MemberRule = { length: { min: 1 } };
/** As Bedrock lists them (seen in its answers). */
const TRACE = inDeclaredOrder(GuardrailTrace, ["enabled", "disabled", "enabled_full"]);
const METADATA_TEXT = "[a-zA-Z0-9\\s:_@$#=/+,-.]";
/** Converse's and ConverseStream's `requestMetadata`: up to 16 entries of short, plain keys and values. */
const REQUEST_METADATA: MemberRule = {
  length: { min: 1, max: 16 },
  keys: { length: { min: 1, max: 256 }, pattern: `${METADATA_TEXT}{1,256}` },
  items: { length: { max: 256 }, pattern: `${METADATA_TEXT}{0,256}` },
};
const RESPONSE_FIELD_PATHS: MemberRule = { length: { max: 10 }, items: { length: { min: 1, max: 256 } } };

/**
 * The constraints the Bedrock Runtime API reference documents, by `Shape.member` (shape names as in the SDK's
 * schema). Enums come from the SDK's own enum objects. A test checks every key names a member the SDK
 * has, and that every member the SDK types with an enum has its rule here.
 */
export const MEMBER_RULES: Readonly<Record<string, MemberRule>> = {
  "ConverseRequest.additionalModelResponseFieldPaths": RESPONSE_FIELD_PATHS,
  "ConverseRequest.requestMetadata": REQUEST_METADATA,
  "ConverseStreamRequest.additionalModelResponseFieldPaths": RESPONSE_FIELD_PATHS,
  "ConverseStreamRequest.requestMetadata": REQUEST_METADATA,
  "Message.role": { enum: inDeclaredOrder(ConversationRole, ["user", "assistant", "system"]) },
  "SystemContentBlock.text": { length: { min: 1 }, hidden: true },
  "ImageBlock.format": { enum: ImageFormat },
  "ImageSource.bytes": NON_EMPTY,
  "DocumentBlock.format": { enum: DocumentFormat },
  "DocumentBlock.name": { length: { min: 1, max: 200 } },
  "DocumentSource.bytes": NON_EMPTY,
  "VideoBlock.format": { enum: VideoFormat },
  "VideoSource.bytes": NON_EMPTY,
  "AudioBlock.format": { enum: AudioFormat },
  "AudioSource.bytes": NON_EMPTY,
  "S3Location.uri": { length: { min: 1, max: 1024 }, pattern: "s3://[a-z0-9][.a-z0-9-]{1,61}[a-z0-9](/.*)?" },
  "S3Location.bucketOwner": { pattern: "[0-9]{12}" },
  "ToolUseBlock.toolUseId": NAME,
  "ToolUseBlock.name": { ...NAME, hidden: true },
  "ToolUseBlock.type": { enum: ToolUseType },
  "ToolResultBlock.toolUseId": NAME,
  "ToolResultBlock.status": { enum: ToolResultStatus },
  "CachePointBlock.type": { enum: CachePointType },
  "CachePointBlock.ttl": { enum: CacheTTL },
  "ReasoningContentBlock.redactedContent": NON_EMPTY,
  "SearchResultBlock.content": NON_EMPTY,
  "ToolReference.name": NAME,
  "ToolSpecification.name": NAME,
  "ToolSpecification.description": NON_EMPTY,
  "SystemTool.name": NAME,
  "SpecificToolChoice.name": NAME,
  "ToolConfiguration.tools": NON_EMPTY,
  "InferenceConfiguration.maxTokens": { range: { min: 1 } },
  "InferenceConfiguration.temperature": { range: { min: 0, max: 1 } },
  "InferenceConfiguration.topP": { range: { min: 0, max: 1 } },
  "InferenceConfiguration.stopSequences": { length: { max: 2500 }, items: NON_EMPTY },
  "GuardrailConfiguration.guardrailIdentifier": { length: { max: 2048 } },
  "GuardrailConfiguration.guardrailVersion": { pattern: "(([1-9][0-9]{0,7})|(DRAFT))" },
  "GuardrailConfiguration.trace": { enum: TRACE },
  "GuardrailStreamConfiguration.guardrailIdentifier": { length: { max: 2048 } },
  "GuardrailStreamConfiguration.guardrailVersion": { pattern: "(([1-9][0-9]{0,7})|(DRAFT))" },
  "GuardrailStreamConfiguration.trace": { enum: TRACE },
  "GuardrailStreamConfiguration.streamProcessingMode": {
    enum: inDeclaredOrder(GuardrailStreamProcessingMode, ["sync", "async"]),
  },
  "GuardrailConverseTextBlock.qualifiers": { items: { enum: GuardrailConverseContentQualifier } },
  "GuardrailConverseImageBlock.format": { enum: GuardrailConverseImageFormat },
  "PerformanceConfiguration.latency": { enum: PerformanceConfigLatency },
  "ServiceTier.type": { enum: ServiceTierType },
  "OutputFormat.type": { enum: OutputFormatType },
  "JsonSchemaDefinition.name": NAME,
  "JsonSchemaDefinition.description": NON_EMPTY,
  "JsonSchemaDefinition.schema": NON_EMPTY,
  "DocumentCharLocation.documentIndex": { range: { min: 0 } },
  "DocumentPageLocation.documentIndex": { range: { min: 0 } },
  "DocumentChunkLocation.documentIndex": { range: { min: 0 } },
  "SearchResultLocation.searchResultIndex": { range: { min: 0 } },
  "ApplyGuardrailRequest.source": { enum: inDeclaredOrder(GuardrailContentSource, ["INPUT", "OUTPUT"]) },
  "ApplyGuardrailRequest.outputScope": {
    enum: inDeclaredOrder(GuardrailOutputScope, ["INTERVENTIONS", "FULL"]),
  },
  "ApplyGuardrailRequest.content": NON_EMPTY,
  "GuardrailTextBlock.qualifiers": {
    items: {
      enum: inDeclaredOrder(GuardrailContentQualifier, ["grounding_source", "query", "guard_content"]),
    },
  },
  "GuardrailImageBlock.format": { enum: GuardrailImageFormat },
  "StartAsyncInvokeRequest.clientRequestToken": { length: { min: 1, max: 256 }, pattern: "[!-~]*" },
  "StartAsyncInvokeRequest.modelId": { length: { min: 1, max: 256 }, pattern: "[a-zA-Z_\\.\\-/0-9:]+" },
  // AWS documents no limit on the tag list; 200 is Bedrock's limit for tags on a resource.
  "StartAsyncInvokeRequest.tags": { length: { max: 200 } },
  "AsyncInvokeS3OutputDataConfig.s3Uri": {
    length: { min: 1, max: 1024 },
    pattern: "s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?",
  },
  "AsyncInvokeS3OutputDataConfig.kmsKeyId": {
    length: { min: 1, max: 2048 },
    pattern: "arn:aws(-[^:]+)?:kms:[a-zA-Z0-9-]*:[0-9]{12}:((key/[a-zA-Z0-9-]{36})|(alias/[a-zA-Z0-9-_/]+))",
  },
  "AsyncInvokeS3OutputDataConfig.bucketOwner": { pattern: "[0-9]{12}" },
  "Tag.key": { length: { min: 1, max: 128 }, pattern: "[a-zA-Z0-9\\s._:/=+@-]*" },
  "Tag.value": { length: { max: 256 }, pattern: "[a-zA-Z0-9\\s._:/=+@-]*" },
  "InvokeGuardrailChecksRequest.messages": NON_EMPTY,
  "GuardrailChecksMessage.role": { enum: GuardrailChecksRole },
  "GuardrailChecksMessage.content": NON_EMPTY,
  "GuardrailChecksContentFilterConfig.categories": NON_EMPTY,
  "GuardrailChecksContentFilterCategoryConfig.category": { enum: GuardrailChecksContentFilterCategory },
  "GuardrailChecksPromptAttackConfig.categories": NON_EMPTY,
  "GuardrailChecksPromptAttackCategoryConfig.category": { enum: GuardrailChecksPromptAttackCategory },
  "GuardrailChecksSensitiveInformationConfig.entities": NON_EMPTY,
  "GuardrailChecksSensitiveInformationEntityConfig.type": {
    enum: GuardrailChecksSensitiveInformationEntityType,
  },
};
