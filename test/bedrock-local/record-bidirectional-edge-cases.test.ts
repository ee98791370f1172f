import { readdir } from "node:fs/promises";
import http2 from "node:http2";
import type { Message } from "@smithy/core/event-streams";
import { expect, test } from "vitest";
import { chunkEvent, codec, signed } from "./support/bidirectional-raw-http2.js";
import { closeLocally, listenLocally } from "./support/local-upstream.js";
import { startRecorder } from "./support/recording-pair.js";
import { waitUntil } from "./support/wait-until.js";

const OUTPUT = { event: { completionStart: { sessionId: "s" } } };

/**
 * A stand-in upstream that reads the input and never ends on its own; with `answerAtOnce` it starts its
 * answer (one output event) as soon as the stream opens, else it never answers.
 */
async function standInUpstream(answerAtOnce: boolean) {
  const state = { streams: 0, closed: 0 };
  const server = http2.createServer();
  server.on("stream", (stream) => {
    state.streams++;
    stream.on("error", () => {});
    stream.on("close", () => {
      state.closed++;
    });
    stream.resume();
    if (!answerAtOnce) return;
    stream.respond({ ":status": 200, "content-type": "application/vnd.amazon.eventstream" });
    stream.write(chunkEvent(OUTPUT));
  });
  return { server, state, url: await listenLocally(server) };
}

/** A frame whose prelude announces 64 MiB, over the 16 MiB limit: the recorder must not wait for it. */
const OVERSIZED_PRELUDE = (() => {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(64 * 1024 * 1024, 0);
  return bytes;
})();

/**
 * Opens a bidirectional stream through the recorder with one valid frame, waits until `ready` (given the
 * output so far) holds, then sends `next` (if any; the input is left open, as a live client would) and
 * gathers the rest of the answer.
 */
async function exchange(url: string, ready: (output: Message[]) => boolean, next?: Buffer) {
  const session = http2.connect(url);
  session.on("error", () => {});
  try {
    const stream = session.request({
      ":method": "POST",
      ":path": "/model/amazon.nova-sonic-v1%3A0/invoke-with-bidirectional-stream",
      "content-type": "application/vnd.amazon.eventstream",
      authorization: "AWS4-HMAC-SHA256 Credential=AKIDCLIENT/20240101/us-east-1/bedrock/aws4_request",
    });
    stream.on("error", () => {});
    const response = new Promise<http2.IncomingHttpHeaders>((resolve) => stream.once("response", resolve));
    stream.write(signed(chunkEvent({ event: { sessionStart: {} } })));
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    // The answer's end, not the stream's close: the client's own input is still open.
    const ended = new Promise((resolve) => {
      stream.once("end", resolve);
      stream.once("close", resolve);
    });
    await waitUntil(() => ready(messagesOf(Buffer.concat(chunks))));
    if (next) stream.write(next);
    await ended;
    const headers = await Promise.race([response, Promise.resolve(undefined)]);
    const body = Buffer.concat(chunks);
    return { headers, body, messages: messagesOf(body) };
  } finally {
    session.destroy();
  }
}

function messagesOf(bytes: Buffer): Message[] {
  const messages: Message[] = [];
  for (let offset = 0; offset + 4 <= bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    if (offset + length > bytes.length) break;
    messages.push(codec.decode(bytes.subarray(offset, offset + length)));
    offset += length;
  }
  return messages;
}

test("an oversized input frame once the answer has started ends it with a validationException frame", async () => {
  const upstream = await standInUpstream(true);
  const { folder, recorder, close } = await startRecorder("bedrock-local-record-bidi-bad-", upstream.url);
  try {
    const { headers, messages } = await exchange(
      recorder.url,
      (output) => output.length === 1,
      OVERSIZED_PRELUDE,
    );

    expect(headers?.[":status"]).toBe(200);
    expect(messages).toHaveLength(2);
    const exception = messages[1] as Message;
    expect(exception.headers[":message-type"]?.value).toBe("exception");
    expect(exception.headers[":exception-type"]?.value).toBe("validationException");
    expect(JSON.parse(Buffer.from(exception.body).toString("utf8")).message).toBe(
      "Input frame of 67108864 bytes: frames must hold 16 to 16777216 bytes.",
    );
    // The upstream stream is cancelled, and a broken exchange is no recording.
    await waitUntil(() => upstream.state.closed === 1);
    expect(await readdir(folder)).toEqual([]);
  } finally {
    await close();
    await closeLocally(upstream.server);
  }
});

test("an oversized input frame before the upstream answered is a ValidationException response", async () => {
  const upstream = await standInUpstream(false);
  const { folder, recorder, close } = await startRecorder("bedrock-local-record-bidi-bad-", upstream.url);
  try {
    const { headers, body } = await exchange(
      recorder.url,
      () => upstream.state.streams === 1,
      OVERSIZED_PRELUDE,
    );

    expect(headers?.[":status"]).toBe(400);
    expect(headers?.["x-amzn-errortype"]).toMatch(/^ValidationException/);
    expect(JSON.parse(body.toString("utf8")).message).toMatch(/^Input frame of 67108864 bytes/);
    await waitUntil(() => upstream.state.closed === 1);
    expect(upstream.state.streams).toBe(1);
    expect(await readdir(folder)).toEqual([]);
  } finally {
    await close();
    await closeLocally(upstream.server);
  }
});

test("an upstream's JSON error answer to a bidirectional stream reaches the client as sent, and is recorded", async () => {
  const server = http2.createServer();
  server.on("stream", (stream) => {
    stream.resume();
    stream.respond({
      ":status": 403,
      "content-type": "application/json",
      "x-amzn-errortype": "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/",
    });
    stream.end(
      JSON.stringify({ message: "You don't have access to the model with the specified model ID." }),
    );
  });
  const upstreamUrl = await listenLocally(server);
  const { folder, recorder, close } = await startRecorder("bedrock-local-record-bidi-error-", upstreamUrl);
  try {
    const { headers, body } = await exchange(recorder.url, () => true);

    expect(headers?.[":status"]).toBe(403);
    expect(JSON.parse(body.toString("utf8"))).toEqual({
      message: "You don't have access to the model with the specified model ID.",
    });
    expect(await readdir(folder)).toEqual([
      "000001.invoke-model-with-bidirectional-stream.amazon.nova-sonic-v1_0.json",
    ]);
  } finally {
    await close();
    await closeLocally(server);
  }
});
