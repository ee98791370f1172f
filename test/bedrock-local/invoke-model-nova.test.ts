import { InvokeModelCommand, InvokeModelWithResponseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, test } from "vitest";
import { jsonBytes } from "./support/json-bytes.js";
import { rejectionOf } from "./support/sdk-clients.js";
import { serveForSuite } from "./support/suite-server.js";

const NOVA = "amazon.nova-micro-v1:0";
const body = {
  schemaVersion: "messages-v1",
  system: [{ text: "Be brief." }],
  messages: [{ role: "user", content: [{ text: "Check the weather" }] }],
  inferenceConfig: { max_new_tokens: 100, temperature: 0.5, topP: 0.9 },
  toolConfig: {
    tools: [{ toolSpec: { name: "weather", inputSchema: { json: { type: "object" } } } }],
  },
};

const local = serveForSuite({
  script: {
    models: {
      [NOVA]: {
        loop: true,
        turns: [
          {
            content: [
              { text: "Checking." },
              { toolUse: { id: "tooluse_1", name: "weather", input: { c: 1 } } },
            ],
            expect: { system: "brief", tools: ["weather"], body: { inferenceConfig: { maxTokens: 100 } } },
          },
        ],
      },
    },
  },
});

describe("Amazon Nova's native messages-v1 schema", () => {
  test("InvokeModel answers in Nova's response shape, the script seeing maxTokens from max_new_tokens", async () => {
    const output = await local.client.send(new InvokeModelCommand({ modelId: NOVA, body: jsonBytes(body) }));
    const json = JSON.parse(new TextDecoder().decode(output.body));
    expect(json).toEqual({
      output: {
        message: {
          role: "assistant",
          content: [
            { text: "Checking." },
            { toolUse: { toolUseId: "tooluse_1", name: "weather", input: { c: 1 } } },
          ],
        },
      },
      stopReason: "tool_use",
      usage: {
        inputTokens: json.usage.inputTokens,
        outputTokens: json.usage.outputTokens,
        totalTokens: json.usage.inputTokens + json.usage.outputTokens,
        cacheReadInputTokenCount: 0,
        cacheWriteInputTokenCount: 0,
      },
    });
  });

  test("the stream sends Converse's events as chunks, metadata and invocation metrics last", async () => {
    const output = await local.client.send(
      new InvokeModelWithResponseStreamCommand({ modelId: NOVA, body: jsonBytes(body) }),
    );
    const chunks: Record<string, unknown>[] = [];
    for await (const event of output.body ?? [])
      if (event.chunk?.bytes) chunks.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)));
    expect(chunks.map((chunk) => Object.keys(chunk)[0])).toEqual([
      "messageStart",
      "contentBlockDelta",
      "contentBlockStop",
      "contentBlockStart",
      "contentBlockDelta",
      "contentBlockDelta",
      "contentBlockStop",
      "messageStop",
      "metadata",
    ]);
    expect(chunks[3]).toEqual({
      contentBlockStart: {
        contentBlockIndex: 1,
        start: { toolUse: { name: "weather", toolUseId: "tooluse_1" } },
      },
    });
    const last = chunks.at(-1) as { metadata: { usage: Record<string, number> } } & Record<string, unknown>;
    expect(last["amazon-bedrock-invocationMetrics"]).toMatchObject({
      inputTokenCount: last.metadata.usage.inputTokens,
      outputTokenCount: last.metadata.usage.outputTokens,
    });
  });

  test("rejects keys the schema does not have", async () => {
    const error = (await rejectionOf(
      local.client.send(
        new InvokeModelCommand({
          modelId: NOVA,
          body: jsonBytes({ ...body, inferenceConfig: { maxTokens: 5 }, max_tokens: 5 }),
        }),
      ),
    )) as Error;
    expect(error.message).toBe(
      "Malformed input request: #: extraneous key [max_tokens] is not permitted#/inferenceConfig: extraneous key [maxTokens] is not permitted, please reformat your input and try again.",
    );
  });
});
