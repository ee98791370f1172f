import { ConverseCommand, type Message } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import type { Script } from "../models/scripted/script-format.js";
import { answered, question, serveOverHttp, toolConfig } from "./serve-over-http.test-support.js";

const CLAUDE = "us.anthropic.claude-sonnet-4-20250514-v1:0";
const OTHER_CLAUDE = "us.anthropic.claude-opus-4-1-20250805-v1:0";
const NOVA = "us.amazon.nova-2-lite-v1:0";
const GPT_OSS = "openai.gpt-oss-120b-1:0";
const LLAMA = "us.meta.llama4-maverick-17b-instruct-v1:0";
const THOUGHT = "The user asks about Paris, so the weather tool is needed.";
const THINKING = { thinking: { type: "enabled", budget_tokens: 1024 } };
const ANSWER = "It is sunny in Paris.";

const script: Script = {
  models: {
    [CLAUDE]: {
      turns: [
        { content: [{ reasoning: THOUGHT }, { toolUse: { name: "get_weather", input: { city: "Paris" } } }] },
        { text: ANSWER },
      ],
    },
    [GPT_OSS]: { turns: [{ content: [{ reasoning: THOUGHT }, { text: "Paris?" }] }, { text: ANSWER }] },
    [NOVA]: { turns: [{ content: [{ reasoning: THOUGHT }, { text: "Paris?" }] }, { text: ANSWER }] },
    // Every other model the conversation is handed to answers the tool result the same way.
    "*": { loop: true, turns: [{ text: ANSWER }] },
  },
};

const { client, converse, rejectionOf } = serveOverHttp({ script, modelId: CLAUDE });

/** Claude's first turn, then the tool result, as a history to hand to another model. */
async function claudeHistory(): Promise<Message[]> {
  const output = await converse({ messages: [question], toolConfig, additionalModelRequestFields: THINKING });
  const reply = output.output?.message;
  const toolUseId = reply?.content?.find((block) => block.toolUse)?.toolUse?.toolUseId;
  expect(reply?.content?.[0]?.reasoningContent?.reasoningText?.signature).toEqual(expect.any(String));
  if (!reply || !toolUseId) throw new Error("Claude's first turn did not call the tool");
  return [question, reply, answered(toolUseId)];
}

const handOff = (modelId: string, messages: Message[], thinking = false) =>
  client().send(
    new ConverseCommand({
      modelId,
      messages,
      toolConfig,
      ...(thinking ? { additionalModelRequestFields: THINKING } : {}),
    }),
  );

const withoutReasoning = (messages: Message[]): Message[] =>
  messages.map((message) => ({
    ...message,
    content: message.content?.filter((block) => !block.reasoningContent),
  }));

describe("reasoning handed from one model to another over HTTP", () => {
  it("accepts Claude's signed reasoning sent back to the same model, through any of its inference profiles", async () => {
    for (const modelId of [
      CLAUDE,
      "global.anthropic.claude-sonnet-4-20250514-v1:0",
      "anthropic.claude-sonnet-4-20250514-v1:0",
    ]) {
      const output = await handOff(modelId, await claudeHistory(), true);
      expect(output.output?.message?.content).toEqual([{ text: ANSWER }]);
    }
  });

  it("rejects Claude's signed reasoning sent to another Claude model", async () => {
    const history = await claudeHistory();
    const error = await rejectionOf(() => handOff(OTHER_CLAUDE, history, true));
    expect(error.message).toBe(
      "The model returned the following errors: messages.1.content.0: Invalid `signature` in `thinking` block",
    );
  });

  it("rejects Claude's reasoning sent to Nova", async () => {
    const history = await claudeHistory();
    const error = await rejectionOf(() => handOff(NOVA, history));
    expect(error.message).toBe(
      "User messages cannot contain reasoning content. Please remove the reasoning content and try again.",
    );
  });

  it("rejects Claude's signed reasoning sent to gpt-oss", async () => {
    const history = await claudeHistory();
    const error = await rejectionOf(() => handOff(GPT_OSS, history));
    expect(error.message).toBe(
      "This model doesn't support the reasoningContent.reasoningText.signature field. Remove reasoningContent.reasoningText.signature and try again.",
    );
  });

  it("accepts the same history with its reasoning removed, for every model", async () => {
    const history = withoutReasoning(await claudeHistory());
    for (const modelId of [CLAUDE, OTHER_CLAUDE, NOVA, GPT_OSS, LLAMA]) {
      const output = await handOff(modelId, history);
      expect(output.output?.message?.content).toEqual([{ text: ANSWER }]);
    }
  });

  it("takes gpt-oss's own unsigned reasoning back, and refuses Nova's own", async () => {
    const next: Message = { role: "user", content: [{ text: "Yes, Paris." }] };
    const ownTurn = async (modelId: string) => {
      const reply = (await handOff(modelId, [question])).output?.message;
      expect(reply?.content?.[0]?.reasoningContent?.reasoningText).toEqual({ text: THOUGHT });
      if (!reply) throw new Error("no reply");
      return [question, reply, next];
    };
    const gptOss = await handOff(GPT_OSS, await ownTurn(GPT_OSS));
    expect(gptOss.output?.message?.content).toEqual([{ text: ANSWER }]);
    const novaHistory = await ownTurn(NOVA);
    const error = await rejectionOf(() => handOff(NOVA, novaHistory));
    expect(error.message).toBe(
      "User messages cannot contain reasoning content. Please remove the reasoning content and try again.",
    );
  });
});
