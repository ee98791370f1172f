import { describe, expect, it } from "vitest";
import type { JsonObject } from "../models/model-turn.js";
import { createReasoningSigner } from "../reasoning/reasoning-signer.js";
import { REASONING_NOT_ACCEPTED, REASONING_SIGNATURE_NOT_SUPPORTED } from "./bedrock-messages.js";
import { rejectionMessage, TEST_MODEL_ID } from "./rejection-message.test-support.js";

const signer = createReasoningSigner("validate-reasoning-test");
const THINKING = { thinking: { type: "enabled", budget_tokens: 1024 } };
const toolConfig = {
  tools: [{ toolSpec: { name: "get_weather", inputSchema: { json: { type: "object" } } } }],
};

function rejection(
  assistantContent: JsonObject[],
  additionalModelRequestFields?: JsonObject,
  modelId = TEST_MODEL_ID,
): string | undefined {
  const usesTool = assistantContent.some((block) => block.toolUse);
  const messages = [
    { role: "user", content: [{ text: "Weather in Paris?" }] },
    { role: "assistant", content: assistantContent },
    usesTool
      ? { role: "user", content: [{ toolResult: { toolUseId: "tooluse_a", content: [{ text: "Sunny" }] } }] }
      : { role: "user", content: [{ text: "Thanks" }] },
  ];
  return rejectionMessage({ messages, toolConfig, additionalModelRequestFields }, { signer, modelId });
}

const thought = "Paris was asked about, so look up its weather.";
const reasoning = (text: string, signature?: string) => ({
  reasoningContent: { reasoningText: signature === undefined ? { text } : { text, signature } },
});
const toolUse = { toolUse: { toolUseId: "tooluse_a", name: "get_weather", input: { city: "Paris" } } };

describe("signed reasoning sent back", () => {
  it("accepts reasoning sent back with its signature", () => {
    expect(
      rejection([reasoning(thought, signer.sign(TEST_MODEL_ID, thought)), toolUse], THINKING),
    ).toBeUndefined();
  });

  it("rejects reasoning whose text was edited", () => {
    expect(
      rejection([reasoning(`${thought} Edited.`, signer.sign(TEST_MODEL_ID, thought)), toolUse], THINKING),
    ).toBe(
      "The model returned the following errors: messages.1.content.0: Invalid `signature` in `thinking` block",
    );
  });

  it("rejects a signature this server did not make, even with thinking off", () => {
    const foreign = createReasoningSigner("another-server").sign(TEST_MODEL_ID, thought);
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
    const redacted = { reasoningContent: { redactedContent: signer.seal(TEST_MODEL_ID, "hidden thoughts") } };
    expect(rejection([redacted, { text: "Done." }], THINKING)).toBeUndefined();
  });

  it("rejects redacted reasoning whose bytes were altered", () => {
    const altered = Buffer.from(signer.seal(TEST_MODEL_ID, "hidden thoughts"), "base64");
    altered[0] = (altered[0] ?? 0) ^ 1;
    const redacted = { reasoningContent: { redactedContent: altered.toString("base64") } };
    expect(rejection([redacted, { text: "Done." }], THINKING)).toBe(
      "The model returned the following errors: messages.1.content.0: Invalid `data` in `redacted_thinking` block",
    );
  });
});

describe("reasoning another model produced", () => {
  const otherClaude = "us.anthropic.claude-opus-4-1-20250805-v1:0";
  const signedFor = (modelId: string) => reasoning(thought, signer.sign(modelId, thought));

  it("accepts a signature made through another inference profile of the same model", () => {
    const fromProfile = signer.sign("global.anthropic.claude-sonnet-4-20250514-v1:0", thought);
    const base = "anthropic.claude-sonnet-4-20250514-v1:0";
    const arn = `arn:aws:bedrock:us-east-1:123456789012:inference-profile/${TEST_MODEL_ID}`;
    for (const modelId of [TEST_MODEL_ID, base, arn]) {
      expect(rejection([reasoning(thought, fromProfile), toolUse], THINKING, modelId)).toBeUndefined();
    }
  });

  it("rejects a Claude model's signed reasoning sent to another Claude model", () => {
    expect(rejection([signedFor(TEST_MODEL_ID), toolUse], THINKING, otherClaude)).toBe(
      "The model returned the following errors: messages.1.content.0: Invalid `signature` in `thinking` block",
    );
  });

  it("rejects a Claude model's redacted reasoning sent to another Claude model", () => {
    const redacted = { reasoningContent: { redactedContent: signer.seal(TEST_MODEL_ID, "hidden thoughts") } };
    expect(rejection([redacted, { text: "Done." }], THINKING, otherClaude)).toBe(
      "The model returned the following errors: messages.1.content.0: Invalid `data` in `redacted_thinking` block",
    );
  });

  it("rejects any reasoning sent to Nova or DeepSeek, their own included", () => {
    for (const modelId of ["us.amazon.nova-2-lite-v1:0", "us.deepseek.r1-v1:0"]) {
      expect(rejection([signedFor(TEST_MODEL_ID), toolUse], undefined, modelId)).toBe(REASONING_NOT_ACCEPTED);
      expect(rejection([reasoning(thought), { text: "Sunny." }], undefined, modelId)).toBe(
        REASONING_NOT_ACCEPTED,
      );
    }
  });

  it("accepts unsigned reasoning sent to gpt-oss and rejects a signed one", () => {
    const gptOss = "openai.gpt-oss-120b-1:0";
    expect(rejection([reasoning(thought), toolUse], undefined, gptOss)).toBeUndefined();
    expect(rejection([signedFor(TEST_MODEL_ID), toolUse], undefined, gptOss)).toBe(
      REASONING_SIGNATURE_NOT_SUPPORTED,
    );
  });

  it("accepts only a model's own reasoning in the families no report covers", () => {
    const llama = "us.meta.llama4-maverick-17b-instruct-v1:0";
    expect(rejection([signedFor(llama), toolUse], undefined, llama)).toBeUndefined();
    expect(rejection([signedFor(TEST_MODEL_ID), toolUse], undefined, llama)).toBe(REASONING_NOT_ACCEPTED);
    expect(rejection([reasoning(thought), toolUse], undefined, llama)).toBe(REASONING_NOT_ACCEPTED);
  });

  it("accepts every history once its reasoning is removed", () => {
    const models = [TEST_MODEL_ID, otherClaude, "us.amazon.nova-2-lite-v1:0", "openai.gpt-oss-120b-1:0"];
    for (const modelId of models) expect(rejection([toolUse], undefined, modelId)).toBeUndefined();
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
