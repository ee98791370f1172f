import type { RunResult } from "@lode/core";
import { studio } from "@lode/studio";
import { defineTool } from "@lode/tools";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { closedPortUrl, type FakeStudio, startFakeStudio } from "./reporter-fake-studio.js";

const startAgent = scriptedAgentPerTest();
const fakes: FakeStudio[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

const weather = defineTool({
  name: "get_weather",
  description: "The weather in a city.",
  input: z.object({ city: z.string() }),
  run: ({ city }) => ({ city, sky: "sunny" }),
});

const SCRIPT = scriptOf(
  { content: [{ toolUse: { name: "get_weather", input: { city: "Oslo" }, id: "tu_oslo" } }] },
  { text: "Sunny in Oslo." },
);

/** What a run answered, without what differs between any two runs (ids, timings). */
function outcomeOf(result: RunResult<unknown>) {
  return {
    text: result.text,
    stopReason: result.stopReason,
    messages: result.messages,
    usage: { ...result.usage, latencyMs: 0 },
    toolCalls: result.toolCalls.map(({ durationMs: _duration, ...call }) => call),
  };
}

/** The run once with `instrumentation` and once without, on fresh scripted servers. */
async function runWithAndWithout(instrumentation: ReturnType<typeof studio>) {
  const watched = await startAgent(SCRIPT, { tools: [weather], instrumentation });
  const withReporter = await watched.agent.run("Weather in Oslo?");
  const plain = await startAgent(SCRIPT, { tools: [weather] });
  const without = await plain.agent.run("Weather in Oslo?");
  return { withReporter, without };
}

describe("a studio that is down or slow", () => {
  test("down (nothing listens): the run ends as it would without the reporter, and flush() resolves", async () => {
    const reporter = studio({ url: await closedPortUrl(), flushIntervalMs: 1 });
    const { withReporter, without } = await runWithAndWithout(reporter);

    expect(outcomeOf(withReporter)).toEqual(outcomeOf(without));
    await expect(reporter.flush()).resolves.toBeUndefined();
  });

  test("hanging (never answers): the run ends while the studio holds every request open", async () => {
    const fake = await startFakeStudio("hang");
    fakes.push(fake);
    const reporter = studio({ url: fake.url, flushIntervalMs: 1, timeoutMs: 300 });
    const watched = await startAgent(SCRIPT, { tools: [weather], instrumentation: reporter });
    // The first batch goes out while the run is under way, and is never answered.
    const running = watched.agent.run("Weather in Oslo?");
    await fake.until(() => fake.held >= 1);
    const withReporter = await running;
    // Every request the studio got is still held: none was answered before the run ended.
    expect(fake.requests.length).toBe(fake.held);

    const plain = await startAgent(SCRIPT, { tools: [weather] });
    expect(outcomeOf(withReporter)).toEqual(outcomeOf(await plain.agent.run("Weather in Oslo?")));
    // Its requests time out; flushing what is left resolves, it does not reject.
    await expect(reporter.flush()).resolves.toBeUndefined();
  });

  test("a full queue drops reports and says how many in the next batch", async () => {
    const fake = await startFakeStudio();
    fakes.push(fake);
    const reporter = studio({ url: fake.url, maxQueuedReports: 3, flushIntervalMs: 60_000 });
    const harness = await startAgent(scriptOf({ text: "Hello." }), { instrumentation: reporter });
    await harness.agent.run("Hi.");
    await reporter.flush();

    expect(fake.reports()).toHaveLength(3);
    expect(fake.batches[0]?.dropped).toBeGreaterThan(0);
  });
});
