import type {
  ContentBlock,
  ConverseCommandInput,
  Message,
  ToolUseBlock,
} from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import type { Script } from "../models/scripted/script-format.js";
import { answered, question, serveOverHttp, toolConfig } from "./serve-over-http.test-support.js";

const MODEL_ID = "us.anthropic.claude-sonnet-4-20250514-v1:0";
const MODEL_ERROR = "The model returned the following errors: ";

// Every request is valid to the script (it loops), so only validation can refuse one.
const script: Script = { models: { "*": { loop: true, turns: [{ text: "It is sunny in Paris." }] } } };

const { converse, rejectionOf } = serveOverHttp({ script, modelId: MODEL_ID });

const use = (input: unknown): ContentBlock => ({
  toolUse: { toolUseId: "tooluse_1", name: "get_weather", input: input as ToolUseBlock["input"] },
});
/** A user message holding `question` and an image of `size` bytes (the SDK sends them base64-encoded). */
const withImage = (size: number): Message => ({
  role: "user",
  content: [
    { text: "What is in this picture?" },
    { image: { format: "png", source: { bytes: new Uint8Array(size) } } },
  ],
});
/** The 3.75 MiB an image may hold: 5 MiB once base64-encoded. */
const LARGEST_IMAGE = 3_932_160;
const thinking = (budget: unknown) =>
  ({
    thinking: { type: "enabled", budget_tokens: budget },
  }) as ConverseCommandInput["additionalModelRequestFields"];

const refused: { name: string; input: Omit<ConverseCommandInput, "modelId">; message: string }[] = [
  {
    name: "a toolUse in a user message",
    input: {
      toolConfig,
      messages: [{ role: "user", content: [{ text: "Weather?" }, use({ city: "Paris" })] }],
    },
    message: `${MODEL_ERROR}messages.0: \`tool_use\` blocks can only be in \`assistant\` messages`,
  },
  {
    name: "a toolUse whose input is a string",
    input: {
      toolConfig,
      messages: [question, { role: "assistant", content: [use("Paris")] }, answered("tooluse_1")],
    },
    message:
      "The format of the value at messages.1.content.0.toolUse.input is invalid. Provide a json object for the field and try again.",
  },
  {
    name: "a toolUse whose input is an array",
    input: {
      toolConfig,
      messages: [question, { role: "assistant", content: [use(["Paris"])] }, answered("tooluse_1")],
    },
    message:
      "The format of the value at messages.1.content.0.toolUse.input is invalid. Provide a json object for the field and try again.",
  },
  {
    name: "an image one byte over 3.75 MiB",
    input: { messages: [withImage(LARGEST_IMAGE + 1)] },
    message: `${MODEL_ERROR}messages.0.content.1.image.source.bytes: image exceeds 5 MB maximum: 5242884 bytes > 5242880 bytes`,
  },
  {
    name: "a thinking budget below 1024",
    input: { messages: [question], additionalModelRequestFields: thinking(1023) },
    message: `${MODEL_ERROR}thinking.enabled.budget_tokens: Input should be greater than or equal to 1024`,
  },
  {
    name: "a thinking budget that is not a whole number",
    input: { messages: [question], additionalModelRequestFields: thinking(2048.5) },
    message: `${MODEL_ERROR}thinking.enabled.budget_tokens: Input should be a valid integer`,
  },
  {
    name: "a thinking budget sent as a string",
    input: { messages: [question], additionalModelRequestFields: thinking("2048") },
    message: `${MODEL_ERROR}thinking.enabled.budget_tokens: Input should be a valid integer`,
  },
  {
    name: "a thinking budget not below maxTokens",
    input: {
      messages: [question],
      inferenceConfig: { maxTokens: 2048 },
      additionalModelRequestFields: thinking(2048),
    },
    message: `${MODEL_ERROR}\`max_tokens\` must be greater than \`thinking.budget_tokens\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size`,
  },
];

const accepted: { name: string; input: Omit<ConverseCommandInput, "modelId"> }[] = [
  { name: "an image of exactly 3.75 MiB", input: { messages: [withImage(LARGEST_IMAGE)] } },
  {
    name: "a thinking budget of 1024 below maxTokens",
    input: {
      messages: [question],
      inferenceConfig: { maxTokens: 1025 },
      additionalModelRequestFields: thinking(1024),
    },
  },
  {
    name: "a thinking budget without maxTokens",
    input: { messages: [question], additionalModelRequestFields: thinking(4096) },
  },
  {
    name: "a toolUse whose input is an empty object",
    input: {
      toolConfig,
      messages: [question, { role: "assistant", content: [use({})] }, answered("tooluse_1")],
    },
  },
];

describe("content the model refuses, over HTTP", () => {
  it.each(refused)("answers $name with Bedrock's ValidationException", async ({ input, message }) => {
    const error = await rejectionOf(() => converse(input));
    expect(error.message).toBe(message);
  });

  it.each(accepted)("accepts $name", async ({ input }) => {
    const output = await converse(input);
    expect(output.output?.message?.content).toEqual([{ text: "It is sunny in Paris." }]);
  });
});
