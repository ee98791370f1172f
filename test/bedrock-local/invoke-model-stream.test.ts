import {
  type BedrockRuntimeClient,
  InvokeModelWithResponseStreamCommand,
  type ResponseStream,
} from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, type Fault, type Script, startBedrockLocal } from "@lode/bedrock-local";
import { afterEach, describe, expect, test } from "vitest";
import { jsonBytes } from "./support/json-bytes.js";
import { http1Client, http2Client } from "./support/sdk-clients.js";

const script: Script = {
  models: {
    thinker: {
      turns: [
        {
          content: [
            { reasoning: "Greet back." },
            { text: "Hello, streaming world!" },
            { toolUse: { id: "toolu_bdrk_1", name: "wave", input: { times: 2 } } },
          ],
          chunkSize: 8,
        },
      ],
    },
    "*": { turns: [{ text: "Hello there, this is a streamed answer.", chunkSize: 10 }] },
  },
};
const body = {
  anthropic_version: "bedrock-2023-05-31",
  max_tokens: 100,
  messages: [{ role: "user", content: "Hi" }],
};

let server: BedrockLocal;
let client: BedrockRuntimeClient;
async function start(faults: Fault[] = [], http = http2Client) {
  server = await startBedrockLocal({ script, faults });
  client = http(server);
}
afterEach(async () => {
  client.destroy();
  await server.close();
});

type Chunk = Record<string, unknown> & { type: string };

/** The decoded chunks received before the stream ended or failed, and the error it failed with. */
async function stream(modelId: string) {
  const output = await client.send(
    new InvokeModelWithResponseStreamCommand({
      modelId,
      contentType: "application/json",
      accept: "application/json",
      body: jsonBytes(body),
    }),
  );
  const chunks: Chunk[] = [];
  let error: unknown;
  try {
    for await (const event of output.body ?? ([] as ResponseStream[])) {
      if (event.chunk?.bytes) chunks.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as Chunk);
    }
  } catch (caught) {
    error = caught;
  }
  return { output, chunks, error };
}

describe("InvokeModelWithResponseStream in Claude's streaming format", () => {
  test("streams message_start, blocks with their deltas, message_delta and message_stop with metrics", async () => {
    await start();
    const { output, chunks, error } = await stream("thinker");
    expect(error).toBeUndefined();
    expect(output.contentType).toBe("application/json");
    expect(chunks.map((chunk) => chunk.type)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const deltas = (index: number) =>
      chunks
        .filter((chunk) => chunk.type === "content_block_delta" && chunk.index === index)
        .map((chunk) => chunk.delta as Record<string, string>);
    expect(deltas(0).slice(0, 2)).toEqual([
      { type: "thinking_delta", thinking: "Greet ba" },
      { type: "thinking_delta", thinking: "ck." },
    ]);
    expect(deltas(0)[2]?.type).toBe("signature_delta");
    expect(
      deltas(1)
        .map((delta) => delta.text)
        .join(""),
    ).toBe("Hello, streaming world!");
    expect(deltas(2).map((delta) => delta.type)).toEqual([
      "input_json_delta",
      "input_json_delta",
      "input_json_delta",
    ]);
    expect(
      deltas(2)
        .map((delta) => delta.partial_json)
        .join(""),
    ).toBe('{"times":2}');
    expect(chunks[11]).toEqual({
      type: "content_block_start",
      index: 2,
      content_block: { type: "tool_use", id: "toolu_bdrk_1", name: "wave", input: {} },
    });
    expect(chunks[16]).toMatchObject({ delta: { stop_reason: "tool_use", stop_sequence: null } });

    const opening = chunks[0] as unknown as { message: { id: string; usage: { input_tokens: number } } };
    expect(opening.message.id).toMatch(/^msg_bdrk_01/);
    const metrics = chunks.at(-1)?.["amazon-bedrock-invocationMetrics"] as Record<string, number>;
    expect(Object.keys(metrics)).toEqual([
      "inputTokenCount",
      "outputTokenCount",
      "invocationLatency",
      "firstByteLatency",
    ]);
    expect(metrics.inputTokenCount).toBe(opening.message.usage.input_tokens);
    expect(chunks[16]?.usage).toEqual({ output_tokens: metrics.outputTokenCount });
    expect(metrics.invocationLatency).toBeGreaterThanOrEqual(metrics.firstByteLatency ?? 0);
  });

  test("frames each chunk as Bedrock does: base64 bytes beside a p padding, and the stream's own content type", async () => {
    await start();
    const response = await fetch(`${server.url}/model/any/invoke-with-response-stream`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-amzn-bedrock-accept": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.headers.get("content-type")).toBe("application/vnd.amazon.eventstream");
    expect(response.headers.get("x-amzn-bedrock-content-type")).toBe("application/json");
    const bytes = Buffer.from(await response.arrayBuffer()).toString("latin1");
    expect(bytes).toContain(":event-type\u0007\u0000\u0005chunk");
    expect(bytes).toMatch(/\{"bytes":"[A-Za-z0-9+/=]+","p":"abc[a-zA-Z0-9]*"\}/);
  });

  test("works over HTTP/1.1", async () => {
    await start([], http1Client);
    const { chunks } = await stream("any");
    expect(chunks.at(-1)?.type).toBe("message_stop");
    expect(server.requests.at(-1)?.httpVersion).toBe("1.1");
  });
});

describe("stream faults", () => {
  test("a streamError fault sends the exception after the given number of chunks", async () => {
    await start([
      {
        when: { operation: "InvokeModelWithResponseStream" },
        streamError: { afterEvents: 3, type: "modelStreamErrorException", message: "model broke" },
      },
    ]);
    const { chunks, error } = await stream("any");
    expect(chunks.map((chunk) => chunk.type)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
    ]);
    expect((error as Error).name).toBe("ModelStreamErrorException");
    expect((error as Error).message).toBe("model broke");
  });

  test("a disconnect fault drops the connection after the given number of chunks (HTTP/1.1: the SDK sees it abort)", async () => {
    await start([{ when: { requestNumber: 1 }, disconnect: { afterEvents: 2 } }], http1Client);
    const { chunks, error } = await stream("any");
    expect(chunks.map((chunk) => chunk.type)).toEqual(["message_start", "content_block_start"]);
    expect(error).toMatchObject({ message: "aborted" });
    const next = await stream("any");
    expect(next.chunks.at(-1)?.type).toBe("message_stop");
  });

  test("over HTTP/2 a disconnect resets the stream: the SDK sees a stream error, no message_stop", async () => {
    await start([{ when: { requestNumber: 1 }, disconnect: { afterEvents: 2 } }]);
    const { chunks, error } = await stream("any");
    expect(chunks.map((chunk) => chunk.type)).toEqual(["message_start", "content_block_start"]);
    expect(error).toMatchObject({ code: "ERR_HTTP2_STREAM_ERROR" });
  });

  test("a chunkDelayMs fault still delivers every chunk in order", async () => {
    await start([{ when: { operation: "InvokeModelWithResponseStream" }, chunkDelayMs: 5 }]);
    const { chunks, error } = await stream("any");
    expect(error).toBeUndefined();
    expect(chunks[0]?.type).toBe("message_start");
    expect(chunks.at(-1)?.type).toBe("message_stop");
  });
});
