import { readdirSync, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { BedrockRuntimeClient, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { HttpResponse } from "@smithy/core/protocols";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConverseEventReader } from "./converse-event-reader.js";
import { readCommandFast, readConverseStreamFast } from "./fast-converse-stream.js";

const RECORDINGS = new URL("../../../../../../shared/fixtures/bedrock-recordings/", import.meta.url);
const fromUtf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const toUtf8 = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const codec = new EventStreamCodec(toUtf8, fromUtf8);

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  /** Bytes per chunk the body arrives in (all in one by default). */
  chunk?: number;
}

function chunksOf(bytes: Uint8Array, size = bytes.byteLength || 1): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += size)
    chunks.push(bytes.slice(offset, offset + size));
  return chunks;
}

/** A client whose handler answers every call with `answer`, as the network would. */
function clientAnswering(answer: Answer): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: new HttpResponse({
          statusCode: answer.status,
          headers: { ...answer.headers },
          body: Readable.from(chunksOf(answer.body, answer.chunk)),
        }),
      }),
    },
  });
}

type Message = Parameters<EventStreamCodec["encode"]>[0];

function eventMessage(type: string, payload: unknown, messageType = "event"): Message {
  const typeHeader = messageType === "exception" ? ":exception-type" : ":event-type";
  return {
    headers: {
      [typeHeader]: { type: "string", value: type },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: messageType },
    },
    body: typeof payload === "string" ? fromUtf8(payload) : fromUtf8(JSON.stringify(payload)),
  };
}

/** A ConverseStream answer whose body is `frames`, encoded messages one after another. */
function streamOfFrames(frames: Uint8Array[]): Answer {
  const body = new Uint8Array(frames.reduce((size, frame) => size + frame.byteLength, 0));
  let offset = 0;
  for (const frame of frames) {
    body.set(frame, offset);
    offset += frame.byteLength;
  }
  return {
    status: 200,
    headers: { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "req-1" },
    body,
  };
}

function streamOf(messages: Message[]): Answer {
  return streamOfFrames(messages.map((message) => codec.encode(message)));
}

/** What a caller sees of one call: the answer's metadata and events, or the error, with its class and fields. */
async function observe(client: BedrockRuntimeClient, onCommand?: (command: ConverseStreamCommand) => void) {
  const command = new ConverseStreamCommand({
    modelId: "model",
    messages: [{ role: "user", content: [{ text: "hi" }] }],
  });
  onCommand?.(command);
  const events: unknown[] = [];
  try {
    const output = await client.send(command);
    for await (const event of output.stream ?? []) events.push(event);
    return { metadata: output.$metadata, events, keys: Object.keys(output) };
  } catch (error) {
    return { events, error: describeError(error) };
  }
}

function describeError(error: unknown) {
  const record = error as Record<string, unknown> & Error;
  return {
    class: record.constructor.name,
    name: record.name,
    message: record.message,
    fields: { ...record },
    hasResponse: "$response" in record,
  };
}

/** The SDK's own reading of `answer`, then Lode's, on a client Lode made and on a command Lode sends. */
async function compare(answer: Answer) {
  const sdk = await observe(clientAnswering(answer));
  const ownClient = clientAnswering(answer);
  readConverseStreamFast(ownClient);
  const onClient = await observe(ownClient);
  const plainClient = clientAnswering(answer);
  const onCommand = await observe(plainClient, (command) => readCommandFast(command, plainClient));
  return { sdk, onClient, onCommand };
}

interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  events?: { headers: Record<string, string>; payload: unknown }[];
  eventstreamBase64?: string;
}

function recordedAnswers(): [string, Answer][] {
  const answers: [string, Answer][] = [];
  for (const file of readdirSync(RECORDINGS).filter((name) => name.startsWith("converse-stream."))) {
    const recording = JSON.parse(readFileSync(new URL(file, RECORDINGS), "utf8"));
    recording.interactions.forEach((interaction: { response: RecordedResponse }, index: number) => {
      const { status, headers, body, events, eventstreamBase64 } = interaction.response;
      const bytes = eventstreamBase64
        ? new Uint8Array(Buffer.from(eventstreamBase64, "base64"))
        : events
          ? streamOf(
              events.map(({ headers: h, payload }) =>
                eventMessage(h[":event-type"] ?? h[":exception-type"] ?? "", payload, h[":message-type"]),
              ),
            ).body
          : fromUtf8(body === null ? "" : JSON.stringify(body));
      answers.push([`${file} #${index}`, { status, headers, body: bytes }]);
    });
  }
  return answers;
}

afterEach(() => vi.restoreAllMocks());

describe("Lode's ConverseStream reader gives what the SDK gives", () => {
  it.each(recordedAnswers())("for the recorded answer %s", async (_name, answer) => {
    const { sdk, onClient, onCommand } = await compare(answer);
    expect(onClient).toEqual(sdk);
    expect(onCommand).toEqual(sdk);
  });

  it.each([1, 3, 17, 200, 1000])("for an answer arriving %i bytes at a time, or cut short", async (chunk) => {
    const [, answer] = recordedAnswers().find(([name]) => name.includes("tool-use.parallel")) ?? [];
    const whole = answer as Answer;
    for (const body of [whole.body, whole.body.subarray(0, 601), whole.body.subarray(0, 2)]) {
      const { sdk, onClient, onCommand } = await compare({ ...whole, body, chunk });
      expect(onClient).toEqual(sdk);
      expect(onCommand).toEqual(sdk);
    }
  });

  it("reads plain events itself, without the SDK", async () => {
    const viaSdk = vi.spyOn(ConverseEventReader.prototype as never, "viaSdk");
    const [, answer] = recordedAnswers().find(([name]) => name.includes("tool-use.parallel")) ?? [];
    const { sdk, onClient } = await compare(answer as Answer);
    expect(onClient).toEqual(sdk);
    expect((sdk as { events: unknown[] }).events.length).toBeGreaterThan(20);
    expect(viaSdk).not.toHaveBeenCalled();
  });

  const start = eventMessage("messageStart", { p: "abc", role: "assistant" });
  const stop = eventMessage("messageStop", { stopReason: "end_turn" });
  const cases: [string, Message[]][] = [
    [
      "bytes (redacted reasoning)",
      [
        start,
        eventMessage("contentBlockDelta", {
          contentBlockIndex: 0,
          delta: { reasoningContent: { redactedContent: "AAEC" } },
        }),
        stop,
      ],
    ],
    [
      "a document and big numbers",
      [
        start,
        eventMessage(
          "messageStop",
          '{"stopReason":"end_turn","additionalModelResponseFields":{"n":12345678901234567890,"f":0.1,"x":[1,{"y":"z"}]}}',
        ),
      ],
    ],
    ["an event type the SDK does not know", [start, eventMessage("futureEvent", { a: 1 }), stop]],
    [
      "a delta of a kind the SDK does not know",
      [
        start,
        eventMessage("contentBlockDelta", { contentBlockIndex: 0, delta: { hologram: { x: 1 } } }),
        stop,
      ],
    ],
    [
      "a union with a known and an unknown member",
      [
        start,
        eventMessage("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "a", hologram: 1 } }),
        stop,
      ],
    ],
    [
      "null members and a __type",
      [
        start,
        eventMessage("contentBlockDelta", { contentBlockIndex: null, delta: { text: "a" } }),
        eventMessage("contentBlockStop", { __type: "x", contentBlockIndex: 0 }),
        stop,
      ],
    ],
    [
      "values of the wrong type",
      [
        start,
        eventMessage("contentBlockDelta", { contentBlockIndex: "0", delta: { text: 5 } }),
        eventMessage(
          "metadata",
          '{"usage":{"inputTokens":"NaN","outputTokens":1.5,"totalTokens":3},"metrics":{"latencyMs":1e400}}',
        ),
        stop,
      ],
    ],
    [
      "a float where the SDK revives numbers",
      [
        start,
        eventMessage("contentBlockDelta", {
          contentBlockIndex: 0.5,
          delta: { citation: { location: { documentChar: { documentIndex: 0, start: 1, end: 2 } } } },
        }),
        stop,
      ],
    ],
    [
      "an empty event body",
      [start, { ...eventMessage("contentBlockStop", ""), body: new Uint8Array() }, stop],
    ],
    ["an event body that is not JSON", [start, eventMessage("contentBlockDelta", "{not json"), stop]],
    [
      "a body that is JSON but not an object",
      [start, eventMessage("contentBlockStop", "[1]"), eventMessage("contentBlockDelta", "null"), stop],
    ],
    ["an exception first", [eventMessage("throttlingException", { message: "slow down" }, "exception")]],
    [
      "an exception midway",
      [
        start,
        eventMessage(
          "modelStreamErrorException",
          { message: "boom", originalStatusCode: 500, originalMessage: "x" },
          "exception",
        ),
      ],
    ],
    [
      "an exception the SDK does not know",
      [start, eventMessage("weirdException", { message: "odd" }, "exception")],
    ],
    ["an empty stream", []],
  ];
  it.each(cases)("for %s", async (_name, messages) => {
    const { sdk, onClient, onCommand } = await compare(streamOf(messages));
    expect(onClient).toEqual(sdk);
    expect(onCommand).toEqual(sdk);
  });

  /** The stream of `start`, a text delta and `stop`, with the delta's bytes changed by `damage`. */
  function damagedStream(damage: (delta: Uint8Array) => void): Answer {
    const delta = codec.encode(
      eventMessage("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "a" } }),
    );
    damage(delta);
    return streamOfFrames([codec.encode(start), delta, codec.encode(stop)]);
  }
  const flip = (at: (bytes: Uint8Array) => number) => (bytes: Uint8Array) => {
    const index = at(bytes);
    bytes[index] = (bytes[index] as number) ^ 0x01;
  };
  const damages: [string, (delta: Uint8Array) => void][] = [
    ["a damaged prelude checksum", flip(() => 9)],
    ["a damaged header length (and so its prelude checksum)", flip(() => 7)],
    ["a damaged message checksum", flip((bytes) => bytes.byteLength - 1)],
    ["a damaged body", flip((bytes) => bytes.byteLength - 6)],
    ["a damaged header name", flip(() => 14)],
  ];
  it.each(damages)("for %s", async (_name, damage) => {
    const { sdk, onClient, onCommand } = await compare(damagedStream(damage));
    expect((sdk as { error?: unknown }).error).toBeDefined();
    expect(onClient).toEqual(sdk);
    expect(onCommand).toEqual(sdk);
  });

  it("for headers of every type, which the SDK's codec then reads", async () => {
    const typed = eventMessage("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "a" } });
    typed.headers = {
      ":flag": { type: "boolean", value: true },
      ":count": { type: "integer", value: 7 },
      ...typed.headers,
      ":raw": { type: "binary", value: new Uint8Array([1, 2]) },
    };
    const { sdk, onClient, onCommand } = await compare(streamOf([start, typed, stop]));
    expect((sdk as { events: unknown[] }).events).toHaveLength(3);
    expect(onClient).toEqual(sdk);
    expect(onCommand).toEqual(sdk);
    const decode = vi.spyOn(EventStreamCodec.prototype, "decode");
    const ownClient = clientAnswering(streamOf([start, typed, stop]));
    readConverseStreamFast(ownClient);
    await observe(ownClient);
    expect(decode).toHaveBeenCalledTimes(1);
  });

  it("checks and reads Bedrock's messages without the SDK's codec", async () => {
    const decode = vi.spyOn(EventStreamCodec.prototype, "decode");
    const [, answer] = recordedAnswers().find(([name]) => name.includes("tool-use.parallel")) ?? [];
    const ownClient = clientAnswering(answer as Answer);
    readConverseStreamFast(ownClient);
    const { events } = await observe(ownClient);
    expect(events.length).toBeGreaterThan(20);
    expect(decode).not.toHaveBeenCalled();
  });

  it("for an error message and for an error answer", async () => {
    const error: Message = {
      headers: {
        ":message-type": { type: "string", value: "error" },
        ":error-code": { type: "string", value: "InternalFailure" },
        ":error-message": { type: "string", value: "broken" },
      },
      body: new Uint8Array(),
    };
    for (const answer of [
      streamOf([error]),
      streamOf([start, error]),
      {
        status: 429,
        headers: { "x-amzn-errortype": "ThrottlingException", "x-amzn-requestid": "r" },
        body: fromUtf8('{"message":"Too many"}'),
      },
      { status: 500, headers: {}, body: fromUtf8("<html>") },
    ]) {
      const { sdk, onClient, onCommand } = await compare(answer);
      expect(onClient).toEqual(sdk);
      expect(onCommand).toEqual(sdk);
    }
  });
});
