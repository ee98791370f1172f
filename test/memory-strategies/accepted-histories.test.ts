import type { Script } from "@lode/bedrock-local";
import { type ContextStrategy, composeStrategies, InMemoryConversationStore } from "@lode/core";
import { SUMMARY_HEADER, slidingWindow, summarize, tokenBudget, truncateToolResults } from "@lode/memory";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { type RequestBody, scriptedAgentPerTest } from "../support/scripted-agent.js";

const THINKING = { thinking: { type: "enabled", budget_tokens: 2048 } };

const lookup = defineTool({
  name: "lookup",
  description: "Look a fact up",
  input: z.object({ topic: z.string() }),
  run: async ({ topic }) => `${topic}: ${"a long and detailed finding. ".repeat(20)}`,
});

/** Each run: a tool call, two parallel tool calls, an answer; every turn opens with signed reasoning. */
const script: Script = {
  models: {
    "test-model": {
      selection: "sequential",
      loop: true,
      turns: [
        {
          content: [
            { reasoning: "I should look the first topic up." },
            { toolUse: { name: "lookup", input: { topic: "tides" } } },
          ],
        },
        {
          content: [
            { reasoning: "Two more facts, at once." },
            { redactedReasoning: "opaque thoughts" },
            { toolUse: { name: "lookup", input: { topic: "moons" } } },
            { toolUse: { name: "lookup", input: { topic: "orbits" } } },
          ],
        },
        { content: [{ reasoning: "Now I can answer." }, { text: "Tides follow the moon." }] },
      ],
    },
    summarizer: {
      selection: "sequential",
      loop: true,
      turns: [{ text: "The user asked about tides; lookups found they follow the moon." }],
    },
  },
};

const RUNS = 4;

const strategies: Record<string, () => ContextStrategy> = {
  "sliding window of 3 messages": () => slidingWindow({ maxMessages: 3 }),
  "sliding window of 6 messages": () => slidingWindow({ maxMessages: 6 }),
  "tool results truncated to 40 characters": () => truncateToolResults({ maxChars: 40 }),
  "token budget measured with CountTokens": () => tokenBudget({ maxTokens: 400 }),
  "token budget estimated locally": () => tokenBudget({ maxTokens: 400, countTokens: "estimate" }),
  "summary of all but the latest 3 messages": () => summarize({ keepRecent: 3, modelId: "summarizer" }),
  "truncation, summary and window composed": () =>
    composeStrategies(
      truncateToolResults({ maxChars: 60 }),
      summarize({ keepRecent: 5, modelId: "summarizer" }),
      slidingWindow({ maxMessages: 4 }),
    ),
};

describe("every history a strategy prepares is accepted by bedrock-local", () => {
  const startAgent = scriptedAgentPerTest();

  for (const [name, strategy] of Object.entries(strategies)) {
    test(`accepts each request of a session with tools and thinking: ${name}`, async () => {
      const store = new InMemoryConversationStore();
      const harness = await startAgent(script, {
        tools: [lookup],
        additionalModelRequestFields: THINKING,
        context: strategy(),
        store,
      });
      for (let run = 0; run < RUNS; run++) {
        const result = await harness.agent.run(`Question ${run + 1}: explain tides`, { sessionId: "s" });
        expect(result.text).toBe("Tides follow the moon.");
      }

      // bedrock-local checked pairing, alternation, the first message and every reasoning signature.
      expect(harness.server.requests.filter((entry) => entry.status !== 200)).toEqual([]);
      const converse = harness.server.requests.filter(
        (entry) => entry.operation === "ConverseStream" && entry.targetId === "test-model",
      );
      expect(converse).toHaveLength(RUNS * 3);
      // The strategy did reduce: the last request carried less than the session held then, which the
      // store kept whole.
      const stored = (await store.load("s")).messages;
      expect(stored).toHaveLength(RUNS * 6);
      const lastSent = JSON.stringify((converse.at(-1)?.body as RequestBody | undefined)?.messages);
      expect(lastSent.length).toBeLessThan(JSON.stringify(stored.slice(0, -1)).length);
    });
  }

  test("sends a summary the model can tell apart from what the user said", async () => {
    const harness = await startAgent(script, {
      tools: [lookup],
      additionalModelRequestFields: THINKING,
      context: summarize({ keepRecent: 3, modelId: "summarizer" }),
    });
    for (let run = 0; run < 3; run++) await harness.agent.run("Explain tides", { sessionId: "s" });

    const summarized = harness.server.requests
      .filter((entry) => entry.operation === "ConverseStream")
      .map((entry) => (entry.body as RequestBody).messages as RequestBody[])
      .filter((messages) => String(messages[0]?.content?.[0]?.text ?? "").startsWith(SUMMARY_HEADER));
    expect(summarized.length).toBeGreaterThan(0);
    const firstText: string = summarized[0]?.[0]?.content[0].text;
    expect(firstText).toContain("follow the moon");
    expect(firstText.trimEnd().endsWith("[End of summary]")).toBe(true);
    // One summary per condensed prefix: successive requests over the same prefix reuse it.
    const summaryCalls = harness.server.requests.filter((entry) => entry.targetId === "summarizer");
    expect(summaryCalls.length).toBeGreaterThan(0);
    expect(summaryCalls.length).toBeLessThan(summarized.length);
    // The summarizing call itself carries a transcript, not the raw blocks.
    const summaryRequest = summaryCalls[0]?.body as RequestBody;
    expect(summaryRequest.messages).toHaveLength(1);
    expect(summaryRequest.messages[0].content[0].text).toContain("Assistant: (thinking)");
  });
});
