import { describe, expect, it } from "vitest";
import type { JsonObject } from "../models/model-turn.js";
import { createReasoningSigner } from "../reasoning/reasoning-signer.js";
import { rejectionMessage } from "./rejection-message.test-support.js";

const signer = createReasoningSigner("validate-reasoning-test");
const THINKING = { thinking: { type: "enabled", budget_tokens: 1024 } };
const toolConfig = {
  tools: [{ toolSpec: { name: "get_weather", inputSchema: { json: { type: "object" } } } }],
};

function rejection(
  assistantContent: JsonObject[],
  additionalModelRequestFields?: JsonObject,
): string | undefined {
  const usesTool = assistantContent.some((block) => block.toolUse);
  const messages = [
    { role: "user", content: [{ text: "Weather in Paris?" }] },
    { role: "assistant", content: assistantContent },
    usesTool
      ? { role: "user", content: [{ toolResult: { toolUseId: "tooluse_a", content: [{ text: "Sunny" }] } }] }
      : { role: "user", content: [{ text: "Thanks" }] },
  ];
  return rejectionMessage({ messages, toolConfig, additionalModelRequestFields }, { signer });
}

const thought = "Paris was asked about, so look up its weather.";
const reasoning = (text: string, signature?: string) => ({
  reasoningContent: { reasoningText: signature === undefined ? { text } : { text, signature } },
});
const toolUse = { toolUse: { toolUseId: "tooluse_a", name: "get_weather", input: { city: "Paris" } } };

describe("signed reasoning sent back", () => {
  it("accepts reasoning sent back with its signature", () => {
    expect(rejection([reasoning(thought, signer.sign(thought)), toolUse], THINKING)).toBeUndefined();
  });

  it("rejects reasoning whose text was edited", () => {
    expect(rejection([reasoning(`${thought} Edited.`, signer.sign(thought)), toolUse], THINKING)).toBe(
      "The model returned the following errors: messages.1.content.0: Invalid `signature` in `thinking` block",
    );
  });

  it("rejects a signature this server did not make, even with thinking off", () => {
    const foreign = createReasoningSigner("another-server").sign(thought);
    expect(rejection([{ text: "Let me check." }, reasoning(thought, foreign), toolUse])).toBe(
      "The model returned the following errors: messages.1.content.1: Invalid `signature` in `thinking` block",
    );
  });

  it("rejects reasoning whose signature was dropped while thinking is on", () => {
    expect(rejection([reasoning(thought), toolUse], THINKING)).toBe(
      "The model returned the following errors: messages.1.content.0.thinking.signature: Field required",
    );
  });

  it("accepts unsigned reasoning when the request does not ask for thinking", () => {
    expect(rejection([reasoning(thought), { text: "Sunny, I expect." }])).toBeUndefined();
  });
});

describe("redacted reasoning sent back", () => {
  it("accepts redacted reasoning exactly as sealed", () => {
    const redacted = { reasoningContent: { redactedContent: signer.seal("hidden thoughts") } };
    expect(rejection([redacted, { text: "Done." }], THINKING)).toBeUndefined();
  });

  it("rejects redacted reasoning whose bytes were altered", () => {
    const altered = Buffer.from(signer.seal("hidden thoughts"), "base64");
    altered[0] = (altered[0] ?? 0) ^ 1;
    const redacted = { reasoningContent: { redactedContent: altered.toString("base64") } };
    expect(rejection([redacted, { text: "Done." }], THINKING)).toBe(
      "The model returned the following errors: messages.1.content.0: Invalid `data` in `redacted_thinking` block",
    );
  });
});

describe("thinking before tool use", () => {
  const expectedFound = (found: string) =>
    `The model returned the following errors: messages.1.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${found}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`;

  it("rejects a tool-use turn whose reasoning was dropped", () => {
    expect(rejection([toolUse], THINKING)).toBe(expectedFound("tool_use"));
  });

  it("rejects a tool-use turn that opens with text instead of its reasoning", () => {
    expect(rejection([{ text: "Let me check." }, toolUse], { reasoning_config: { type: "enabled" } })).toBe(
      expectedFound("text"),
    );
  });

  it("accepts a tool-use turn without reasoning when thinking is off", () => {
    expect(rejection([toolUse])).toBeUndefined();
  });

  it("accepts an earlier answer without reasoning once the tool loop is over", () => {
    expect(rejection([{ text: "It is sunny." }], THINKING)).toBeUndefined();
  });
});
