import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { requestBody, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const THINKING = { thinking: { type: "enabled", budget_tokens: 2048 } };

const lookup = defineTool({
  name: "lookup",
  description: "Look a fact up",
  input: z.object({ topic: z.string() }),
  run: async ({ topic }) => ({ topic, fact: `${topic} is well documented` }),
});

/** Three steps, each opening with signed reasoning and (but the last) asking for tools in parallel. */
const script = scriptOf(
  {
    chunkSize: 5,
    content: [
      { reasoning: "I need two facts; ask for both at once." },
      { toolUse: { name: "lookup", input: { topic: "tides" } } },
      { toolUse: { name: "lookup", input: { topic: "moons" } } },
    ],
  },
  {
    chunkSize: 5,
    content: [
      { reasoning: "Both facts are in. One more, with redacted thinking along the way." },
      { redactedReasoning: "opaque safety-redacted thoughts" },
      { toolUse: { name: "lookup", input: { topic: "orbits" } } },
      { toolUse: { name: "lookup", input: { topic: "gravity" } } },
      { toolUse: { name: "lookup", input: { topic: "seasons" } } },
    ],
  },
  { content: [{ reasoning: "Now I can answer." }, { text: "Tides follow the moon's gravity." }] },
  { content: [{ reasoning: "A thank-you; answer briefly." }, { text: "You're welcome." }] },
);

describe("a multi-step run with extended thinking and parallel tools", () => {
  const startAgent = scriptedAgentPerTest();

  test("passes bedrock-local's checks on every request: signatures intact, every toolUse answered", async () => {
    const harness = await startAgent(script, {
      tools: [lookup],
      additionalModelRequestFields: THINKING,
    });
    const result = await harness.agent.run("Explain tides", { sessionId: "thinking" });

    expect(result.text).toBe("Tides follow the moon's gravity.");
    expect(result.steps.map((step) => step.stopReason)).toEqual(["tool_use", "tool_use", "end_turn"]);
    expect(result.toolCalls.map((call) => call.status)).toEqual(Array(5).fill("success"));
    // bedrock-local verified each reasoning signature and the tool pairing of every request it answered.
    expect(harness.server.requests.map((request) => [request.status, request.error])).toEqual([
      [200, undefined],
      [200, undefined],
      [200, undefined],
    ]);
    // The last request carries both earlier assistant turns with their reasoning exactly as streamed.
    const lastMessages = requestBody(harness.server, 2).messages;
    const sentAssistant = lastMessages.filter((message: { role: string }) => message.role === "assistant");
    expect(sentAssistant).toHaveLength(2);
    expect(sentAssistant[0].content[0].reasoningContent.reasoningText.signature).toBe(
      result.steps[0]?.message.content?.[0]?.reasoningContent?.reasoningText?.signature,
    );
    // Redacted reasoning goes back as the exact bytes streamed (base64 in the request's JSON).
    const streamedRedacted = result.steps[1]?.message.content?.[1]?.reasoningContent?.redactedContent;
    expect(streamedRedacted).toBeInstanceOf(Uint8Array);
    expect(sentAssistant[1].content[1].reasoningContent.redactedContent).toBe(
      Buffer.from(streamedRedacted as Uint8Array).toString("base64"),
    );

    // The session continues: the next run's request, carrying all this history, is accepted too.
    const next = await harness.agent.run("Thanks", { sessionId: "thinking" });
    expect(next.text).toBe("You're welcome.");
    expect(harness.server.requests.at(-1)?.status).toBe(200);
    expect(requestBody(harness.server, 3).messages).toHaveLength(7);
  });
});
