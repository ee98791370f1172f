import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { openTelemetry } from "@lode/otel";
import { defineTool } from "@lode/tools";
import { SpanKind, type Tracer, trace } from "@opentelemetry/api";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { scriptedAgentPerTest, scriptOf, TEST_MODEL_ID } from "../support/scripted-agent.js";
import { onlySpan, spansNamed, spanTree, startTracing, useContextManager } from "./support/tracing.js";

useContextManager();
const startAgent = scriptedAgentPerTest();

type HandlerMethod = "handle" | "updateHttpClientConfig" | "httpHandlerConfigs" | "destroy";

/**
 * An HTTP handler instrumented the way OpenTelemetry's HTTP instrumentations do it: a CLIENT span per
 * request, started in the active context, ended when the response's headers arrive.
 */
function tracedHandler(inner: NodeHttpHandler, tracer: Tracer): Pick<NodeHttpHandler, HandlerMethod> {
  return {
    handle: (request, options) =>
      tracer.startActiveSpan(
        request.method,
        {
          kind: SpanKind.CLIENT,
          attributes: { "http.request.method": request.method, "url.path": request.path },
        },
        async (span) => {
          try {
            const answer = await inner.handle(request, options);
            span.setAttribute("http.response.status_code", answer.response.statusCode);
            return answer;
          } finally {
            span.end();
          }
        },
      ),
    updateHttpClientConfig: (key, value) => inner.updateHttpClientConfig(key, value),
    httpHandlerConfigs: () => inner.httpHandlerConfigs(),
    destroy: () => inner.destroy(),
  };
}

describe("span context", () => {
  test("puts the SDK's HTTP request span under the model call's span, one per attempt", async () => {
    const tracing = startTracing();
    const harness = await startAgent(scriptOf({ text: "Hello." }), {
      faults: [{ error: { type: "ThrottlingException" }, times: 1 }],
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const client = new BedrockRuntimeClient({
      ...harness.server.clientConfig,
      maxAttempts: 1,
      requestHandler: tracedHandler(new NodeHttpHandler(), tracing.tracer),
    });
    const agent = harness.createAgent({
      name: "greeter",
      client,
      instrumentation: openTelemetry({ tracer: tracing.tracer }),
    });
    await agent.run("Hi.");
    client.destroy();
    const spans = tracing.spans();

    expect(spanTree(spans)).toEqual([
      [
        "invoke_agent greeter",
        [
          [
            `chat ${TEST_MODEL_ID}`,
            [
              ["POST", []],
              ["POST", []],
            ],
          ],
        ],
      ],
    ]);
    expect(spansNamed(spans, "POST").map((span) => span.attributes["http.response.status_code"])).toEqual([
      429, 200,
    ]);
    expect(spansNamed(spans, "POST")[1]?.attributes["url.path"]).toBe(
      `/model/${TEST_MODEL_ID}/converse-stream`,
    );
  });

  test("runs each tool inside its span, so what the tool traces (a nested agent's run) sits under it", async () => {
    const tracing = startTracing();
    let activeInTool: string | undefined;
    const instrumentation = openTelemetry({ tracer: tracing.tracer });
    const harness = await startAgent({
      models: {
        "outer-model": {
          turns: [
            {
              content: [
                { toolUse: { name: "note_span", input: {}, id: "tu_note" } },
                { toolUse: { name: "researcher", input: { prompt: "Deepest lode?" }, id: "tu_research" } },
              ],
            },
            { text: "The Comstock Lode." },
          ],
        },
        "inner-model": { turns: [{ text: "The Comstock Lode." }] },
      },
    });
    const inner = harness.createAgent({
      modelId: "inner-model",
      name: "researcher",
      description: "Researches.",
      instrumentation,
    });
    const noteSpan = defineTool({
      name: "note_span",
      description: "Notes the active span.",
      input: z.object({}),
      run: () => {
        activeInTool = trace.getActiveSpan()?.spanContext().spanId;
        return "noted";
      },
    });
    const outer = harness.createAgent({
      modelId: "outer-model",
      name: "lead",
      tools: [noteSpan, inner.asTool()],
      instrumentation,
    });
    await outer.run("Which lode is deepest?");
    const spans = tracing.spans();

    expect(spanTree(spans)).toEqual([
      [
        "invoke_agent lead",
        [
          ["chat outer-model", []],
          ["execute_tool note_span", []],
          ["execute_tool researcher", [["invoke_agent researcher", [["chat inner-model", []]]]]],
          ["chat outer-model", []],
        ],
      ],
    ]);
    expect(activeInTool).toBe(onlySpan(spans, "execute_tool note_span").spanContext().spanId);
  });

  test("makes the run's span a child of the span active where the run started", async () => {
    const tracing = startTracing();
    const harness = await startAgent(scriptOf({ text: "Hello." }), {
      instrumentation: openTelemetry({ tracer: tracing.tracer }),
    });
    await tracing.tracer.startActiveSpan("POST /chat", async (request) => {
      await harness.agent.run("Hi.");
      request.end();
    });

    expect(spanTree(tracing.spans())).toEqual([
      ["POST /chat", [["invoke_agent", [[`chat ${TEST_MODEL_ID}`, []]]]]],
    ]);
  });
});
