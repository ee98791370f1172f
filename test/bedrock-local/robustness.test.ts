import {
  BedrockRuntimeServiceException,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  type Message,
} from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, type Script, startBedrockLocal } from "@lode/bedrock-local";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { http1Request, rawTcpExchange } from "./support/raw-http.js";
import { collectEvents, http1Client, http2Client, rejectionOf } from "./support/sdk-clients.js";
import { waitUntil } from "./support/wait-until.js";

const messages: Message[] = [{ role: "user", content: [{ text: "Say hello." }] }];
const COLON_MODEL = "us.anthropic.claude-sonnet-4-20250514-v1:0";
const PROFILE_ARN = "arn:aws:bedrock:us-east-1:000000000000:application-inference-profile/mi1dadi0g15f";
const script: Script = {
  models: {
    [COLON_MODEL]: { turns: [{ text: "from the colon model" }] },
    [PROFILE_ARN]: { turns: [{ text: "from the inference profile" }] },
    "slow-model": { turns: [{ text: "word ".repeat(400), chunkSize: 5, delayMs: 20 }] },
    "*": { turns: [{ text: "Hello there, this is a streamed answer." }] },
  },
};
const MAX_BODY_BYTES = 4096;

let server: BedrockLocal;

beforeEach(async () => {
  server = await startBedrockLocal({ script, maxBodyBytes: MAX_BODY_BYTES });
});

afterEach(async () => {
  await server.close();
});

/** A normal ConverseStream call, over both protocols: proof the server is still serving. */
async function expectServerStillAnswers(): Promise<void> {
  for (const client of [http2Client(server), http1Client(server)]) {
    const response = await client.send(new ConverseStreamCommand({ modelId: "any-model", messages }));
    expect(await collectEvents(response.stream)).toHaveLength(8);
    client.destroy();
  }
}

function errorType(headers: Record<string, unknown>): string {
  return String(headers["x-amzn-errortype"] ?? "").split(":")[0] ?? "";
}

describe("requests AWS would refuse", () => {
  test("answers malformed JSON over HTTP/1.1 with SerializationException 400", async () => {
    const response = await fetch(`${server.url}/model/any-model/converse`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"messages": [{"role": "user", "content": [',
    });

    expect(response.status).toBe(400);
    expect(errorType(Object.fromEntries(response.headers))).toBe("SerializationException");
    expect(response.headers.get("x-amzn-requestid")).toBe(server.requests[0]?.requestId);
    expect(await response.json()).toEqual({ message: expect.any(String) });
    await expectServerStillAnswers();
  });

  test("answers malformed JSON from the SDK with SerializationException 400", async () => {
    const client = http2Client(server);
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body: unknown; headers: Record<string, string> };
        request.body = '{"messages": [';
        request.headers["content-length"] = String(Buffer.byteLength(request.body as string));
        return next(args);
      },
      { step: "build", name: "corruptBody" },
    );
    const error = await rejectionOf(client.send(new ConverseCommand({ modelId: "any-model", messages })));
    client.destroy();

    expect(error).toBeInstanceOf(BedrockRuntimeServiceException);
    expect(error).toMatchObject({ name: "SerializationException", $metadata: { httpStatusCode: 400 } });
    await expectServerStillAnswers();
  });

  test.each([
    ["an unknown path", "POST", "/not-bedrock"],
    ["an unknown operation", "POST", "/model/any-model/summarize"],
    ["a model path without an operation", "POST", "/model/any-model"],
    ["a GET on a model path", "GET", "/model/any-model/converse"],
  ])("answers %s with UnknownOperationException 404", async (_case, method, path) => {
    const response = await http1Request(server, { method, path, body: method === "GET" ? undefined : "{}" });

    expect(response.status).toBe(404);
    expect(errorType(response.headers)).toBe("UnknownOperationException");
    expect(JSON.parse(response.body)).toEqual({ message: expect.any(String) });
    await expectServerStillAnswers();
  });

  test("answers a body over maxBodyBytes with 413, whether declared or chunked", async () => {
    const oversized = JSON.stringify({
      messages: [{ role: "user", content: [{ text: "x".repeat(2 * MAX_BODY_BYTES) }] }],
    });
    const declared = await http1Request(server, { path: "/model/any-model/converse", body: oversized });
    const chunked = await http1Request(server, {
      path: "/model/any-model/converse",
      body: oversized,
      headers: { "transfer-encoding": "chunked" },
    });

    for (const response of [declared, chunked]) {
      expect(response.status).toBe(413);
      expect(errorType(response.headers)).toBe("RequestEntityTooLargeException");
    }
    await expectServerStillAnswers();
  });

  test("answers an oversized body from the SDK over HTTP/2 with 413", async () => {
    const client = http2Client(server);
    const error = await rejectionOf(
      client.send(
        new ConverseCommand({
          modelId: "any-model",
          messages: [{ role: "user", content: [{ text: "x".repeat(2 * MAX_BODY_BYTES) }] }],
        }),
      ),
    );
    client.destroy();

    expect(error).toMatchObject({
      name: "RequestEntityTooLargeException",
      $metadata: { httpStatusCode: 413 },
    });
    expect(server.requests[0]?.httpVersion).toBe("2.0");
    await expectServerStillAnswers();
  });

  test("answers an SDK upload larger than its HTTP/2 session memory with 413, not a reset stream", async () => {
    // Node's HTTP/2 client resets a stream whose answer comes while over 10 MB of its upload is queued.
    const client = http2Client(server);
    const error = await rejectionOf(
      client.send(
        new ConverseCommand({
          modelId: "any-model",
          messages: [{ role: "user", content: [{ text: "x".repeat(12 * 1024 * 1024) }] }],
        }),
      ),
    );
    client.destroy();

    expect(error).toMatchObject({
      name: "RequestEntityTooLargeException",
      $metadata: { httpStatusCode: 413 },
    });
    await expectServerStillAnswers();
  });
});

describe("clients that misbehave", () => {
  test.each([
    ["HTTP/2", http2Client, undefined],
    ["HTTP/1.1", http1Client, "aborted"],
  ])(
    "stops streaming to an SDK call aborted after its first event (%s)",
    async (_protocol, makeClient, thrown) => {
      const client = makeClient(server);
      const controller = new AbortController();
      const response = await client.send(new ConverseStreamCommand({ modelId: "slow-model", messages }), {
        abortSignal: controller.signal,
      });
      const received: ConverseStreamOutput[] = [];
      let error: unknown;
      try {
        for await (const event of response.stream ?? []) {
          received.push(event);
          controller.abort();
        }
      } catch (caught) {
        error = caught;
      }
      client.destroy();

      expect(received[0]).toEqual({ messageStart: { role: "assistant" } });
      expect(received.some((event) => event.messageStop)).toBe(false);
      // Over HTTP/2 the SDK ends an aborted stream without an error: the caller has to check its own signal.
      expect((error as Error | undefined)?.message).toBe(thrown);
      // The handler returns, and logs its status, once it sees the client gone: long before the script's end.
      await waitUntil(() => server.requests[0]?.status !== undefined);
      await expectServerStillAnswers();
    },
  );

  test("answers garbage bytes on a raw TCP connection with 400 and closes it", async () => {
    const startOfTlsHello = Buffer.from([0x16, 0x03, 0x01, 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]);
    const { received } = await rawTcpExchange(server, startOfTlsHello, { end: false });

    expect(received.toString("latin1")).toMatch(/^HTTP\/1\.1 400 /);
    await expectServerStillAnswers();
  });

  test("closes a connection that sends half the HTTP/2 preface and hangs up", async () => {
    const { received } = await rawTcpExchange(server, "PRI * HTTP/2.0\r\n", { end: true });

    expect(received.length).toBe(0);
    await expectServerStillAnswers();
  });

  test("answers the HTTP/2 preface followed by garbage with GOAWAY and closes", async () => {
    const preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    const { received } = await rawTcpExchange(server, Buffer.concat([preface, Buffer.alloc(64, 0xff)]), {
      end: false,
    });

    expect(http2FrameTypes(received)).toContain(GOAWAY);
    await expectServerStillAnswers();
  });
});

const GOAWAY = 0x7;

/** The type of each HTTP/2 frame in `bytes` (9-byte headers: 24-bit length, then the type). */
function http2FrameTypes(bytes: Buffer): number[] {
  const types: number[] = [];
  for (let offset = 0; offset + 9 <= bytes.length; offset += 9 + bytes.readUIntBE(offset, 3))
    types.push(bytes.readUInt8(offset + 3));
  return types;
}

describe("load", () => {
  test("completes 300 concurrent ConverseStream calls over keep-alive HTTP/1.1 with every event", async () => {
    const client = http1Client(server, { maxSockets: 50 });
    const results = await Promise.all(
      Array.from({ length: 300 }, async () => {
        const response = await client.send(new ConverseStreamCommand({ modelId: "any-model", messages }));
        return collectEvents(response.stream);
      }),
    );
    client.destroy();

    expect(server.requests).toHaveLength(300);
    expect(new Set(server.requests.map((request) => request.httpVersion))).toEqual(new Set(["1.1"]));
    for (const events of results) {
      expect(events).toHaveLength(8);
      expect(events.at(-2)).toEqual({ messageStop: { stopReason: "end_turn" } });
    }
    const text = results[299]?.flatMap((event) => event.contentBlockDelta?.delta?.text ?? []).join("");
    expect(text).toBe("Hello there, this is a streamed answer.");
  });

  test("completes 100 concurrent ConverseStream calls over the SDK's default HTTP/2 handler", async () => {
    const client = http2Client(server);
    const results = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const response = await client.send(new ConverseStreamCommand({ modelId: "any-model", messages }));
        return collectEvents(response.stream);
      }),
    );
    client.destroy();

    expect(new Set(server.requests.map((request) => request.httpVersion))).toEqual(new Set(["2.0"]));
    for (const events of results) {
      expect(events).toHaveLength(8);
      expect(events.at(-1)?.metadata?.usage?.outputTokens).toBeGreaterThan(0);
    }
  });
});

describe("model ids in the path", () => {
  async function converseText(modelId: string): Promise<string | undefined> {
    const client = http2Client(server);
    const output = await client.send(new ConverseCommand({ modelId, messages }));
    client.destroy();
    return output.output?.message?.content?.[0]?.text;
  }

  test("decodes a percent-encoded colon to the same script entry", async () => {
    expect(await converseText(COLON_MODEL)).toBe("from the colon model");
    expect(server.requests[0]?.path).toBe("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse");
    expect(server.requests[0]?.targetId).toBe(COLON_MODEL);
  });

  test("decodes an ARN whose slash arrives as %2F to the same script entry", async () => {
    expect(await converseText(PROFILE_ARN)).toBe("from the inference profile");
    expect(server.requests[0]?.path).toContain("application-inference-profile%2Fmi1dadi0g15f");
    expect(server.requests[0]?.targetId).toBe(PROFILE_ARN);
  });

  test("accepts a literal colon in the path, as some clients send it", async () => {
    const response = await http1Request(server, {
      path: `/model/${COLON_MODEL}/converse`,
      body: JSON.stringify({ messages }),
    });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).output.message.content).toEqual([{ text: "from the colon model" }]);
    expect(server.requests[0]?.targetId).toBe(COLON_MODEL);
  });

  test("accepts an ARN with literal colons and an encoded slash", async () => {
    const response = await http1Request(server, {
      path: `/model/${PROFILE_ARN.replace("/", "%2F")}/converse`,
      body: JSON.stringify({ messages }),
    });

    expect(JSON.parse(response.body).output.message.content).toEqual([
      { text: "from the inference profile" },
    ]);
  });
});
