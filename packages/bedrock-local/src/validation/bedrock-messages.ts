/**
 * The wording of Bedrock's ValidationException messages, in one place so each can be checked against
 * where it was seen. Indexes in these messages are 0-based (Bedrock's own checks); the `N validation
 * errors detected` family (constraint-violations.ts) counts from 1, as AWS's request validation does.
 * A message Bedrock relays from the model keeps the model's own words after `MODEL_ERROR_PREFIX`.
 */

const MODEL_ERROR_PREFIX = "The model returned the following errors: ";

/** Seen on Converse with no messages (pydantic/pydantic-ai#4498) and with an assistant first (dify#12340). */
export const START_WITH_USER =
  "A conversation must start with a user message. Try again with a conversation that starts with a user message.";

/** microsoft/semantic-kernel#10281, CopilotKit#736. */
export const ALTERNATE_ROLES =
  "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";

/** earendil-works/pi#3443. */
export const emptyContent = (message: number) =>
  `The content field in the Message object at messages.${message} is empty. Add a ContentBlock object to the content field and try again.`;

/** aws-samples/bedrock-engineer#8; langchain-aws#403 shows whitespace-only text counts as blank. */
export const blankText = (message: number, block: number) =>
  `The text field in the ContentBlock object at messages.${message}.content.${block} is blank. Add text to the text field, and try again.`;

/** Claude's own check, relayed by Bedrock: Bedrock's length check passes a whitespace-only system text. */
export const whitespaceSystemText = () =>
  `${MODEL_ERROR_PREFIX}system: text content blocks must contain non-whitespace text`;

/** vxcontrol/pentagi#196, langgenius/dify#17545. */
export const TOOL_CONFIG_REQUIRED =
  "The toolConfig field must be defined when using toolUse and toolResult content blocks.";

/** crewAIInc/crewAI#4749, devxlabs "semantic-kernel-bedrock-multi-tool-bug". */
export const missingToolResults = (message: number, ids: string[]) =>
  `Expected toolResult blocks at messages.${message}.content for the following Ids: ${ids.join(", ")}`;

/** Just-Curieous/Curie#16, strands-agents/sdk-python#1435. */
export const tooManyToolResults = (message: number) =>
  `The number of toolResult blocks at messages.${message}.content exceeds the number of toolUse blocks of previous turn.`;

/** bvcyber/Cyber-AutoAgent-ng#72. */
export const duplicateToolUseIds = (message: number, ids: string[]) =>
  `The toolUse blocks at messages.${message}.content contain duplicate Ids: ${ids.join(", ")}`;

/** aws-samples/sample-multi-agent-orchestration-chat-on-agentcore#15. */
export const emptyErrorToolResult = (message: number, block: number) =>
  `The content field at messages.${message}.content.${block}.toolResult cannot be empty when status value is error.`;

/** Claude's answer to a final assistant message while tools are offered (enechange/collmbo#12). */
export const toolUsePrefill = () =>
  `${MODEL_ERROR_PREFIX}Your API request included an \`assistant\` message in the final position, which would pre-fill the \`assistant\` response. When using tools, pre-filling the \`assistant\` response is not supported.`;

/**
 * Bedrock checks the schema above the model, for every model family (cognitect-labs/aws-api#272,
 * kirodotdev/Kiro#10270), before Claude's `input_schema.type: Input should be 'object'` could apply.
 */
export const schemaNotObject = (tool: number) =>
  `The value at toolConfig.tools.${tool}.toolSpec.inputSchema.json.type must be one of the following: object.`;

/**
 * Seen for a schema sent as a JSON string (`toolConfig.tools.0.toolSpec.inputSchema.json`, devgem.io post on
 * the .NET client) and for a non-object toolResult `json` (aws/aws-sdk-js-v3#7330).
 */
export const notJsonObject = (path: string) =>
  `The format of the value at ${path} is invalid. Provide a json object for the field and try again.`;

/** Claude's `tools: Tool names must be unique.` (tailcallhq/forgecode#892), relayed by Bedrock. */
export const duplicateToolNames = () => `${MODEL_ERROR_PREFIX}tools: Tool names must be unique.`;

/** Claude's answer to a `tool_choice` naming no offered tool, relayed by Bedrock. */
export const unknownToolChoice = (name: string) =>
  `${MODEL_ERROR_PREFIX}Tool '${name}' not found in provided tools`;

/** can1357/oh-my-pi#10486: Claude's schema rejects a thinking block without its signature. */
export const missingSignature = (message: number, block: number) =>
  `${MODEL_ERROR_PREFIX}messages.${message}.content.${block}.thinking.signature: Field required`;

/** chenhg5/cc-connect#897, linanwx/nagobot#21 (Bedrock), in Claude's backquoted form. */
export const invalidSignature = (message: number, block: number) =>
  `${MODEL_ERROR_PREFIX}messages.${message}.content.${block}: Invalid \`signature\` in \`thinking\` block`;

/** Seen through Bedrock InvokeModel in maximhq/bifrost's tests and from the Anthropic API. */
export const invalidRedactedData = (message: number, block: number) =>
  `${MODEL_ERROR_PREFIX}messages.${message}.content.${block}: Invalid \`data\` in \`redacted_thinking\` block`;

/** Verbatim from anomalyco/opencode#3077 and langchain-aws#844 (typo "preceeding" included). */
export const thinkingFirst = (message: number, found: string) =>
  `${MODEL_ERROR_PREFIX}messages.${message}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${found}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`;

/**
 * A union (a content block, a tool, a tool choice…) that sets no member or several, as the body check words
 * it. No real message was found; it is worded like Bedrock's own.
 */
export const unknownBlock = (path: string, object: string, kinds: readonly string[]) =>
  `The ${object} object at ${path} must set exactly one of the following fields: ${kinds.join(", ")}. Update the ${object} object and try again.`;

/** bedrock-local's words: no answer of Bedrock's to a system-role message holding other blocks was found. */
export const systemMessageBlock = (message: number, block: number) =>
  `The ContentBlock object at messages.${message}.content.${block} is not allowed in a message with the system role, which holds only toolAddition, toolRemoval and cachePoint blocks. Move it to a user or assistant message and try again.`;

/** bedrock-local's words, as above. */
export const toolChangeOutsideSystem = (message: number, block: number, kind: string) =>
  `The ${kind} block at messages.${message}.content.${block} must be in a message with the system role. Move it to a system message and try again.`;

/** bedrock-local's words, as above. */
export const unknownToolReference = (message: number, block: number, kind: string, name: string) =>
  `The ${kind} block at messages.${message}.content.${block} names the tool ${name}, which toolConfig does not declare. Declare every tool in toolConfig and try again.`;
