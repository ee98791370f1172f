import type { AgentEvent, RunInstrumentation, RunResult } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { collectEvents, eventsOfType, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const weather = defineTool({
  name: "get_weather",
  description: "The weather in a city.",
  input: z.object({ city: z.string() }),
  run: ({ city }, context) => {
    context.progress({ looking: city });
    return `Sunny in ${city}.`;
  },
});

const citation = {
  title: "Guide",
  source: "guide.txt",
  sourceContent: [{ text: "Paris is sunny in June." }],
  location: { documentChar: { documentIndex: 0, start: 0, end: 23 } },
};

/** Step 1 holds every kind of block (tool input in 3-character pieces); step 2 is plain text. */
const everyBlockScript = scriptOf(
  {
    content: [
      { reasoning: "The user wants the weather." },
      { redactedReasoning: "hidden thoughts" },
      { text: "Paris is sunny.", citations: [citation] },
      { toolUse: { name: "get_weather", input: { city: "Paris" }, id: "tu_1" } },
    ],
    chunkSize: 3,
  },
  { text: "It is sunny in Paris." },
);

/** The event types in order, with runs of the same type collapsed to one. */
function typeSequence(events: AgentEvent[]): string[] {
  return events.map((event) => event.type).filter((type, index, types) => type !== types[index - 1]);
}

describe("stream()", () => {
  test("yields the flat events of a run in order", async () => {
    const harness = await startAgent(everyBlockScript, { tools: [weather] });
    const events = await collectEvents(harness.agent.stream("Weather in Paris?"));

    expect(typeSequence(events)).toEqual([
      "run-start",
      "step-start",
      "reasoning-start",
      "reasoning-delta",
      "reasoning-signature",
      "reasoning-end",
      "reasoning-redacted",
      "citation",
      "text-start",
      "text-delta",
      "text-end",
      "tool-input-start",
      "tool-input-delta",
      // The call is announced when its block ends, before the model's message does.
      "tool-call",
      "usage",
      "message",
      "tool-progress",
      "tool-result",
      "message",
      "step-end",
      "step-start",
      "text-start",
      "text-delta",
      "text-end",
      "usage",
      "message",
      "step-end",
      "run-end",
    ]);
  });

  test("stamps every event with the run's id and its step", async () => {
    const harness = await startAgent(everyBlockScript, { tools: [weather] });
    const stream = harness.agent.stream("Weather in Paris?");
    const events = await collectEvents(stream);
    const { runId } = await stream.result;

    expect(events.every((event) => event.runId === runId)).toBe(true);
    const stepOf = (type: AgentEvent["type"]) => eventsOfType(events, type).map((event) => event.step);
    expect(stepOf("run-start")).toEqual([0]);
    expect(stepOf("step-start")).toEqual([1, 2]);
    expect(stepOf("tool-result")).toEqual([1]);
    expect(stepOf("step-end")).toEqual([1, 2]);
    expect(stepOf("run-end")).toEqual([2]);
    expect(new Set(stepOf("reasoning-delta"))).toEqual(new Set([1]));
  });

  test("carries the content of each block in its deltas", async () => {
    const harness = await startAgent(everyBlockScript, { tools: [weather] });
    const events = await collectEvents(harness.agent.stream("Weather in Paris?"));

    const text = (step: number) =>
      eventsOfType(events, "text-delta")
        .filter((event) => event.step === step)
        .map((event) => event.text)
        .join("");
    expect(text(1)).toBe("Paris is sunny.");
    expect(text(2)).toBe("It is sunny in Paris.");
    expect(
      eventsOfType(events, "reasoning-delta")
        .map((event) => event.text)
        .join(""),
    ).toBe("The user wants the weather.");
    expect(eventsOfType(events, "reasoning-signature")[0]?.signature).toEqual(expect.any(String));
    expect(eventsOfType(events, "reasoning-redacted")[0]?.data).toBeInstanceOf(Uint8Array);
    expect(eventsOfType(events, "citation")[0]?.citation).toMatchObject({
      title: "Guide",
      source: "guide.txt",
    });
    // Deltas of one block share an id: "{step}:{contentBlockIndex}".
    expect(new Set(eventsOfType(events, "reasoning-delta").map((event) => event.id))).toEqual(
      new Set(["1:0"]),
    );
    expect(new Set(eventsOfType(events, "text-delta").map((event) => event.id))).toEqual(
      new Set(["1:2", "2:0"]),
    );
  });

  test("shows tool input forming as its JSON arrives, then the call, progress and result", async () => {
    const harness = await startAgent(everyBlockScript, { tools: [weather] });
    const events = await collectEvents(harness.agent.stream("Weather in Paris?"));

    expect(eventsOfType(events, "tool-input-start")).toMatchObject([
      { toolUseId: "tu_1", toolName: "get_weather" },
    ]);
    const deltas = eventsOfType(events, "tool-input-delta");
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((event) => event.delta).join("")).toBe('{"city":"Paris"}');
    const cities = deltas.map((event) => (event.partialInput as { city?: string } | undefined)?.city ?? "");
    cities.forEach((city, index) => {
      expect("Paris".startsWith(city)).toBe(true);
      expect(city.length).toBeGreaterThanOrEqual((cities[index - 1] ?? "").length);
    });
    expect(cities).toContain("Par");
    expect(deltas.at(-1)?.partialInput).toEqual({ city: "Paris" });

    expect(eventsOfType(events, "tool-call")).toMatchObject([
      { toolUseId: "tu_1", toolName: "get_weather", input: { city: "Paris" } },
    ]);
    expect(eventsOfType(events, "tool-progress")).toMatchObject([
      { toolUseId: "tu_1", toolName: "get_weather", data: { looking: "Paris" } },
    ]);
    expect(eventsOfType(events, "tool-result")).toMatchObject([
      { toolUseId: "tu_1", status: "success", content: [{ text: "Sunny in Paris." }] },
    ]);
  });

  test("reports each step's messages, usage and stop reason", async () => {
    const harness = await startAgent(everyBlockScript, { tools: [weather] });
    const stream = harness.agent.stream("Weather in Paris?");
    const events = await collectEvents(stream);
    const result = await stream.result;

    expect(eventsOfType(events, "message").map((event) => event.message)).toEqual(result.messages.slice(1));
    expect(eventsOfType(events, "usage").map((event) => event.usage)).toEqual(
      result.steps.map((step) => step.usage),
    );
    expect(eventsOfType(events, "step-end").map((event) => event.stopReason)).toEqual([
      "tool_use",
      "end_turn",
    ]);
    expect(eventsOfType(events, "run-start")[0]?.input).toEqual([
      { role: "user", content: [{ text: "Weather in Paris?" }] },
    ]);
    expect(eventsOfType(events, "run-end")[0]?.result).toEqual(result);
  });

  test("resolves result with what run() resolves to", async () => {
    const harness = await startAgent(everyBlockScript, { tools: [weather] });
    const stream = harness.agent.stream("Weather in Paris?");
    await collectEvents(stream);
    const streamed = await stream.result;
    const ran = await harness.agent.run("Weather in Paris?");

    expect(comparable(streamed)).toEqual(comparable(ran));
    expect(Object.keys(streamed).sort()).toEqual(Object.keys(ran).sort());
  });

  test("resolves result without the events being read", async () => {
    const harness = await startAgent(scriptOf({ text: "Hello." }));
    const result = await harness.agent.stream("Hi").result;

    expect(result.text).toBe("Hello.");
  });
});

describe("the agent as an event emitter", () => {
  test("emits each event under its type and under event", async () => {
    const harness = await startAgent(everyBlockScript, { tools: [weather] });
    const textDeltas: string[] = [];
    const emitted: AgentEvent[] = [];
    harness.agent.on("text-delta", (event) => textDeltas.push(event.text));
    harness.agent.on("event", (event) => emitted.push(event));
    const streamed = await collectEvents(harness.agent.stream("Weather in Paris?"));

    expect(emitted).toEqual(streamed);
    expect(textDeltas.join("")).toBe("Paris is sunny.It is sunny in Paris.");
  });

  test("emits the events of run() too", async () => {
    const harness = await startAgent(scriptOf({ text: "Hello." }));
    const types: string[] = [];
    harness.agent.on("event", (event) => types.push(event.type));
    const ends: unknown[] = [];
    harness.agent.on("run-end", (event) => ends.push(event.result));
    const result = await harness.agent.run("Hi");

    expect(types[0]).toBe("run-start");
    expect(types.at(-1)).toBe("run-end");
    expect(ends).toEqual([result]);
  });
});

describe("run(), which makes no stream events while nobody listens", () => {
  test("hears, once a listener or an instrumentation follows it, all that stream() yields", async () => {
    const harness = await startAgent(everyBlockScript, { tools: [weather] });
    const streamed = typeSequence(await collectEvents(harness.agent.stream("Weather in Paris?")));

    const watched: AgentEvent[] = [];
    const instrumentation: RunInstrumentation = {
      startRun: () => ({
        modelCall: () => ({ send: (send) => send(), firstChunk() {}, retry() {}, end() {} }),
        toolCall: (_call, run) => run(),
        event: (event) => watched.push(event),
      }),
    };
    await harness.createAgent({ tools: [weather], instrumentation }).run("Weather in Paris?");
    expect(typeSequence(watched)).toEqual(streamed);

    const emitted: AgentEvent[] = [];
    harness.agent.on("event", (event) => emitted.push(event));
    await harness.agent.run("Weather in Paris?");
    expect(typeSequence(emitted)).toEqual(streamed);
    expect(streamed).toContain("text-delta");
    expect(streamed).toContain("tool-input-delta");
  });
});

/** A result with what differs between two identical runs (ids, wall times, latencies) blanked out. */
function comparable(result: RunResult<unknown>): unknown {
  const usage = { ...result.usage, latencyMs: 0 };
  return {
    ...result,
    runId: "",
    durationMs: 0,
    usage,
    steps: result.steps.map((step) => ({
      ...step,
      usage: { ...step.usage, latencyMs: 0 },
      toolCalls: step.toolCalls.map((call) => ({ ...call, durationMs: 0 })),
    })),
    toolCalls: result.toolCalls.map((call) => ({ ...call, durationMs: 0 })),
    usageByAgent: result.usageByAgent.map((entry) => ({ ...entry, usage: { ...entry.usage, latencyMs: 0 } })),
  };
}
