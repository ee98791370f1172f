import type { Script } from "@lode/bedrock-local";
import { InMemoryConversationStore } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { deferred, requestBody, scriptedAgentPerTest } from "../support/scripted-agent.js";

/** Answers requests in arrival order, whatever history each carries. */
function sequentialScript(...turns: Script["models"][string]["turns"]): Script {
  return { models: { "*": { turns, selection: "sequential" } } };
}

const startAgent = scriptedAgentPerTest();

describe("two agents writing one session", () => {
  test("appends a run's turn after the turn another agent wrote first, and continues from the merged history", async () => {
    const store = new InMemoryConversationStore();
    const started = deferred();
    const release = deferred();
    const gate = defineTool({
      name: "gate",
      description: "Waits for the test.",
      input: z.object({}),
      run: async () => {
        started.resolve();
        await release.promise;
        return "open";
      },
    });
    const harness = await startAgent(
      sequentialScript(
        { content: [{ toolUse: { name: "gate", input: {}, id: "tu_1" } }] },
        { text: "B answers." },
        { text: "A is done." },
      ),
      { store, tools: [gate] },
    );
    const first = harness.agent.run("A asks.", { sessionId: "s" });
    await started.promise;
    const second = await harness.createAgent().run("B asks.", { sessionId: "s" });
    release.resolve();
    const result = await first;

    const stored = await store.load("s");
    expect(stored.messages).toEqual([...second.messages, ...result.messages]);
    expect(stored.messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    // A's second request carries B's turn, then A's own.
    expect(requestBody(harness.server, 2).messages).toEqual(stored.messages.slice(0, 5));
  });

  test("keeps every turn of agents racing on one session, each once and whole", async () => {
    const store = new InMemoryConversationStore();
    const runs = 6;
    const harness = await startAgent(
      sequentialScript(...Array.from({ length: runs }, (_, index) => ({ text: `Answer ${index}.` }))),
      { store },
    );
    const agents = [harness.agent, harness.createAgent()];
    await Promise.all(
      Array.from({ length: runs }, (_, index) =>
        agents[index % 2]!.run(`Question ${index}.`, { sessionId: "s" }),
      ),
    );

    const { messages, version } = await store.load("s");
    expect(messages).toHaveLength(runs * 2);
    expect(version).toBe(runs * 2);
    const questions = messages.filter((message) => message.role === "user").map((m) => m.content?.[0]?.text);
    expect(new Set(questions).size).toBe(runs);
    messages.forEach((message, index) => {
      expect(message.role).toBe(index % 2 === 0 ? "user" : "assistant");
    });
  });
});
