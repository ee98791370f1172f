import { openTelemetry } from "@lode/otel";
import { defineTool, type ToolReturn } from "@lode/tools";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { SUPPORT_GUARDRAIL } from "../guardrails/support/guardrails.js";
import { lodeErrorOf, scriptedAgentPerTest, scriptOf, TEST_MODEL_ID } from "../support/scripted-agent.js";
import {
  eventsOf,
  onlySpan,
  spansNamed,
  spanTree,
  startTracing,
  useContextManager,
} from "./support/tracing.js";

useContextManager();
const startAgent = scriptedAgentPerTest();

/** Resolves once `count` callers are waiting on it: the two tool calls only finish if they run at once. */
function meetingOf(count: number): () => Promise<void> {
  let arrived = 0;
  let everyone: () => void = () => {};
  const allThere = new Promise<void>((resolve) => {
    everyone = resolve;
  });
  return () => {
    arrived += 1;
    if (arrived === count) everyone();
    return allThere;
  };
}

/** The tool of these runs: `get_weather`, answering with what `run` returns. */
function getWeather(
  run: (city: string) => ToolReturn | Promise<ToolReturn>,
  options: { needsApproval?: boolean } = {},
) {
  return defineTool({
    name: "get_weather",
    description: "The weather in a city.",
    input: z.object({ city: z.string() }),
    ...options,
    run: ({ city }) => run(city),
  });
}

function weatherTool(meet: () => Promise<void>) {
  return getWeather(async (city) => {
    await meet();
    return { city, forecast: "sunny" };
  });
}

/**
 * Step 1 reasons, writes an email address (which the guardrail masks) and asks for two cities' weather at
 * once; its first attempt is throttled. Step 2 answers, reading part of its prompt from the cache.
 */
const fullScript = scriptOf(
  {
    content: [
      { reasoning: "Two cities: ask for both at once." },
      { text: "Checking; write to ana@example.com with questions." },
      { toolUse: { name: "get_weather", input: { city: "Oslo" }, id: "tu_oslo" } },
      { toolUse: { name: "get_weather", input: { city: "Bergen" }, id: "tu_bergen" } },
    ],
    usage: { inputTokens: 120, outputTokens: 40, cacheReadInputTokens: 0, cacheWriteInputTokens: 900 },
  },
  {
    text: "Sunny in both.",
    usage: { inputTokens: 200, outputTokens: 8, cacheReadInputTokens: 900, cacheWriteInputTokens: 0 },
  },
);

async function fullRun() {
  const tracing = startTracing();
  const harness = await startAgent(fullScript, {
    name: "forecaster",
    tools: [weatherTool(meetingOf(2))],
    guardrails: [SUPPORT_GUARDRAIL],
    guardrail: { id: "support", version: "1" },
    faults: [{ error: { type: "ThrottlingException" }, times: 1 }],
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    instrumentation: openTelemetry({ tracer: tracing.tracer, meter: tracing.meter }),
  });
  const result = await harness.agent.run("Weather in Oslo and Bergen?", { sessionId: "session-7" });
  return { tracing, harness, result, spans: tracing.spans() };
}

describe("a run's spans", () => {
  test("form one tree: the run's span, its model calls and its tool calls as children", async () => {
    const { spans } = await fullRun();

    expect(spanTree(spans)).toEqual([
      [
        "invoke_agent forecaster",
        [
          [`chat ${TEST_MODEL_ID}`, []],
          ["execute_tool get_weather", []],
          ["execute_tool get_weather", []],
          [`chat ${TEST_MODEL_ID}`, []],
        ],
      ],
    ]);
    const run = onlySpan(spans, "invoke_agent forecaster");
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(
      new Set([run.spanContext().traceId]),
    );
    expect(spans.every((span) => span.ended)).toBe(true);
  });

  test("name the run after the agent, with its conversation, model, usage and finish reason", async () => {
    const { spans, result } = await fullRun();
    const run = onlySpan(spans, "invoke_agent forecaster");

    expect(run.kind).toBe(SpanKind.INTERNAL);
    expect(run.attributes).toMatchObject({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.provider.name": "aws.bedrock",
      "gen_ai.agent.name": "forecaster",
      "gen_ai.conversation.id": "session-7",
      "gen_ai.request.model": TEST_MODEL_ID,
      "gen_ai.response.finish_reasons": ["end_turn"],
      // The conventions count cached tokens as input; Bedrock's inputTokens leaves them out.
      "gen_ai.usage.input_tokens": 120 + 900 + 200 + 900,
      "gen_ai.usage.output_tokens": 48,
      "gen_ai.usage.cache_read.input_tokens": 900,
      "gen_ai.usage.cache_creation.input_tokens": 900,
      "lode.run.id": result.runId,
      "lode.step": 2,
    });
    expect(run.attributes).not.toHaveProperty("gen_ai.system");
    expect(run.status.code).toBe(SpanStatusCode.UNSET);
  });

  test("make each model call a CLIENT span with its request, answer, usage and time to first chunk", async () => {
    const { spans, result } = await fullRun();
    const [first, second] = spansNamed(spans, `chat ${TEST_MODEL_ID}`);

    for (const chat of [first, second]) {
      expect(chat?.kind).toBe(SpanKind.CLIENT);
      expect(chat?.attributes).toMatchObject({
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "aws.bedrock",
        "gen_ai.request.model": TEST_MODEL_ID,
        "gen_ai.request.stream": true,
        "gen_ai.output.type": "text",
        "aws.bedrock.guardrail.id": "support",
      });
      expect(chat?.attributes["gen_ai.response.time_to_first_chunk"]).toBeTypeOf("number");
      expect(chat?.attributes["aws.request_id"]).toMatch(/\S/);
    }
    expect(first?.attributes).toMatchObject({
      "gen_ai.response.finish_reasons": [result.steps[0]?.stopReason],
      "gen_ai.usage.input_tokens": 1020,
      "gen_ai.usage.output_tokens": 40,
      "gen_ai.usage.cache_read.input_tokens": 0,
      "gen_ai.usage.cache_creation.input_tokens": 900,
      "gen_ai.usage.cache_write.input_tokens": 900,
      "lode.step": 1,
    });
    expect(second?.attributes).toMatchObject({
      "gen_ai.response.finish_reasons": ["end_turn"],
      "gen_ai.usage.input_tokens": 1100,
      "gen_ai.usage.cache_read.input_tokens": 900,
      "lode.step": 2,
    });
  });

  test("record the throttled attempt and the guardrail's intervention as events of the model call's span", async () => {
    const { spans } = await fullRun();
    const [first, second] = spansNamed(spans, `chat ${TEST_MODEL_ID}`);

    expect(eventsOf(first as never)).toEqual([
      {
        name: "lode.retry",
        attributes: expect.objectContaining({
          "error.type": "throttled",
          "lode.retry.attempt": 1,
          "lode.retry.discards_partial_step": false,
        }),
      },
      {
        name: "aws.bedrock.guardrail.intervention",
        attributes: {
          "aws.bedrock.guardrail.side": "output",
          "aws.bedrock.guardrail.action": "masked",
          "aws.bedrock.guardrail.policies": ["sensitive-information"],
          "aws.bedrock.guardrail.findings": ["sensitive-information:EMAIL:masked"],
          "aws.bedrock.guardrail.id": "support",
          "aws.bedrock.guardrail.version": "1",
          "aws.bedrock.guardrail.basis": "trace",
          "lode.guardrail.redacted": false,
        },
      },
    ]);
    expect(first?.status.code).toBe(SpanStatusCode.UNSET);
    expect(eventsOf(second as never)).toEqual([]);
  });

  test("make each tool call an execute_tool span with its call id, run at the same time as the other", async () => {
    const { spans } = await fullRun();
    const tools = spansNamed(spans, "execute_tool get_weather");

    expect(tools.map((tool) => tool.attributes["gen_ai.tool.call.id"]).sort()).toEqual([
      "tu_bergen",
      "tu_oslo",
    ]);
    for (const tool of tools) {
      expect(tool.kind).toBe(SpanKind.INTERNAL);
      expect(tool.attributes).toMatchObject({
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "get_weather",
        "gen_ai.tool.type": "function",
        "gen_ai.tool.description": "The weather in a city.",
        "gen_ai.agent.name": "forecaster",
        "gen_ai.conversation.id": "session-7",
        "lode.tool.status": "success",
        "lode.step": 1,
      });
      // Content is only recorded on request.
      expect(tool.attributes).not.toHaveProperty("gen_ai.tool.call.arguments");
      expect(tool.attributes).not.toHaveProperty("gen_ai.tool.call.result");
    }
    // Each started before the other ended: they ran in parallel (the tools wait for each other to start).
    // Not strictly before: on a loaded machine two clock readings can be equal.
    const [a, b] = tools as [(typeof tools)[0], (typeof tools)[0]];
    expect(!hrLess(b.endTime, a.startTime) && !hrLess(a.endTime, b.startTime)).toBe(true);
  });

  test("records the GenAI histograms: tokens by type and the operations' durations", async () => {
    const { tracing } = await fullRun();
    const tokens = await tracing.histogram("gen_ai.client.token.usage");
    const durations = await tracing.histogram("gen_ai.client.operation.duration");

    const sumOf = (type: string) =>
      tokens.find((point) => point.attributes["gen_ai.token.type"] === type)?.value.sum;
    expect(sumOf("input")).toBe(1020 + 1100);
    expect(sumOf("output")).toBe(48);
    expect(tokens.every((point) => point.attributes["gen_ai.operation.name"] === "chat")).toBe(true);
    expect(tokens[0]?.attributes).toMatchObject({
      "gen_ai.provider.name": "aws.bedrock",
      "gen_ai.request.model": TEST_MODEL_ID,
    });
    const countOf = (operation: string) =>
      durations.find((point) => point.attributes["gen_ai.operation.name"] === operation)?.value.count;
    expect(countOf("chat")).toBe(2);
    expect(countOf("invoke_agent")).toBe(1);
  });
});

describe("a failed run's spans", () => {
  test("mark the run and the model call failed, with the LodeError code as error.type", async () => {
    const tracing = startTracing();
    const harness = await startAgent(scriptOf({ text: "never" }), {
      name: "forecaster",
      faults: [{ error: { type: "AccessDeniedException" } }],
      instrumentation: openTelemetry({ tracer: tracing.tracer, meter: tracing.meter }),
    });
    const error = await lodeErrorOf(harness.agent.run("Hi."));
    const spans = tracing.spans();

    expect(spanTree(spans)).toEqual([["invoke_agent forecaster", [[`chat ${TEST_MODEL_ID}`, []]]]]);
    for (const span of spans) {
      expect(span.attributes["error.type"]).toBe("access-denied");
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: error.message });
      expect(span.events.map((event) => event.name)).toEqual(["exception"]);
      expect(span.events[0]?.attributes?.["exception.message"]).toBe(error.message);
    }
    const durations = await tracing.histogram("gen_ai.client.operation.duration");
    expect(durations.map((point) => point.attributes["error.type"])).toEqual([
      "access-denied",
      "access-denied",
    ]);
  });

  test("mark a tool call that answered with an error, while the run goes on", async () => {
    const tracing = startTracing();
    const failing = getWeather(() => {
      throw new Error("weather service down");
    });
    const harness = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "get_weather", input: { city: "Oslo" } } }] },
        { text: "Sorry." },
      ),
      { tools: [failing], instrumentation: openTelemetry({ tracer: tracing.tracer, meter: false }) },
    );
    await harness.agent.run("Weather?");
    const tool = onlySpan(tracing.spans(), "execute_tool get_weather");

    expect(tool.attributes).toMatchObject({ "error.type": "tool_error", "lode.tool.status": "error" });
    expect(tool.status.code).toBe(SpanStatusCode.ERROR);
    expect(tool.status.message).toContain("weather service down");
    expect(onlySpan(tracing.spans(), "invoke_agent").status.code).toBe(SpanStatusCode.UNSET);
  });

  test("leave a call a person denied unmarked as an error, its status denied", async () => {
    const tracing = startTracing();
    let ran = false;
    const book = getWeather(
      () => {
        ran = true;
        return "sunny";
      },
      { needsApproval: true },
    );
    const harness = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "get_weather", input: { city: "Oslo" } } }] },
        { text: "As you wish." },
      ),
      {
        tools: [book],
        approver: () => ({ approved: false, reason: "Not today." }),
        instrumentation: openTelemetry({ tracer: tracing.tracer, meter: false }),
      },
    );
    await harness.agent.run("Weather?");
    const tool = onlySpan(tracing.spans(), "execute_tool get_weather");
    expect(ran).toBe(false);
    expect(tool.attributes["lode.tool.status"]).toBe("denied");
    expect(tool.attributes).not.toHaveProperty("error.type");
    expect(tool.status.code).toBe(SpanStatusCode.UNSET);
  });

  test("put an inline guardrail check's intervention on the tool call's span", async () => {
    const tracing = startTracing();
    const lookup = getWeather(() => "Ask ada@example.com.");
    const harness = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "get_weather", input: { city: "Oslo" } } }] },
        { text: "Ask the office." },
      ),
      {
        tools: [lookup],
        toolGuardrail: { mode: "checks", sensitiveInformation: { entities: ["EMAIL"] } },
        instrumentation: openTelemetry({ tracer: tracing.tracer, meter: false }),
      },
    );
    await harness.agent.run("Weather?");
    const tool = onlySpan(tracing.spans(), "execute_tool get_weather");
    expect(eventsOf(tool as never)).toEqual([
      {
        name: "aws.bedrock.guardrail.intervention",
        attributes: {
          "aws.bedrock.guardrail.side": "output",
          "aws.bedrock.guardrail.action": "masked",
          "aws.bedrock.guardrail.policies": ["sensitive-information"],
          "aws.bedrock.guardrail.findings": ["sensitive-information:EMAIL:masked"],
          "lode.guardrail.check": "checks",
        },
      },
    ]);
  });
});

function hrLess(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}
