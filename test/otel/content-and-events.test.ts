import { readFileSync } from "node:fs";
import { openTelemetry } from "@lode/otel";
import { SpanStatusCode } from "@opentelemetry/api";
import { describe, expect, test } from "vitest";
import { TWO_APPROVALS, tripTools } from "../approvals/support/trip-tools.js";
import { requestBody, scriptedAgentPerTest, scriptOf, TEST_MODEL_ID } from "../support/scripted-agent.js";
import { eventsOf, onlySpan, spansNamed, startTracing, useContextManager } from "./support/tracing.js";

useContextManager();
const startAgent = scriptedAgentPerTest();

const RECORDINGS = new URL("../../../shared/fixtures/bedrock-recordings/", import.meta.url);

/** The usage Bedrock reported in the recorded prompt-cache exchange: a write, then a read of the same prefix. */
function recordedCacheUsage() {
  const recording = JSON.parse(
    readFileSync(new URL("converse.prompt-cache.write-then-read.claude-sonnet-4-5.json", RECORDINGS), "utf8"),
  );
  return recording.interactions.map(
    (interaction: { response: { body: { usage: Record<string, number> } } }) =>
      interaction.response.body.usage,
  ) as CacheUsage[];
}

interface CacheUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
}

describe("a cached prompt", () => {
  test("reports the cache write, then the read, as Bedrock recorded them, counted in the input tokens", async () => {
    const [write, read] = recordedCacheUsage() as [CacheUsage, CacheUsage];
    const pick = ({
      inputTokens,
      outputTokens,
      cacheReadInputTokens,
      cacheWriteInputTokens,
    }: CacheUsage) => ({
      inputTokens,
      outputTokens,
      cacheReadInputTokens,
      cacheWriteInputTokens,
    });
    const tracing = startTracing();
    const harness = await startAgent(
      scriptOf({ text: "21", usage: pick(write) }, { text: "21", usage: pick(read) }),
      {
        system: "You must answer with a single number. ".repeat(200),
        cachePoints: { system: true },
        instrumentation: openTelemetry({ tracer: tracing.tracer, meter: false }),
      },
    );
    await harness.agent.run("What is 10 + 11?", { sessionId: "cache" });
    await harness.agent.run("What is 10 + 11?", { sessionId: "cache" });
    const [first, second] = spansNamed(tracing.spans(), `chat ${TEST_MODEL_ID}`);

    expect(requestBody(harness.server, 0).system?.at(-1)).toEqual({ cachePoint: { type: "default" } });
    expect(write.cacheWriteInputTokens).toBeGreaterThan(0);
    expect(first?.attributes).toMatchObject({
      "gen_ai.usage.input_tokens": write.inputTokens + write.cacheWriteInputTokens,
      "gen_ai.usage.cache_creation.input_tokens": write.cacheWriteInputTokens,
      "gen_ai.usage.cache_read.input_tokens": 0,
    });
    expect(second?.attributes).toMatchObject({
      "gen_ai.usage.input_tokens": read.inputTokens + read.cacheReadInputTokens,
      "gen_ai.usage.cache_read.input_tokens": read.cacheReadInputTokens,
      "gen_ai.usage.cache_creation.input_tokens": 0,
    });
  });
});

describe("message content", () => {
  const script = scriptOf(
    {
      content: [
        { reasoning: "The user wants the weather." },
        { toolUse: { name: "get_weather", input: { city: "Oslo" }, id: "tu_weather" } },
      ],
    },
    { text: "Sunny in Oslo." },
  );

  test("is recorded in the conventions' shape only when captureContent is on", async () => {
    const tracing = startTracing();
    const { tools } = tripTools();
    const harness = await startAgent(script, {
      name: "forecaster",
      system: "You forecast.",
      tools,
      instrumentation: openTelemetry({ tracer: tracing.tracer, meter: false, captureContent: true }),
    });
    await harness.agent.run("Weather in Oslo?");
    const spans = tracing.spans();
    const [first, second] = spansNamed(spans, `chat ${TEST_MODEL_ID}`);
    const json = (value: unknown) => JSON.parse(String(value));

    expect(json(first?.attributes["gen_ai.input.messages"])).toEqual([
      { role: "user", parts: [{ type: "text", content: "Weather in Oslo?" }] },
    ]);
    expect(json(first?.attributes["gen_ai.system_instructions"])).toEqual([
      { type: "text", content: "You forecast." },
    ]);
    expect(
      json(first?.attributes["gen_ai.tool.definitions"]).map((tool: { name: string }) => tool.name),
    ).toEqual(["book_trip", "get_weather"]);
    expect(json(first?.attributes["gen_ai.output.messages"])).toEqual([
      {
        role: "assistant",
        parts: [
          { type: "reasoning", content: "The user wants the weather." },
          { type: "tool_call", id: "tu_weather", name: "get_weather", arguments: { city: "Oslo" } },
        ],
        finish_reason: "tool_call",
      },
    ]);
    expect(
      json(second?.attributes["gen_ai.input.messages"]).map((message: { role: string }) => message.role),
    ).toEqual(["user", "assistant", "tool"]);
    const tool = onlySpan(spans, "execute_tool get_weather");
    expect(json(tool.attributes["gen_ai.tool.call.arguments"])).toEqual({ city: "Oslo" });
    expect(json(tool.attributes["gen_ai.tool.call.result"])).toEqual([
      { json: { city: "Oslo", sky: "sunny" } },
    ]);
    const run = onlySpan(spans, "invoke_agent forecaster");
    expect(json(run.attributes["gen_ai.output.messages"])).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "Sunny in Oslo." }], finish_reason: "stop" },
    ]);
  });

  test("gives each output message the conventions' finish reason for Bedrock's stop reason", async () => {
    const tracing = startTracing();
    const harness = await startAgent(
      scriptOf(
        { text: "The first three reasons are", stopReason: "max_tokens" },
        { text: "Done.", stopReason: "stop_sequence" },
      ),
      {
        name: "cut",
        instrumentation: openTelemetry({ tracer: tracing.tracer, meter: false, captureContent: true }),
      },
    );
    await harness.agent.run("Give me reasons.", { sessionId: "cut" });
    await harness.agent.run("Go on.", { sessionId: "cut" });
    const finishReasons = (name: string) =>
      spansNamed(tracing.spans(), name).map((span) =>
        JSON.parse(String(span.attributes["gen_ai.output.messages"])).map(
          (message: { finish_reason?: string }) => message.finish_reason,
        ),
      );

    expect(finishReasons(`chat ${TEST_MODEL_ID}`)).toEqual([["length"], ["stop"]]);
    expect(finishReasons("invoke_agent cut")).toEqual([["length"], ["stop"]]);
    // The span's own finish reasons stay as Bedrock sent them.
    expect(
      spansNamed(tracing.spans(), `chat ${TEST_MODEL_ID}`).map(
        (span) => span.attributes["gen_ai.response.finish_reasons"],
      ),
    ).toEqual([["max_tokens"], ["stop_sequence"]]);
  });

  test("is left out by default", async () => {
    const tracing = startTracing();
    const harness = await startAgent(script, {
      system: "You forecast.",
      tools: tripTools().tools,
      instrumentation: openTelemetry({ tracer: tracing.tracer, meter: false }),
    });
    await harness.agent.run("Weather in Oslo?");
    const contentKeys = [
      "gen_ai.input.messages",
      "gen_ai.output.messages",
      "gen_ai.system_instructions",
      "gen_ai.tool.definitions",
      "gen_ai.tool.call.arguments",
      "gen_ai.tool.call.result",
    ];

    for (const span of tracing.spans())
      for (const key of contentKeys) expect(span.attributes).not.toHaveProperty(key);
  });
});

describe("approvals", () => {
  test("are events of the tool call's span: asked, then decided, and by whom", async () => {
    const tracing = startTracing();
    const trip = tripTools();
    const harness = await startAgent(scriptOf(TWO_APPROVALS, { text: "Oslo is booked; Lima was refused." }), {
      tools: trip.tools,
      approver: (request) =>
        request.toolUseId === "tu_oslo" ? { approved: true } : { approved: false, reason: "Too expensive." },
      instrumentation: openTelemetry({ tracer: tracing.tracer, meter: false }),
    });
    await harness.agent.run("Book Oslo and Lima.");
    const bookings = spansNamed(tracing.spans(), "execute_tool book_trip");
    const byCall = (id: string) => bookings.find((span) => span.attributes["gen_ai.tool.call.id"] === id);

    expect(eventsOf(byCall("tu_oslo") as never)).toEqual([
      { name: "lode.approval.requested", attributes: { "gen_ai.tool.name": "book_trip" } },
      {
        name: "lode.approval.decided",
        attributes: {
          "gen_ai.tool.name": "book_trip",
          "lode.approval.approved": true,
          "lode.approval.decided_by": "approver",
        },
      },
    ]);
    expect(byCall("tu_oslo")?.status.code).toBe(SpanStatusCode.UNSET);
    expect(
      eventsOf(byCall("tu_lima") as never).map((event) => event.attributes?.["lode.approval.approved"]),
    ).toEqual([undefined, false]);
    expect(eventsOf(onlySpan(tracing.spans(), "execute_tool get_weather"))).toEqual([]);
  });
});
