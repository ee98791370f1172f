import { ConverseCommand, type Message } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import type { Script } from "../models/scripted/script-format.js";
import { answered, question, serveOverHttp, toolConfig } from "./serve-over-http.test-support.js";

const MODEL_ID = "us.anthropic.claude-sonnet-4-20250514-v1:0";
const THOUGHT = "The user asks about Paris, so the weather tool is needed.";
const THINKING = { thinking: { type: "enabled", budget_tokens: 1024 } };

const script: Script = {
  models: {
    [MODEL_ID]: {
      turns: [
        { content: [{ reasoning: THOUGHT }, { toolUse: { name: "get_weather", input: { city: "Paris" } } }] },
        { text: "It is sunny in Paris." },
      ],
    },
    "redacting-model": {
      turns: [{ content: [{ redactedReasoning: "private thoughts" }, { text: "Hello." }] }, { text: "Bye." }],
    },
  },
};

const { client, converse, rejectionOf } = serveOverHttp({ script, modelId: MODEL_ID });

describe("reasoning sent back over HTTP", () => {
  /** Turn 1 of the tool loop: the assistant message (signed reasoning, then a tool use) to send back. */
  async function firstTurn(): Promise<{ reply: Message; toolUseId: string }> {
    const output = await converse({
      messages: [question],
      toolConfig,
      additionalModelRequestFields: THINKING,
    });
    const reply = output.output?.message;
    const toolUseId = reply?.content?.find((block) => block.toolUse)?.toolUse?.toolUseId;
    expect(reply?.content?.[0]?.reasoningContent?.reasoningText?.signature).toEqual(expect.any(String));
    if (!reply || !toolUseId) throw new Error("turn 1 did not call the tool");
    return { reply, toolUseId };
  }

  const secondTurn = (reply: Message, toolUseId: string) =>
    converse({
      messages: [question, reply, answered(toolUseId)],
      toolConfig,
      additionalModelRequestFields: THINKING,
    });

  /** The reply with its reasoning text block replaced. */
  const withReasoning = (reply: Message, reasoningText: { text: string; signature?: string }): Message => ({
    ...reply,
    content: [{ reasoningContent: { reasoningText } }, ...(reply.content ?? []).slice(1)],
  });

  it("accepts the signed reasoning sent back unchanged with the tool result", async () => {
    const { reply, toolUseId } = await firstTurn();
    const output = await secondTurn(reply, toolUseId);
    expect(output.output?.message?.content).toEqual([{ text: "It is sunny in Paris." }]);
  });

  it("rejects the reasoning sent back with its text edited", async () => {
    const { reply, toolUseId } = await firstTurn();
    const signature = reply.content?.[0]?.reasoningContent?.reasoningText?.signature;
    const edited = withReasoning(reply, { text: `${THOUGHT} Also check Oslo.`, signature });
    const error = await rejectionOf(() => secondTurn(edited, toolUseId));
    expect(error.message).toBe(
      "The model returned the following errors: messages.1.content.0: Invalid `signature` in `thinking` block",
    );
  });

  it("rejects the reasoning sent back without its signature", async () => {
    const { reply, toolUseId } = await firstTurn();
    const error = await rejectionOf(() => secondTurn(withReasoning(reply, { text: THOUGHT }), toolUseId));
    expect(error.message).toBe(
      "The model returned the following errors: messages.1.content.0.thinking.signature: Field required",
    );
  });

  it("rejects the tool-use turn sent back without its reasoning", async () => {
    const { reply, toolUseId } = await firstTurn();
    const dropped = { ...reply, content: reply.content?.slice(1) };
    const error = await rejectionOf(() => secondTurn(dropped, toolUseId));
    expect(error.message).toMatch(
      /^The model returned the following errors: messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`\./,
    );
  });

  it("accepts redacted reasoning sent back as received and rejects it altered", async () => {
    const send = (messages: Message[]) =>
      client().send(new ConverseCommand({ modelId: "redacting-model", messages }));
    const reply = (await send([question])).output?.message;
    const redacted = reply?.content?.[0]?.reasoningContent?.redactedContent;
    if (!reply || !redacted) throw new Error("no redacted reasoning came back");
    const next: Message = { role: "user", content: [{ text: "Thanks" }] };
    expect((await send([question, reply, next])).output?.message?.content).toEqual([{ text: "Bye." }]);

    const altered = Uint8Array.from(redacted, (byte, at) => (at === 0 ? byte ^ 1 : byte));
    const tampered: Message = {
      ...reply,
      content: [{ reasoningContent: { redactedContent: altered } }, { text: "Hello." }],
    };
    const error = await rejectionOf(() => send([question, tampered, next]));
    expect(error.message).toBe(
      "The model returned the following errors: messages.1.content.0: Invalid `data` in `redacted_thinking` block",
    );
  });
});
