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

/**
 * chenhg5/cc-connect#897, linanwx/nagobot#21 (Bedrock), in Claude's backquoted form (openclaw/openclaw#109881 on
 * Bedrock). Also Claude's answer to a signature another Claude model made: signatures are model-specific
 * (vybestack/llxprt-code#2335, on switching models mid-conversation).
 */
export const invalidSignature = (message: number, block: number) =>
  `${MODEL_ERROR_PREFIX}messages.${message}.content.${block}: Invalid \`signature\` in \`thinking\` block`;

/** Seen through Bedrock InvokeModel in maximhq/bifrost's tests and from the Anthropic API. */
export const invalidRedactedData = (message: number, block: number) =>
  `${MODEL_ERROR_PREFIX}messages.${message}.content.${block}: Invalid \`data\` in \`redacted_thinking\` block`;

/**
 * Bedrock's own answer (no model prefix, no index) to reasoning in the history sent to Amazon Nova: seen for
 * Nova's own reasoning played back in an assistant message (can1357/oh-my-pi#9086), and for DeepSeek R1's
 * (langchain-ai/langchain-aws#401, zed-industries/zed#32341, aws-samples/bedrock-chat#851). "User messages"
 * is Bedrock's wording, though the reasoning is in an assistant message.
 */
export const REASONING_NOT_ACCEPTED =
  "User messages cannot contain reasoning content. Please remove the reasoning content and try again.";

/** gpt-oss given a signed reasoning block on its second turn (aws-samples/bedrock-engineer#239). */
export const REASONING_SIGNATURE_NOT_SUPPORTED =
  "This model doesn't support the reasoningContent.reasoningText.signature field. Remove reasoningContent.reasoningText.signature and try again.";

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

/**
 * A toolUse whose `input` is not a JSON object: LiteLLM saw it for a string input (BerriAI/litellm#18414), in
 * the wording Bedrock also uses for a tool schema sent as a string (above).
 */
export const toolUseInputNotObject = (message: number, block: number) =>
  notJsonObject(`messages.${message}.content.${block}.toolUse.input`);

/**
 * Claude's answer to a tool use in a user message, relayed by Bedrock. The message is the one proxies that mirror
 * Anthropic's checks return for it (and its twin, "`tool_result` blocks can only be in `user` messages", is
 * Anthropic's own in tghamm/Anthropic.SDK#128); no capture through Bedrock was found.
 */
export const toolUseInUserMessage = (message: number) =>
  `${MODEL_ERROR_PREFIX}messages.${message}: \`tool_use\` blocks can only be in \`assistant\` messages`;

/**
 * The most base64 bytes an image may take: the Converse API reference's 3.75 MB an image (Message.content),
 * which is Claude's 5 MB limit on the image as sent, base64-encoded (5,242,880 × 3/4 = 3,932,160 raw bytes).
 */
export const MAX_IMAGE_BASE64_BYTES = 5 * 1024 * 1024;

/**
 * Claude's answer to an image over the limit, relayed by Bedrock, counting the base64-encoded bytes: seen in
 * aws-solutions-library-samples/accelerated-intelligent-document-processing-on-aws#778 and #841 (an older
 * form without `.bytes` in aws/aws-sdk-js-v3#6785).
 */
export const imageTooLarge = (message: number, block: number, encodedBytes: number) =>
  `${MODEL_ERROR_PREFIX}messages.${message}.content.${block}.image.source.bytes: image exceeds 5 MB maximum: ${encodedBytes} bytes > ${MAX_IMAGE_BASE64_BYTES} bytes`;

/** Claude's smallest thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

/** Claude's schema check, relayed by Bedrock: danny-avila/LibreChat#8346 (Claude 3.7 Sonnet on Bedrock). */
export const thinkingBudgetTooSmall = () =>
  `${MODEL_ERROR_PREFIX}thinking.enabled.budget_tokens: Input should be greater than or equal to ${MIN_THINKING_BUDGET}`;

/**
 * Claude's schema check of a budget that is not a whole number (a float such as 4096.0 was refused so, from the
 * Anthropic API: valentinfrlch/ha-llmvision#660), with the prefix Bedrock puts on the model's errors.
 */
export const thinkingBudgetNotInteger = () =>
  `${MODEL_ERROR_PREFIX}thinking.enabled.budget_tokens: Input should be a valid integer`;

/**
 * Claude's answer to a budget not below `maxTokens`, relayed by Bedrock: vercel/ai#7927 (Opus 4.1 on Bedrock,
 * with the older docs.anthropic.com address), anthropics/claude-code#8756 (Bedrock, docs.claude.com).
 */
export const thinkingBudgetNotBelowMaxTokens = () =>
  `${MODEL_ERROR_PREFIX}\`max_tokens\` must be greater than \`thinking.budget_tokens\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size`;
