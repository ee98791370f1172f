import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const weather = defineTool({
  name: "get_weather",
  description: "The weather in a city.",
  input: z.object({ city: z.string() }),
  run: ({ city }) => ({ city, forecast: "sunny" }),
});

/** Step 1 asks for the weather, step 2 answers; each turn reports its own usage, cache tokens included. */
const weatherScript = scriptOf(
  {
    content: [
      { text: "Let me check." },
      { toolUse: { name: "get_weather", input: { city: "Paris" }, id: "tu_1" } },
    ],
    usage: { inputTokens: 10, outputTokens: 4, cacheReadInputTokens: 3, cacheWriteInputTokens: 2 },
  },
  {
    text: "Sunny in Paris.",
    usage: { inputTokens: 20, outputTokens: 6, cacheReadInputTokens: 7, cacheWriteInputTokens: 0 },
  },
);

describe("run()", () => {
  test("resolves with the final text, the new messages and the stop reason", async () => {
    const harness = await startAgent(scriptOf({ text: "Hello, traveller." }));
    const result = await harness.agent.run("Say hello.");

    expect(result.text).toBe("Hello, traveller.");
    expect(result.stopReason).toBe("end_turn");
    expect(result.messages).toEqual([
      { role: "user", content: [{ text: "Say hello." }] },
      { role: "assistant", content: [{ text: "Hello, traveller." }] },
    ]);
    expect(result.steps).toHaveLength(1);
    expect(result.output).toBeUndefined();
    expect(result.runId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("records every step's messages, the tool results included, in conversation order", async () => {
    const harness = await startAgent(weatherScript, { tools: [weather] });
    const result = await harness.agent.run("Weather in Paris?");

    expect(result.text).toBe("Sunny in Paris.");
    expect(result.messages).toEqual([
      { role: "user", content: [{ text: "Weather in Paris?" }] },
      {
        role: "assistant",
        content: [
          { text: "Let me check." },
          { toolUse: { toolUseId: "tu_1", name: "get_weather", input: { city: "Paris" } } },
        ],
      },
      {
        role: "user",
        content: [
          {
            toolResult: {
              toolUseId: "tu_1",
              status: "success",
              content: [{ json: { city: "Paris", forecast: "sunny" } }],
            },
          },
        ],
      },
      { role: "assistant", content: [{ text: "Sunny in Paris." }] },
    ]);
    expect(result.steps.map((step) => step.stopReason)).toEqual(["tool_use", "end_turn"]);
    expect(result.steps.map((step) => step.message)).toEqual([result.messages[1], result.messages[3]]);
  });

  test("reports usage per step and summed over the run, cache reads and writes included", async () => {
    const harness = await startAgent(weatherScript, { tools: [weather] });
    const result = await harness.agent.run("Weather in Paris?");

    const [first, second] = result.steps.map((step) => step.usage);
    expect(first).toMatchObject({
      inputTokens: 10,
      outputTokens: 4,
      totalTokens: 14,
      cacheReadInputTokens: 3,
      cacheWriteInputTokens: 2,
    });
    expect(second).toMatchObject({
      inputTokens: 20,
      outputTokens: 6,
      totalTokens: 26,
      cacheReadInputTokens: 7,
      cacheWriteInputTokens: 0,
    });
    expect(result.usage).toMatchObject({
      inputTokens: 30,
      outputTokens: 10,
      totalTokens: 40,
      cacheReadInputTokens: 10,
      cacheWriteInputTokens: 2,
    });
  });

  test("reports each step's latency from Bedrock's metrics and their sum", async () => {
    const harness = await startAgent(weatherScript, { tools: [weather] });
    const result = await harness.agent.run("Weather in Paris?");

    const latencies = result.steps.map((step) => step.usage.latencyMs);
    for (const latency of latencies) expect(latency).toBeGreaterThanOrEqual(0);
    expect(result.usage.latencyMs).toBe(latencies.reduce((sum, latency) => sum + latency, 0));
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  test("lists every tool call with its input and result", async () => {
    const harness = await startAgent(weatherScript, { tools: [weather] });
    const result = await harness.agent.run("Weather in Paris?");

    expect(result.toolCalls).toEqual([
      {
        step: 1,
        toolUseId: "tu_1",
        toolName: "get_weather",
        input: { city: "Paris" },
        status: "success",
        content: [{ json: { city: "Paris", forecast: "sunny" } }],
        durationMs: expect.any(Number),
        agentPath: ["agent"],
      },
    ]);
    expect(result.steps[0]?.toolCalls).toEqual(result.toolCalls);
    expect(result.steps[1]?.toolCalls).toEqual([]);
  });
});
