import {
  type BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandOutput,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  CountTokensCommand,
  type Message,
  type ToolConfiguration,
} from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, type Script, startBedrockLocal } from "@lode/bedrock-local";
import { afterEach, beforeEach, expect, test } from "vitest";
import { collectEvents, http1Client, http2Client } from "./support/sdk-clients.js";

const MODEL_ID = "us.anthropic.claude-sonnet-4-20250514-v1:0";

const script: Script = {
  models: {
    "*": {
      turns: [
        {
          chunkSize: 7,
          content: [
            { reasoning: "Two cities were asked about, so two weather lookups are needed." },
            {
              text: "Paris is mild this week, per the forecast.",
              citations: [
                {
                  title: "forecast.pdf",
                  sourceContent: [{ text: "Paris: mild, 14 degrees" }],
                  location: { documentPage: { documentIndex: 0, start: 1, end: 2 } },
                },
              ],
            },
            { toolUse: { name: "get_weather", input: { city: "Paris", unit: "celsius" } } },
            { toolUse: { name: "get_weather", input: { city: "Oslo", unit: "celsius" } } },
          ],
        },
      ],
    },
  },
};

const messages: Message[] = [{ role: "user", content: [{ text: "Weather in Paris and Oslo?" }] }];
const toolConfig: ToolConfiguration = {
  tools: [
    {
      toolSpec: {
        name: "get_weather",
        description: "Current weather for a city",
        inputSchema: {
          json: {
            type: "object",
            properties: { city: { type: "string" }, unit: { type: "string" } },
            required: ["city"],
          },
        },
      },
    },
  ],
};

let server: BedrockLocal;
/** The same server through the SDK's default HTTP/2 handler, then through NodeHttpHandler (HTTP/1.1). */
let clients: BedrockRuntimeClient[];

beforeEach(async () => {
  server = await startBedrockLocal({ script });
  clients = [http2Client(server), http1Client(server)];
});

afterEach(async () => {
  for (const client of clients) client.destroy();
  await server.close();
});

/** The measured latency is the one field two identical calls may legitimately disagree on. */
function withoutLatency(event: ConverseStreamOutput): ConverseStreamOutput {
  if (!event.metadata) return event;
  expect(event.metadata.metrics?.latencyMs).toBeGreaterThanOrEqual(0);
  return { metadata: { ...event.metadata, metrics: { latencyMs: 0 } } };
}

function withoutMetadata({ $metadata, metrics, ...output }: ConverseCommandOutput) {
  expect($metadata.httpStatusCode).toBe(200);
  expect(metrics?.latencyMs).toBeGreaterThanOrEqual(0);
  return output;
}

test("delivers identical ConverseStream events over HTTP/2 and HTTP/1.1", async () => {
  const received: ConverseStreamOutput[][] = [];
  for (const client of clients) {
    const response = await client.send(
      new ConverseStreamCommand({ modelId: MODEL_ID, messages, toolConfig }),
    );
    received.push((await collectEvents(response.stream)).map(withoutLatency));
  }

  expect(server.requests.map((request) => request.httpVersion)).toEqual(["2.0", "1.1"]);
  expect(received[0]).toEqual(received[1]);
  const events = received[0] ?? [];
  expect(events.some((event) => event.contentBlockDelta?.delta?.reasoningContent?.signature)).toBe(true);
  expect(events.some((event) => event.contentBlockDelta?.delta?.citation?.title === "forecast.pdf")).toBe(
    true,
  );
  const toolStarts = events.flatMap((event) => event.contentBlockStart?.start?.toolUse ?? []);
  expect(toolStarts.map((toolUse) => toolUse.name)).toEqual(["get_weather", "get_weather"]);
  expect(new Set(toolStarts.map((toolUse) => toolUse.toolUseId)).size).toBe(2);
  expect(events.at(-2)).toEqual({ messageStop: { stopReason: "tool_use" } });
  expect(events.at(-1)?.metadata?.usage?.totalTokens).toBeGreaterThan(0);
});

test("answers Converse identically over HTTP/2 and HTTP/1.1", async () => {
  const outputs = [];
  for (const client of clients) {
    outputs.push(
      withoutMetadata(await client.send(new ConverseCommand({ modelId: MODEL_ID, messages, toolConfig }))),
    );
  }

  expect(server.requests.map((request) => request.httpVersion)).toEqual(["2.0", "1.1"]);
  expect(outputs[0]).toEqual(outputs[1]);
  const content = outputs[0]?.output?.message?.content ?? [];
  expect(content.map((block) => Object.keys(block).find((key) => key !== "$unknown"))).toEqual([
    "reasoningContent",
    "citationsContent",
    "toolUse",
    "toolUse",
  ]);
  expect(content[2]?.toolUse?.input).toEqual({ city: "Paris", unit: "celsius" });
  expect(outputs[0]?.stopReason).toBe("tool_use");
});

test("counts tokens identically over HTTP/2 and HTTP/1.1", async () => {
  const counts = [];
  for (const client of clients) {
    const { inputTokens, $metadata } = await client.send(
      new CountTokensCommand({ modelId: MODEL_ID, input: { converse: { messages, toolConfig } } }),
    );
    expect($metadata.requestId).toBe(server.requests.at(-1)?.requestId);
    counts.push(inputTokens);
  }

  expect(server.requests.map((request) => request.httpVersion)).toEqual(["2.0", "1.1"]);
  expect(counts[0]).toBeGreaterThan(0);
  expect(counts[0]).toBe(counts[1]);
});
