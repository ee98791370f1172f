import { InMemoryConversationStore, type ToolChangeMode } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { requestBody, scriptedAgentPerTest } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const tool = (name: string) =>
  defineTool({
    name,
    description: `The ${name} tool. `.repeat(30),
    input: z.object({ query: z.string() }),
    run: () => "ok",
  });
const search = tool("search");
const calculator = tool("calculator");

/** Three runs of one session: both tools, then search alone, then both again. */
async function threeRuns(mode: ToolChangeMode) {
  const harness = await startAgent(
    {
      models: {
        "*": {
          turns: [
            { text: "One.", expect: { tools: ["search", "calculator"] } },
            { text: "Two.", expect: { tools: ["search"], withoutTools: ["calculator"] } },
            { text: "Three.", expect: { tools: ["search", "calculator"] } },
          ],
        },
      },
    },
    {
      tools: [search, calculator],
      toolChanges: mode,
      system: "You are a careful assistant. ".repeat(40),
      cachePoints: { tools: true, history: true },
    },
  );
  const store = new InMemoryConversationStore();
  const agent = harness.createAgent({ store });
  const first = await agent.run("First", { sessionId: "s" });
  const second = await agent.run("Second", { sessionId: "s", tools: [search] });
  const third = await agent.run("Third", { sessionId: "s" });
  return { harness, store, runs: [first, second, third] };
}

describe('toolChanges: "system-messages"', () => {
  test("keeps the tool configuration and says what changed in system-role messages", async () => {
    const { harness, store } = await threeRuns("system-messages");
    const names = (index: number) =>
      requestBody(harness.server, index).toolConfig.tools.map(
        (entry: { toolSpec?: { name: string } }) => entry.toolSpec?.name,
      );
    expect(names(0)).toEqual(["search", "calculator", undefined]);
    expect(requestBody(harness.server, 1).toolConfig).toEqual(requestBody(harness.server, 0).toolConfig);
    expect(requestBody(harness.server, 2).toolConfig).toEqual(requestBody(harness.server, 0).toolConfig);
    expect(requestBody(harness.server, 1).messages.at(-1)).toEqual({
      role: "system",
      content: [{ toolRemoval: { tool: { name: "calculator" } } }],
    });
    expect(requestBody(harness.server, 2).messages.at(-1)).toEqual({
      role: "system",
      content: [{ toolAddition: { tool: { name: "calculator" } } }],
    });
    // The changes are kept in the session, before the answers they preceded.
    const { messages } = await store.load("s");
    expect(messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "system",
      "assistant",
      "user",
      "system",
      "assistant",
    ]);
  });

  test("reads the cached prefix back where a new tool configuration would lose it", async () => {
    const inMessages = await threeRuns("system-messages");
    const inConfig = await threeRuns("tool-config");
    const read = (runs: typeof inMessages.runs) => runs.map((run) => run.usage.cacheReadInputTokens);
    const [, secondInMessages, thirdInMessages] = read(inMessages.runs);
    const [, secondInConfig] = read(inConfig.runs);
    // The tool configuration starts the prompt: resending a smaller one misses the cache entirely.
    expect(secondInConfig).toBe(0);
    expect(secondInMessages).toBeGreaterThan(0);
    expect(thirdInMessages).toBeGreaterThan(secondInMessages ?? 0);
    expect(inConfig.harness.server.requests.length).toBe(3);
  });

  test("says again what a context strategy trimmed away: the model is never offered a removed tool", async () => {
    const harness = await startAgent(
      {
        models: {
          "*": {
            selection: "sequential",
            turns: [
              { text: "One.", expect: { tools: ["search", "calculator"] } },
              { text: "Two.", expect: { withoutTools: ["calculator"] } },
              { text: "Three.", expect: { withoutTools: ["calculator"] } },
            ],
          },
        },
      },
      {
        tools: [search, calculator],
        toolChanges: "system-messages",
        // Only the newest message goes: the tool message of the run before is trimmed away.
        context: { name: "newest-only", prepare: async ({ messages }) => messages.slice(-1) },
      },
    );
    const store = new InMemoryConversationStore();
    const agent = harness.createAgent({ store });
    await agent.run("First", { sessionId: "s" });
    await agent.run("Second", { sessionId: "s", tools: [search] });
    await agent.run("Third", { sessionId: "s", tools: [search] });
    expect(requestBody(harness.server, 2).messages.at(-1)).toEqual({
      role: "system",
      content: [{ toolRemoval: { tool: { name: "calculator" } } }],
    });
  });

  test("declares a tool the history names that this agent no longer has, as retired", async () => {
    const harness = await startAgent(
      { models: { "*": { loop: true, turns: [{ text: "Fine." }] } } },
      { tools: [search, calculator], toolChanges: "system-messages" },
    );
    const store = new InMemoryConversationStore();
    await harness.createAgent({ store }).run("First", { sessionId: "s" });
    await harness.createAgent({ store }).run("Second", { sessionId: "s", tools: [search] });
    // A new agent with only search: the history's removal names calculator, which must stay declared.
    const later = harness.createAgent({ store, tools: [search] });
    await later.run("Third", { sessionId: "s" });
    const tools = requestBody(harness.server, 2).toolConfig.tools;
    expect(tools.map((entry: { toolSpec: { name: string } }) => entry.toolSpec.name)).toEqual([
      "search",
      "calculator",
    ]);
    expect(tools[1].toolSpec.description).toBe("No longer available. Do not call it.");
    expect(requestBody(harness.server, 2).messages.at(-1).role).toBe("user");
  });
});
