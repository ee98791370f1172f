import { estimateInputTokens, type Script } from "@lode/bedrock-local";
import { InMemoryConversationStore } from "@lode/core";
import { tokenBudget } from "@lode/memory";
import { describe, expect, test } from "vitest";
import { type RequestBody, type ScriptedAgent, scriptedAgentPerTest } from "../support/scripted-agent.js";

const BUDGET = 1_200;

/** A model whose context is the budget itself: a window that overran it would be refused. */
const script: Script = {
  models: {
    "*": { selection: "sequential", loop: true, contextWindow: BUDGET, turns: [{ text: "Noted." }] },
  },
};

/** A session of `count` messages (about 20 and 8 tokens a pair), straight into the store: no requests. */
async function preloadedSession(count: number): Promise<InMemoryConversationStore> {
  const store = new InMemoryConversationStore();
  const messages = Array.from({ length: count / 2 }, (_, index) => [
    {
      role: "user" as const,
      content: [{ text: `Remember fact number ${index}: the sea is salty and deep.` }],
    },
    { role: "assistant" as const, content: [{ text: `Noted fact ${index}.` }] },
  ]).flat();
  await store.append("s", messages, 0);
  return store;
}

/** CountTokens requests, told apart by their path as bedrock-local logged them. */
const countTokensRequests = (harness: ScriptedAgent) =>
  harness.server.requests.filter((entry) => entry.path.endsWith("/count-tokens"));
const converseRequests = (harness: ScriptedAgent) =>
  harness.server.requests.filter((entry) => entry.operation === "ConverseStream");

describe("a token budget on a long session", () => {
  const startAgent = scriptedAgentPerTest();

  test("counts a 2,000-message session's first request with a few CountTokens calls", async () => {
    const store = await preloadedSession(2_000);
    const harness = await startAgent(script, { store, context: tokenBudget({ maxTokens: BUDGET }) });

    const result = await harness.agent.run("And the next fact?", { sessionId: "s" });
    expect(result.text).toBe("Noted.");
    const counted = countTokensRequests(harness);
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.length).toBeLessThanOrEqual(3);
    expect(counted.every((entry) => entry.status === 200)).toBe(true);
    // Accepted at once, within the budget, and not a trivially short window.
    const [sent, ...more] = converseRequests(harness);
    expect(more).toEqual([]);
    expect(sent?.status).toBe(200);
    const messages = (sent?.body as RequestBody | undefined)?.messages ?? [];
    expect(estimateInputTokens({ messages })).toBeLessThanOrEqual(BUDGET);
    expect(messages.length).toBeGreaterThan(20);
  });

  test("counts only the new messages of the session's next request, in one call", async () => {
    const store = await preloadedSession(2_000);
    const harness = await startAgent(script, { store, context: tokenBudget({ maxTokens: BUDGET }) });
    await harness.agent.run("And the next fact?", { sessionId: "s" });
    const before = countTokensRequests(harness).length;

    await harness.agent.run("And the one after?", { sessionId: "s" });
    const later = countTokensRequests(harness).slice(before);
    expect(later).toHaveLength(1);
    // The model's answer to the previous run and the new prompt.
    const text = (later[0]?.body as RequestBody | undefined)?.input.converse.messages[0].content[0].text;
    expect(text).toBe("Assistant: Noted.\n\nUser: And the one after?");
    expect(converseRequests(harness).map((entry) => entry.status)).toEqual([200, 200]);
  });
});
