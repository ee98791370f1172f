import { InMemoryConversationStore } from "@lode/core";
import { describe, expect, test } from "vitest";
import { requestBody, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const twoUserMessages = [
  { role: "user" as const, content: [{ text: "a" }] },
  { role: "user" as const, content: [{ text: "b" }] },
];

describe("input of several user messages", () => {
  test("sends them as one user message", async () => {
    const harness = await startAgent(scriptOf({ text: "Got both." }));
    await harness.agent.run(twoUserMessages, { sessionId: "s" });

    expect(requestBody(harness.server, 0).messages).toEqual([
      { role: "user", content: [{ text: "a" }, { text: "b" }] },
    ]);
  });

  test("stores them as one user message", async () => {
    const store = new InMemoryConversationStore();
    const harness = await startAgent(scriptOf({ text: "Got both." }), { store });
    await harness.agent.run(twoUserMessages, { sessionId: "s" });

    expect((await store.load("s")).messages).toEqual([
      { role: "user", content: [{ text: "a" }, { text: "b" }] },
      { role: "assistant", content: [{ text: "Got both." }] },
    ]);
  });
});
