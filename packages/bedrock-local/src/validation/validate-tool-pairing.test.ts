import { describe, expect, it } from "vitest";
import type { JsonObject } from "../models/model-turn.js";
import { rejectionMessage } from "./rejection-message.test-support.js";

const toolConfig = {
  tools: [{ toolSpec: { name: "get_weather", inputSchema: { json: { type: "object" } } } }],
};

/** The ValidationException message `messages` are refused with, sent with the `get_weather` tool. */
const rejection = (messages: JsonObject[]) => rejectionMessage({ messages, toolConfig });

const question = { role: "user", content: [{ text: "Weather in Paris and Oslo?" }] };
const use = (id: string, extra: JsonObject = {}) => ({
  toolUse: { toolUseId: id, name: "get_weather", input: {}, ...extra },
});
const result = (id: string, extra: JsonObject = {}) => ({
  toolResult: { toolUseId: id, content: [{ json: { weather: "sunny" } }], ...extra },
});
const assistant = (...content: JsonObject[]) => ({ role: "assistant", content });
const user = (...content: JsonObject[]) => ({ role: "user", content });

describe("toolUse and toolResult pairing", () => {
  it("accepts parallel tool uses answered in one message, in any order", () => {
    const messages = [
      question,
      assistant({ text: "Checking." }, use("a"), use("b")),
      user(result("b"), result("a")),
    ];
    expect(rejection(messages)).toBeUndefined();
  });

  it("rejects a toolUse without its toolResult", () => {
    const messages = [question, assistant(use("a"), use("b")), user(result("a"))];
    expect(rejection(messages)).toBe(
      "Expected toolResult blocks at messages.2.content for the following Ids: b",
    );
  });

  it("rejects a user message that answers a tool use with text only", () => {
    const messages = [question, assistant(use("tooluse_x")), user({ text: "Never mind." })];
    expect(rejection(messages)).toBe(
      "Expected toolResult blocks at messages.2.content for the following Ids: tooluse_x",
    );
  });

  it("rejects a toolResult answering an id the previous turn did not use", () => {
    const messages = [question, assistant(use("a")), user(result("z"))];
    expect(rejection(messages)).toBe(
      "Expected toolResult blocks at messages.2.content for the following Ids: a",
    );
  });

  it("rejects a toolResult after an assistant message without tool uses", () => {
    const messages = [question, assistant({ text: "Sunny." }), user(result("a"))];
    expect(rejection(messages)).toBe(
      "The number of toolResult blocks at messages.2.content exceeds the number of toolUse blocks of previous turn.",
    );
  });

  it("rejects a toolResult in the first message", () => {
    expect(rejection([user(result("a"))])).toBe(
      "The number of toolResult blocks at messages.0.content exceeds the number of toolUse blocks of previous turn.",
    );
  });

  it("rejects the same toolResult sent twice", () => {
    const messages = [question, assistant(use("a")), user(result("a"), result("a"))];
    expect(rejection(messages)).toBe(
      "The number of toolResult blocks at messages.2.content exceeds the number of toolUse blocks of previous turn.",
    );
  });

  it("rejects duplicate toolUse ids", () => {
    const messages = [question, assistant(use("a"), use("a")), user(result("a"))];
    expect(rejection(messages)).toBe("The toolUse blocks at messages.1.content contain duplicate Ids: a");
  });

  it("rejects a final assistant message with a tool use", () => {
    expect(rejection([question, assistant(use("a"))])).toBe(
      "The model returned the following errors: Your API request included an `assistant` message in the final position, which would pre-fill the `assistant` response. When using tools, pre-filling the `assistant` response is not supported.",
    );
  });

  it("rejects an error toolResult with empty content", () => {
    const messages = [question, assistant(use("a")), user(result("a", { status: "error", content: [] }))];
    expect(rejection(messages)).toBe(
      "The content field at messages.2.content.0.toolResult cannot be empty when status value is error.",
    );
  });

  it("accepts an error toolResult that says what went wrong", () => {
    const failed = result("a", { status: "error", content: [{ text: "City not found." }] });
    expect(rejection([question, assistant(use("a")), user(failed)])).toBeUndefined();
  });

  it("leaves a server tool use, answered inside the assistant message, out of the pairing", () => {
    const server = use("server", { name: "nova_code_interpreter", type: "server_tool_use" });
    const serverResult = result("server", { type: "nova_code_interpreter_result" });
    const messages = [
      question,
      assistant(server, serverResult, use("a")),
      user(result("a"), { text: "Thanks" }),
    ];
    expect(rejection(messages)).toBeUndefined();
  });
});
