import type { RequestLogEntry, Script } from "@lode/bedrock-local";
import { type ContextStrategy, InMemoryConversationStore, MAX_CONTEXT_ATTEMPTS } from "@lode/core";
import { slidingWindow, tokenBudget } from "@lode/memory";
import { describe, expect, test } from "vitest";
import {
  collectEvents,
  eventsOfType,
  lodeErrorOf,
  type RequestBody,
  requestBody,
  type ScriptedAgent,
  scriptedAgentPerTest,
} from "../support/scripted-agent.js";

/** A model with a small context window that always answers briefly. */
const smallWindow = (contextWindow: number): Script => ({
  models: { "*": { selection: "sequential", loop: true, contextWindow, turns: [{ text: "Noted." }] } },
});

/** About 30 tokens by bedrock-local's estimate. */
const prompt = (index: number) => `Remember fact number ${index}: ${"the sea is salty and deep. ".repeat(4)}`;

/** Fills a session with `runs` short exchanges, straight into the store (no requests). */
async function fillSession(store: InMemoryConversationStore, runs: number): Promise<void> {
  const messages = Array.from({ length: runs }, (_, index) => [
    { role: "user" as const, content: [{ text: prompt(index) }] },
    { role: "assistant" as const, content: [{ text: "Noted." }] },
  ]).flat();
  await store.append("s", messages, 0);
}

const converseRequests = (harness: ScriptedAgent): RequestLogEntry[] =>
  harness.server.requests.filter((entry) => entry.operation === "ConverseStream");

describe("context overflow", () => {
  const startAgent = scriptedAgentPerTest();

  test("fails at once without a context strategy", async () => {
    const store = new InMemoryConversationStore();
    await fillSession(store, 30);
    const harness = await startAgent(smallWindow(400), { store });

    const error = await lodeErrorOf(harness.agent.run(prompt(30), { sessionId: "s" }));
    expect(error.code).toBe("context-overflow");
    expect(converseRequests(harness)).toHaveLength(1);
  });

  test("recovers with a sliding window that halves on the retry", async () => {
    const store = new InMemoryConversationStore();
    await fillSession(store, 30);
    // 40 messages (about 820 tokens) overflow a 500-token window; 20 fit.
    const harness = await startAgent(smallWindow(500), {
      store,
      context: slidingWindow({ maxMessages: 40 }),
    });

    const events = await collectEvents(harness.agent.stream(prompt(30), { sessionId: "s" }));
    const result = eventsOfType(events, "run-end")[0]?.result;
    expect(result?.text).toBe("Noted.");
    const requests = converseRequests(harness);
    expect(requests.map((entry) => entry.status)).toEqual([400, 200]);
    expect(requestBody(harness.server, 1).messages.length).toBeLessThanOrEqual(20);
    expect(eventsOfType(events, "retry")).toMatchObject([{ code: "context-overflow", attempt: 1 }]);
    // The stored history is never trimmed.
    expect((await store.load("s")).messages).toHaveLength(62);
  });

  test("recovers with a token budget measured with CountTokens", async () => {
    const store = new InMemoryConversationStore();
    await fillSession(store, 30);
    const harness = await startAgent(smallWindow(400), {
      store,
      context: tokenBudget({ maxTokens: 1200 }),
    });

    const result = await harness.agent.run(prompt(30), { sessionId: "s" });
    expect(result.text).toBe("Noted.");
    const statuses = converseRequests(harness).map((entry) => entry.status);
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.slice(0, -1).every((status) => status === 400)).toBe(true);
    expect(statuses.length).toBeGreaterThan(1);
    const countTokens = harness.server.requests.filter((entry) => entry.operation === "CountTokens");
    // The 61 messages fit the first budget, so one request counted them all; the retries, with smaller
    // budgets, used the cached counts.
    expect(countTokens).toHaveLength(1);
  });

  test("retries on the stop reason model_context_window_exceeded", async () => {
    const store = new InMemoryConversationStore();
    await fillSession(store, 4);
    const script: Script = {
      models: {
        "*": {
          selection: "sequential",
          turns: [
            { text: "Partial", stopReason: "model_context_window_exceeded" },
            { text: "Whole answer." },
          ],
        },
      },
    };
    const harness = await startAgent(script, { store, context: slidingWindow({ maxMessages: 8 }) });

    const result = await harness.agent.run("And now?", { sessionId: "s" });
    expect(result.text).toBe("Whole answer.");
    const sent = converseRequests(harness).map((entry) => (entry.body as RequestBody).messages.length);
    expect(sent).toEqual([7, 3]);
  });

  test("ends with context-overflow after the bounded attempts when the strategy cannot reduce enough", async () => {
    const store = new InMemoryConversationStore();
    await fillSession(store, 30);
    const keepsEverything: ContextStrategy = { prepare: async ({ messages }) => [...messages] };
    const harness = await startAgent(smallWindow(400), { store, context: keepsEverything });

    const error = await lodeErrorOf(harness.agent.run(prompt(30), { sessionId: "s" }));
    expect(error.code).toBe("context-overflow");
    expect(converseRequests(harness)).toHaveLength(MAX_CONTEXT_ATTEMPTS);
  });

  test("ends with context-overflow when even the latest message does not fit", async () => {
    const harness = await startAgent(smallWindow(50), { context: slidingWindow({ maxMessages: 10 }) });

    const error = await lodeErrorOf(harness.agent.run("x".repeat(1000)));
    expect(error.code).toBe("context-overflow");
    expect(converseRequests(harness)).toHaveLength(MAX_CONTEXT_ATTEMPTS);
  });
});

describe("a run's context strategy", () => {
  const startAgent = scriptedAgentPerTest();

  test("replaces the agent's for that run only", async () => {
    const store = new InMemoryConversationStore();
    await fillSession(store, 5);
    const harness = await startAgent(smallWindow(100_000), { store });

    await harness.agent.run("Whole?", { sessionId: "s" });
    await harness.agent.run("Trimmed?", { sessionId: "s", context: slidingWindow({ maxMessages: 3 }) });
    await harness.agent.run("Whole again?", { sessionId: "s" });

    const sent = converseRequests(harness).map((entry) => (entry.body as RequestBody).messages.length);
    expect(sent).toEqual([11, 3, 15]);
  });
});
