import type { AgentOptions } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { lodeErrorOf, scriptedAgentPerTest, scriptOf, TEST_MODEL_ID } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const weather = defineTool({
  name: "get_weather",
  description: "The weather in a city.",
  input: z.object({ city: z.string() }),
  run: ({ city }) => ({ city, forecast: "sunny" }),
});

const weatherScript = scriptOf(
  {
    content: [{ toolUse: { name: "get_weather", input: { city: "Paris" } } }],
    usage: { inputTokens: 1000, outputTokens: 200, cacheReadInputTokens: 3000, cacheWriteInputTokens: 500 },
  },
  {
    text: "Sunny.",
    usage: { inputTokens: 2000, outputTokens: 100, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
  },
);

/** Made-up prices per million tokens: the tests check the arithmetic, not anyone's price list. */
const PRICE = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };

describe("cost", () => {
  test("prices each step's tokens by kind, and adds the steps up for the run", async () => {
    const harness = await startAgent(weatherScript, { tools: [weather], prices: { [TEST_MODEL_ID]: PRICE } });
    const result = await harness.agent.run("Weather in Paris?");

    const [first, second] = result.steps.map((step) => step.cost);
    // 1000 × 3 + 200 × 15 + 3000 × 0.3 + 500 × 3.75, per million
    expect(first?.input).toBeCloseTo(0.003, 12);
    expect(first?.output).toBeCloseTo(0.003, 12);
    expect(first?.cacheRead).toBeCloseTo(0.0009, 12);
    expect(first?.cacheWrite).toBeCloseTo(0.001875, 12);
    expect(first?.total).toBeCloseTo(0.008775, 12);
    expect(second?.total).toBeCloseTo(0.0075, 12);
    expect(result.cost?.total).toBeCloseTo(0.016275, 12);
    expect(result.cost?.cacheRead).toBeCloseTo(0.0009, 12);
  });

  test("charges cached tokens at the input price when the table gives no cache prices", async () => {
    const harness = await startAgent(weatherScript, {
      tools: [weather],
      prices: { [TEST_MODEL_ID]: { input: 1, output: 2 } },
    });
    const result = await harness.agent.run("Weather in Paris?");

    expect(result.steps[0]?.cost?.cacheRead).toBeCloseTo(0.003, 12);
    expect(result.steps[0]?.cost?.cacheWrite).toBeCloseTo(0.0005, 12);
  });

  test("is undefined without prices, or when the table has none for the agent's model", async () => {
    const harness = await startAgent(weatherScript, { tools: [weather] });
    const unpriced = await harness.agent.run("Weather in Paris?");
    const otherModel = await harness
      .createAgent({ prices: { "another-model": PRICE } })
      .run("Weather in Paris?");

    for (const result of [unpriced, otherModel]) {
      expect(result.cost).toBeUndefined();
      expect(result.steps.map((step) => step.cost)).toEqual([undefined, undefined]);
    }
  });

  test("counts the attempts a step retried after a throttle only once Bedrock answered", async () => {
    const harness = await startAgent(weatherScript, {
      tools: [weather],
      prices: { [TEST_MODEL_ID]: PRICE },
      faults: [{ error: { type: "ThrottlingException" }, times: 1 }],
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const result = await harness.agent.run("Weather in Paris?");

    expect(result.steps[0]?.retries).toBe(1);
    expect(result.cost?.total).toBeCloseTo(0.016275, 12);
  });
});

describe("bad prices and instrumentation", () => {
  test.each<[string, Partial<AgentOptions>, string]>([
    ["prices: []", { prices: [] as never }, "prices must be an object of prices by model id"],
    ["a price that is not an object", { prices: { m: 3 as never } }, 'prices["m"] must be { input, output'],
    ["a negative input price", { prices: { m: { input: -1, output: 1 } } }, 'prices["m"].input must be'],
    ["an output price of NaN", { prices: { m: { input: 1, output: Number.NaN } } }, 'prices["m"].output'],
    [
      "a cache read price as a string",
      { prices: { m: { input: 1, output: 1, cacheRead: "0.3" as never } } },
      "cacheRead",
    ],
    [
      "instrumentation without startRun",
      { instrumentation: {} as never },
      "instrumentation must be a RunInstrumentation",
    ],
  ])("rejects %s when the agent is made", async (_name, options, says) => {
    const harness = await startAgent(scriptOf({ text: "Hello." }));
    let thrown: unknown;
    try {
      harness.createAgent(options);
    } catch (error) {
      thrown = error;
    }
    const error = await lodeErrorOf(Promise.reject(thrown));

    expect(error.code).toBe("invalid-config");
    expect(error.message).toContain(says);
  });
});
