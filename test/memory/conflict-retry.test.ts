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
  test("stores a run's turns as one block, after the turn another agent finished first", async () => {
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
    // A's own requests carry its own conversation: the session is written once A's run ends.
    expect(requestBody(harness.server, 2).messages).toEqual(result.messages.slice(0, 3));
  });

  test("never splits a multi-step run with another agent's turn, however the runs overlap", async () => {
    const store = new InMemoryConversationStore();
    const started = deferred();
    const release = deferred();
    let calls = 0;
    // The first call answers at once; the second waits, so A has finished a whole step when B runs.
    const gate = defineTool({
      name: "gate",
      description: "Waits for the test on its second call.",
      input: z.object({}),
      run: async () => {
        if (++calls === 1) return "open";
        started.resolve();
        await release.promise;
        return "open again";
      },
    });
    // Two model ids, each answering by its own conversation's position: deterministic whatever the timing.
    const harness = await startAgent(
      {
        models: {
          "model-a": {
            turns: [
              { content: [{ toolUse: { name: "gate", input: {}, id: "tu_1" } }] },
              { content: [{ toolUse: { name: "gate", input: {}, id: "tu_2" } }] },
              { text: "A is done." },
            ],
          },
          "model-b": { turns: [{ text: "B answers." }] },
        },
      },
      { store, tools: [gate], modelId: "model-a" },
    );
    const first = harness.agent.run("A asks.", { sessionId: "s" });
    await started.promise;
    // B runs start to end while A is inside its second step.
    const second = await harness.createAgent({ modelId: "model-b" }).run("B asks.", { sessionId: "s" });
    release.resolve();
    const result = await first;

    expect(result.steps).toHaveLength(3);
    const stored = await store.load("s");
    expect(stored.messages).toEqual([...second.messages, ...result.messages]);
    expect(harness.server.requests.every((request) => request.status === 200)).toBe(true);
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
