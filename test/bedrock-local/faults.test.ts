import http2 from "node:http2";
import {
  type BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  type Message,
} from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, type Fault, type Script, startBedrockLocal } from "@lode/bedrock-local";
import { afterEach, describe, expect, test } from "vitest";
import { codec } from "./support/bidirectional-raw-http2.js";
import { collectEvents, collectUntilError, http1Client, http2Client } from "./support/sdk-clients.js";
import { waitUntil } from "./support/wait-until.js";

const messages: Message[] = [{ role: "user", content: [{ text: "Say hello." }] }];
/** As a stream: messageStart, four text deltas, contentBlockStop, messageStop, metadata. */
const script: Script = {
  models: {
    "short-stream": { turns: [{ text: "Hi" }] },
    "*": { turns: [{ text: "Hello there, this is a streamed answer." }] },
  },
};

let server: BedrockLocal;
let client: BedrockRuntimeClient;

async function start(faults: Fault[]) {
  server = await startBedrockLocal({ script, faults });
  client = http2Client(server);
}

afterEach(async () => {
  client.destroy();
  await server.close();
});

/** "ok", or the name of the error the SDK threw. */
async function converse(modelId = "model-a"): Promise<string> {
  try {
    await client.send(new ConverseCommand({ modelId, messages }));
    return "ok";
  } catch (error) {
    return (error as Error).name;
  }
}

describe("which requests a fault applies to", () => {
  test("injects a fault only into the requests with the given numbers", async () => {
    await start([{ when: { requestNumber: [2, 4] }, error: { type: "ThrottlingException" } }]);
    const outcomes = [await converse(), await converse(), await converse(), await converse()];

    expect(outcomes).toEqual(["ok", "ThrottlingException", "ok", "ThrottlingException"]);
    expect(server.requests.map((request) => request.error)).toEqual([
      undefined,
      "ThrottlingException",
      undefined,
      "ThrottlingException",
    ]);
  });

  test("injects a fault only into requests for the given model id", async () => {
    await start([{ when: { modelId: "model-b" }, error: { type: "ModelNotReadyException" } }]);

    expect([await converse("model-a"), await converse("model-b"), await converse("model-a")]).toEqual([
      "ok",
      "ModelNotReadyException",
      "ok",
    ]);
  });

  test("injects a fault only into the given operation", async () => {
    await start([{ when: { operation: "ConverseStream" }, error: { type: "ServiceUnavailableException" } }]);

    expect(await converse()).toBe("ok");
    await expect(
      client.send(new ConverseStreamCommand({ modelId: "model-a", messages })),
    ).rejects.toMatchObject({
      name: "ServiceUnavailableException",
    });
  });

  test("spends a fault after `times` matching requests", async () => {
    await start([{ times: 2, error: { type: "InternalServerException" } }]);

    expect([await converse(), await converse(), await converse()]).toEqual([
      "InternalServerException",
      "InternalServerException",
      "ok",
    ]);
  });

  test("applies the first matching fault when several match", async () => {
    await start([
      { times: 1, error: { type: "ThrottlingException" } },
      { times: 1, error: { type: "ModelTimeoutException" } },
    ]);

    expect([await converse(), await converse(), await converse()]).toEqual([
      "ThrottlingException",
      "ModelTimeoutException",
      "ok",
    ]);
  });

  test("adds and clears faults on a running server", async () => {
    await start([]);
    expect(await converse()).toBe("ok");
    server.addFault({ error: { type: "AccessDeniedException" } });
    expect(await converse()).toBe("AccessDeniedException");
    server.clearFaults();
    expect(await converse()).toBe("ok");
  });
});

describe("timing faults", () => {
  test("holds an answer back for latencyMs while later requests are answered", async () => {
    await start([{ when: { modelId: "slow-model" }, latencyMs: 1_500 }]);
    let slowSettled = false;
    const slow = client.send(new ConverseCommand({ modelId: "slow-model", messages })).finally(() => {
      slowSettled = true;
    });
    await waitUntil(() => server.requests.length === 1);

    const fast = await client.send(new ConverseCommand({ modelId: "fast-model", messages }));
    expect(slowSettled).toBe(false);
    expect((await slow).output).toEqual(fast.output);
    expect(server.requests.map((request) => request.targetId)).toEqual(["slow-model", "fast-model"]);
  });

  test("spaces stream events by chunkDelayMs while other requests are answered", async () => {
    await start([{ when: { modelId: "short-stream" }, chunkDelayMs: 400 }]);
    const response = await client.send(new ConverseStreamCommand({ modelId: "short-stream", messages }));
    const iterator = (response.stream as AsyncIterable<ConverseStreamOutput>)[Symbol.asyncIterator]();
    const first = await iterator.next();
    let secondArrived = false;
    const second = iterator.next().then((result) => {
      secondArrived = true;
      return result;
    });

    expect(await converse("fast-model")).toBe("ok");
    expect(secondArrived).toBe(false);
    const events = [first.value, (await second).value];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) events.push(next.value);
    expect(events.map((event) => Object.keys(event)[0])).toEqual([
      "messageStart",
      "contentBlockDelta",
      "contentBlockStop",
      "messageStop",
      "metadata",
    ]);
  });
});

describe("a client that leaves", () => {
  test("cuts a chunkDelayMs pause short: the answer ends once the client has gone", async () => {
    // An hour between events: the request is logged as answered only when the pause stops at the client's leaving.
    await start([{ when: { modelId: "paced" }, chunkDelayMs: 3_600_000 }]);
    const session = http2.connect(server.url);
    try {
      const stream = converseStreamOn(session, "paced");
      let received = 0;
      stream.on("data", () => received++);
      stream.on("error", () => {});
      await waitUntil(() => received > 0);
      expect(server.requests[0]?.status).toBeUndefined();

      stream.close(http2.constants.NGHTTP2_CANCEL);
      await waitUntil(() => server.requests[0]?.status === 200);
      expect(received).toBe(1);
    } finally {
      session.destroy();
    }
  });
});

describe("dropped connections", () => {
  test("over HTTP/1.1, fails the for-await loop after the events sent before the drop", async () => {
    await start([{ when: { requestNumber: 1 }, disconnect: { afterEvents: 2 } }]);
    const http1 = http1Client(server);
    const response = await http1.send(new ConverseStreamCommand({ modelId: "model-a", messages }));
    const { events, error } = await collectUntilError(response.stream);

    expect(events.map((event) => Object.keys(event)[0])).toEqual(["messageStart", "contentBlockDelta"]);
    expect(error).toMatchObject({ message: "aborted" });
    const next = await http1.send(new ConverseStreamCommand({ modelId: "model-a", messages }));
    expect(await collectEvents(next.stream)).toHaveLength(8);
    http1.destroy();
  });

  test("over HTTP/2, resets the stream: the SDK's for-await loop fails after the events sent before it", async () => {
    await start([{ when: { requestNumber: 1 }, disconnect: { afterEvents: 2 } }]);
    const response = await client.send(new ConverseStreamCommand({ modelId: "model-a", messages }));
    const { events, error } = await collectUntilError(response.stream);

    expect(events.map((event) => Object.keys(event)[0])).toEqual(["messageStart", "contentBlockDelta"]);
    expect(error).toMatchObject({ code: "ERR_HTTP2_STREAM_ERROR" });
    const next = await client.send(new ConverseStreamCommand({ modelId: "model-a", messages }));
    expect(await collectEvents(next.stream)).toHaveLength(8);
  });

  test("over HTTP/2, drops only its own stream: another stream on the same connection goes on", async () => {
    // The SDK gives every event stream a session of its own, so two streams share one only from a raw
    // client. The paced stream is mid-way (its first event read, seven more due) when the other is dropped.
    await start([
      { when: { modelId: "paced" }, chunkDelayMs: 50 },
      { when: { modelId: "dropped" }, disconnect: { afterEvents: 2 } },
    ]);
    const session = http2.connect(server.url);
    try {
      const paced = converseStreamOn(session, "paced");
      const pacedChunks: Buffer[] = [];
      const pacedEnded = new Promise<void>((resolve, reject) => {
        paced.on("data", (chunk: Buffer) => pacedChunks.push(chunk));
        paced.on("end", resolve);
        paced.on("error", reject);
      });
      await waitUntil(() => pacedChunks.length > 0);

      const dropped = converseStreamOn(session, "dropped");
      dropped.resume();
      const droppedError = await new Promise<unknown>((resolve) => {
        dropped.on("error", resolve);
        dropped.on("end", () => resolve(undefined));
      });
      expect(droppedError).toMatchObject({ code: "ERR_HTTP2_STREAM_ERROR" });
      expect(dropped.rstCode).toBe(http2.constants.NGHTTP2_INTERNAL_ERROR);

      await pacedEnded;
      expect(eventTypes(Buffer.concat(pacedChunks))).toEqual([
        "messageStart",
        "contentBlockDelta",
        "contentBlockDelta",
        "contentBlockDelta",
        "contentBlockDelta",
        "contentBlockStop",
        "messageStop",
        "metadata",
      ]);
      expect(session.destroyed).toBe(false);
    } finally {
      session.destroy();
    }
  });
});

/** A ConverseStream request for `modelId` on an open HTTP/2 session, its body sent. */
function converseStreamOn(session: http2.ClientHttp2Session, modelId: string): http2.ClientHttp2Stream {
  const stream = session.request({
    ":method": "POST",
    ":path": `/model/${modelId}/converse-stream`,
    "content-type": "application/json",
  });
  stream.end(JSON.stringify({ messages }));
  return stream;
}

/** The `:event-type` of each event-stream message in `bytes`. */
function eventTypes(bytes: Buffer): string[] {
  const types: string[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const message = codec.decode(bytes.subarray(offset, offset + length));
    types.push(String(message.headers[":event-type"]?.value));
    offset += length;
  }
  return types;
}
