import { InMemoryConversationStore, LodeError } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { lodeErrorOf, requestBody, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const twoTurns = scriptOf({ text: "Nice to meet you, Ada." }, { text: "Your name is Ada." });

describe("sessions", () => {
  test("continues a conversation across runs with the same sessionId", async () => {
    const harness = await startAgent(twoTurns);
    const first = await harness.agent.run("My name is Ada.", { sessionId: "ada" });
    const second = await harness.agent.run("What is my name?", { sessionId: "ada" });

    expect(second.text).toBe("Your name is Ada.");
    expect(second.sessionId).toBe("ada");
    expect(requestBody(harness.server, 1).messages).toEqual([
      ...first.messages,
      { role: "user", content: [{ text: "What is my name?" }] },
    ]);
    // A run's messages are what it added, not the whole session.
    expect(second.messages).toEqual([
      { role: "user", content: [{ text: "What is my name?" }] },
      { role: "assistant", content: [{ text: "Your name is Ada." }] },
    ]);
  });

  test("keeps two sessions apart", async () => {
    const harness = await startAgent(twoTurns);
    await harness.agent.run("My name is Ada.", { sessionId: "ada" });
    await harness.agent.run("My name is Grace.", { sessionId: "grace" });
    await harness.agent.run("What is my name?", { sessionId: "ada" });

    const [, graceFirst, adaSecond] = [0, 1, 2].map((index) => requestBody(harness.server, index));
    expect(graceFirst?.messages).toEqual([{ role: "user", content: [{ text: "My name is Grace." }] }]);
    expect(JSON.stringify(adaSecond?.messages)).not.toContain("Grace");
    expect(adaSecond?.messages).toHaveLength(3);
  });

  test("remembers nothing between runs without a sessionId", async () => {
    const harness = await startAgent(scriptOf({ text: "Hi." }));
    await harness.agent.run("First.");
    await harness.agent.run("Second.");

    expect(requestBody(harness.server, 1).messages).toEqual([
      { role: "user", content: [{ text: "Second." }] },
    ]);
  });

  test("stores a session in the store the agent was given, tool results included", async () => {
    const store = new InMemoryConversationStore();
    const ping = defineTool({ name: "ping", description: "Pings.", input: z.object({}), run: () => "pong" });
    const harness = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "ping", input: {}, id: "tu_1" } }] },
        { text: "Pong received." },
      ),
      { store, tools: [ping] },
    );
    const result = await harness.agent.run("Ping.", { sessionId: "s" });

    const stored = await store.load("s");
    expect(stored.messages).toEqual(result.messages);
    expect(stored.messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    expect(await store.listSessions()).toEqual(["s"]);
  });

  test("shares sessions between agents that share a store", async () => {
    const store = new InMemoryConversationStore();
    const harness = await startAgent(twoTurns, { store });
    await harness.agent.run("My name is Ada.", { sessionId: "ada" });
    await harness.createAgent().run("What is my name?", { sessionId: "ada" });

    expect(requestBody(harness.server, 1).messages).toHaveLength(3);
  });

  test("continues a session that used tools with a run that offers none", async () => {
    const ping = defineTool({ name: "ping", description: "Pings.", input: z.object({}), run: () => "pong" });
    const harness = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "ping", input: {}, id: "tu_1" } }] },
        { text: "Pong received." },
        { text: "Bye." },
      ),
      { tools: [ping] },
    );
    await harness.agent.run("Ping.", { sessionId: "s" });
    const result = await harness.agent.run("Thanks.", { sessionId: "s", tools: [] });

    expect(result.text).toBe("Bye.");
    // Bedrock wants a toolConfig whenever the history holds tool blocks: the tools it names are offered as retired.
    expect(requestBody(harness.server, 2).toolConfig.tools).toEqual([
      {
        toolSpec: {
          name: "ping",
          description: expect.stringContaining("No longer available"),
          inputSchema: { json: { type: "object", properties: {} } },
        },
      },
    ]);
  });

  test("appends the later of two runs writing one session at once after the earlier, whole", async () => {
    const store = new InMemoryConversationStore();
    const harness = await startAgent(
      {
        models: {
          "*": { selection: "sequential", turns: [{ text: "One.", delayMs: 50 }, { text: "Two." }] },
        },
      },
      { store },
    );
    const [first, second] = await Promise.all([
      harness.agent.run("First.", { sessionId: "s" }),
      harness.agent.run("Second.", { sessionId: "s" }),
    ]);

    // "Second." is answered first; the run that met the conflict reloaded and appended after it.
    expect((await store.load("s")).messages).toEqual([...second.messages, ...first.messages]);
  });

  test("gives up with a conflict when the session keeps moving", async () => {
    const store = new InMemoryConversationStore();
    const busy: typeof store = Object.assign(Object.create(store), {
      append: async () => {
        throw new LodeError("conflict", "Another writer appended first.");
      },
    });
    const harness = await startAgent(scriptOf({ text: "Hi." }), { store: busy });
    expect((await lodeErrorOf(harness.agent.run("Hello.", { sessionId: "s" }))).code).toBe("conflict");
  });
});
