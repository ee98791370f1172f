import {
  type ContentBlock,
  type ConverseCommandInput,
  ConverseStreamCommand,
  CountTokensCommand,
  type Message,
  type ToolConfiguration,
} from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import type { Script } from "../models/scripted/script-format.js";
import { answered, question, serveOverHttp, toolConfig } from "./serve-over-http.test-support.js";

const MODEL_ID = "us.anthropic.claude-sonnet-4-20250514-v1:0";

// Every request is valid to the script (it loops), so only validation can refuse one.
const script: Script = { models: { "*": { loop: true, turns: [{ text: "It is sunny in Paris." }] } } };

const { client, converse, rejectionOf } = serveOverHttp({ script, modelId: MODEL_ID });

/** Shapes the SDK's types forbid still reach the wire, which is the point of sending them. */
const unchecked = <T>(value: unknown) => value as T;
const use = (id: string): ContentBlock => ({ toolUse: { toolUseId: id, name: "get_weather", input: {} } });

const cases: { name: string; input: Omit<ConverseCommandInput, "modelId">; message: string | RegExp }[] = [
  {
    name: "no messages",
    input: { messages: [] },
    message:
      "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
  },
  {
    name: "a request without messages",
    input: {},
    message:
      "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
  },
  {
    name: "a role that is neither user, assistant nor system",
    input: { messages: [question, unchecked<Message>({ role: "tool", content: [{ text: "Be terse." }] })] },
    message:
      "1 validation error detected: Value 'tool' at 'messages.2.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant, system]",
  },
  {
    name: "a system-role message holding text",
    input: { messages: [question, unchecked<Message>({ role: "system", content: [{ text: "Be terse." }] })] },
    message:
      "The ContentBlock object at messages.1.content.0 is not allowed in a message with the system role, which holds only toolAddition, toolRemoval and cachePoint blocks. Move it to a user or assistant message and try again.",
  },
  {
    name: "a message with empty content",
    input: { messages: [{ role: "user", content: [] }] },
    message:
      "The content field in the Message object at messages.0 is empty. Add a ContentBlock object to the content field and try again.",
  },
  {
    name: "an assistant speaking first",
    input: { messages: [{ role: "assistant", content: [{ text: "Hi" }] }, question] },
    message:
      "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
  },
  {
    name: "roles that do not alternate",
    input: { messages: [question, question] },
    message:
      "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.",
  },
  {
    name: "a toolUse without its toolResult",
    input: {
      toolConfig,
      messages: [
        question,
        { role: "assistant", content: [use("tooluse_x")] },
        { role: "user", content: [{ text: "?" }] },
      ],
    },
    message: "Expected toolResult blocks at messages.2.content for the following Ids: tooluse_x",
  },
  {
    name: "more toolResults than toolUses",
    input: {
      toolConfig,
      messages: [question, { role: "assistant", content: [{ text: "Hi" }] }, answered("tooluse_x")],
    },
    message:
      "The number of toolResult blocks at messages.2.content exceeds the number of toolUse blocks of previous turn.",
  },
  {
    name: "duplicate toolUse ids",
    input: {
      toolConfig,
      messages: [
        question,
        { role: "assistant", content: [use("tooluse_x"), use("tooluse_x")] },
        answered("tooluse_x"),
      ],
    },
    message: "The toolUse blocks at messages.1.content contain duplicate Ids: tooluse_x",
  },
  {
    name: "a final assistant message with a toolUse",
    input: { toolConfig, messages: [question, { role: "assistant", content: [use("tooluse_x")] }] },
    message:
      "The model returned the following errors: Your API request included an `assistant` message in the final position, which would pre-fill the `assistant` response. When using tools, pre-filling the `assistant` response is not supported.",
  },
  {
    name: "tool blocks without toolConfig",
    input: {
      messages: [question, { role: "assistant", content: [use("tooluse_x")] }, answered("tooluse_x")],
    },
    message: "The toolConfig field must be defined when using toolUse and toolResult content blocks.",
  },
  {
    name: "a blank text block",
    input: { messages: [{ role: "user", content: [{ text: "  " }] }] },
    message:
      "The text field in the ContentBlock object at messages.0.content.0 is blank. Add text to the text field, and try again.",
  },
  {
    name: "an empty system text",
    input: { system: [{ text: "" }], messages: [question] },
    message:
      "1 validation error detected: Value at 'system.1.member.text' failed to satisfy constraint: Member must have length greater than or equal to 1",
  },
  {
    name: "a document without a name",
    input: {
      messages: [
        {
          role: "user",
          content: [
            { text: "Summarize" },
            unchecked<ContentBlock>({
              document: { format: "txt", source: { bytes: new Uint8Array([72, 105]) } },
            }),
          ],
        },
      ],
    },
    message:
      "1 validation error detected: Value null at 'messages.1.member.content.2.member.document.name' failed to satisfy constraint: Member must not be null",
  },
  {
    name: "a whitespace-only system text",
    input: { system: [{ text: "\n" }], messages: [question] },
    message:
      "The model returned the following errors: system: text content blocks must contain non-whitespace text",
  },
  {
    name: "a content block of unknown kind",
    input: {
      messages: [{ role: "user", content: [unchecked<ContentBlock>({ $unknown: ["markdown", "# Hi"] })] }],
    },
    message:
      /^The ContentBlock object at messages\.0\.content\.0 must set exactly one of the following fields/,
  },
  {
    name: "a tool name with a space",
    input: {
      messages: [question],
      toolConfig: {
        tools: [{ toolSpec: { name: "get weather", inputSchema: { json: { type: "object" } } } }],
      },
    },
    message:
      "1 validation error detected: Value 'get weather' at 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+",
  },
  {
    name: "duplicate tool names",
    input: {
      messages: [question],
      toolConfig: { tools: [...(toolConfig.tools ?? []), ...(toolConfig.tools ?? [])] },
    },
    message: "The model returned the following errors: tools: Tool names must be unique.",
  },
  {
    name: "a tool schema that is not an object",
    input: {
      messages: [question],
      toolConfig: {
        tools: [{ toolSpec: { name: "get_weather", inputSchema: { json: { type: "array" } } } }],
      },
    },
    message:
      "The value at toolConfig.tools.0.toolSpec.inputSchema.json.type must be one of the following: object.",
  },
  {
    name: "a tool schema sent as a JSON string",
    input: {
      messages: [question],
      toolConfig: {
        tools: [{ toolSpec: { name: "get_weather", inputSchema: { json: '{"type":"object"}' } } }],
      },
    },
    message:
      "The format of the value at toolConfig.tools.0.toolSpec.inputSchema.json is invalid. Provide a json object for the field and try again.",
  },
  {
    name: "a toolChoice without tools",
    input: { messages: [question], toolConfig: unchecked<ToolConfiguration>({ toolChoice: { auto: {} } }) },
    message:
      "1 validation error detected: Value null at 'toolConfig.tools' failed to satisfy constraint: Member must not be null",
  },
  {
    name: "a toolChoice naming no defined tool",
    input: {
      messages: [question],
      toolConfig: { ...toolConfig, toolChoice: { tool: { name: "get_time" } } },
    },
    message: "The model returned the following errors: Tool 'get_time' not found in provided tools",
  },
  {
    name: "an error toolResult with empty content",
    input: {
      toolConfig,
      messages: [
        question,
        { role: "assistant", content: [use("tooluse_x")] },
        { role: "user", content: [{ toolResult: { toolUseId: "tooluse_x", content: [], status: "error" } }] },
      ],
    },
    message:
      "The content field at messages.2.content.0.toolResult cannot be empty when status value is error.",
  },
];

describe("invalid requests over HTTP", () => {
  it.each(cases)("answers $name with a ValidationException", async ({ input, message }) => {
    const error = await rejectionOf(() => converse(input));
    if (typeof message === "string") expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it("answers messages that are not a list with a SerializationException", async () => {
    const error = await converse({
      messages: unchecked<Message[]>({ role: "user", content: [{ text: "Hi" }] }),
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: "SerializationException",
      message: "Expected a list (Messages) at 'messages' but found an object.",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("validates ConverseStream before the stream starts", async () => {
    const error = await rejectionOf(() =>
      client().send(new ConverseStreamCommand({ modelId: MODEL_ID, messages: [question, question] })),
    );
    expect(error.message).toMatch(/^A conversation must alternate between user and assistant roles/);
  });

  it("validates the conversation CountTokens is asked about", async () => {
    const input = { converse: { messages: [{ role: "user" as const, content: [{ text: "" }] }] } };
    const error = await rejectionOf(() =>
      client().send(new CountTokensCommand({ modelId: MODEL_ID, input })),
    );
    expect(error.message).toMatch(
      /^The text field in the ContentBlock object at messages\.0\.content\.0 is blank/,
    );
  });
});
