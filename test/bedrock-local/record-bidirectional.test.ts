import { createHash, createHmac } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import http2 from "node:http2";
import path from "node:path";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { getChunkedStream } from "@smithy/core/event-streams";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { chunkEvent, codec } from "./support/bidirectional-raw-http2.js";
import { type NovaEvent, NovaSession, nova } from "./support/bidirectional-session.js";
import { closeLocally, listenLocally } from "./support/local-upstream.js";
import { type RecordingPair, startRecorder, startRecordingPair } from "./support/recording-pair.js";
import { http2Client } from "./support/sdk-clients.js";

const RECORDER_CREDENTIALS = { accessKeyId: "AKIDRECORDER", secretAccessKey: "recorder-secret-key" };
const CLIENT_CREDENTIALS = { accessKeyId: "AKIDCLIENTSIDE", secretAccessKey: "client-secret-key" };

/**
 * The signature of one input frame, computed here from the SigV4 event-signing rules with node:crypto alone
 * (not with the signer the proxy uses): HMAC over the date, scope, prior signature, and the hashes of the
 * encoded `:date` header and of the payload.
 */
function frameSignature(options: { date: Date; region: string; prior: string; payload: Uint8Array }): string {
  const { date, region, prior, payload } = options;
  const longDate = date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const shortDate = longDate.slice(0, 8);
  const scope = `${shortDate}/${region}/bedrock/aws4_request`;
  // The :date header as the event-stream encoding writes it: name length, name, type 8 (timestamp), int64 ms.
  const name = Buffer.from(":date");
  const millis = Buffer.alloc(8);
  millis.writeBigInt64BE(BigInt(date.getTime()));
  const headerBytes = Buffer.concat([Buffer.from([name.length]), name, Buffer.from([8]), millis]);
  const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");
  const stringToSign = [
    "AWS4-HMAC-SHA256-PAYLOAD",
    longDate,
    scope,
    prior,
    sha256(headerBytes),
    sha256(payload),
  ].join("\n");
  let key: Buffer = Buffer.from(`AWS4${RECORDER_CREDENTIALS.secretAccessKey}`);
  for (const part of [shortDate, region, "bedrock", "aws4_request"])
    key = createHmac("sha256", key).update(part).digest();
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

/** One spoken-to-text turn of a Nova Sonic session: the input events a client sends, in order. */
const TURN: NovaEvent[] = [
  nova.sessionStart(),
  nova.promptStart(),
  ...nova.text("system-1", "SYSTEM", "You are brief."),
  ...nova.text("user-1", "USER", "Hi there"),
];

/** Runs one turn and the session's end through `server`, and returns every output event in order. */
async function runSession(server: BedrockLocal): Promise<NovaEvent[]> {
  const client = http2Client(server, { credentials: CLIENT_CREDENTIALS });
  try {
    const session = new NovaSession(client);
    session.open();
    for (const event of TURN) session.send(event);
    await session.until("usageEvent");
    session.send(nova.promptEnd());
    session.send(nova.sessionEnd());
    session.close();
    await session.rest();
    return session.received;
  } finally {
    client.destroy();
  }
}

describe("recording InvokeModelWithBidirectionalStream", () => {
  let pair: RecordingPair;
  beforeEach(async () => {
    pair = await startRecordingPair(
      "bedrock-local-record-bidi-",
      { script: { models: { "amazon.nova-sonic-v1:0": { turns: [{ text: "Hello! How can I help?" }] } } } },
      { region: "us-east-1", credentials: RECORDER_CREDENTIALS },
    );
  });
  afterEach(() => pair.close());

  test("proxies both directions over HTTP/2, records input events and raw output, and replays the output", async () => {
    const { folder, upstream, recorder } = pair;
    const received = await runSession(recorder);
    const text = received.map((event) => event.event.textOutput?.content ?? "").join("");
    expect(text).toBe("Hello! How can I help?");
    expect(upstream.requests[0]).toMatchObject({
      operation: "InvokeModelWithBidirectionalStream",
      httpVersion: "2.0",
    });
    expect(upstream.requests[0]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDRECORDER\//,
    );
    expect(upstream.requests[0]?.headers["x-amz-content-sha256"]).toBe("STREAMING-AWS4-HMAC-SHA256-EVENTS");

    const files = await readdir(folder);
    expect(files).toEqual(["000001.invoke-model-with-bidirectional-stream.amazon.nova-sonic-v1_0.json"]);
    const recordingText = await readFile(path.join(folder, files[0] as string), "utf8");
    for (const secret of [...Object.values(RECORDER_CREDENTIALS), ...Object.values(CLIENT_CREDENTIALS)])
      expect(recordingText).not.toContain(secret);
    const { request, response } = JSON.parse(recordingText).interactions[0];
    // Every input event the client sent, the envelopes' signatures left out.
    expect(request.events.map((event: { bytesDecoded: unknown }) => event.bytesDecoded)).toEqual([
      ...TURN,
      nova.promptEnd(),
      nova.sessionEnd(),
    ]);
    expect(request.events[0].headers).toEqual({
      ":event-type": "chunk",
      ":content-type": "application/json",
      ":message-type": "event",
    });
    expect(response.events.map((event: { bytesDecoded: unknown }) => event.bytesDecoded)).toEqual(received);

    const replay = await startBedrockLocal({ replay: folder });
    try {
      expect(await runSession(replay)).toEqual(received);
    } finally {
      await replay.close();
    }
  });
});

test("each input frame is signed again, chained from the signature of the request sent upstream", async () => {
  // A stand-in upstream that keeps the raw input and answers with one output event once the input ends.
  const seen: { headers: http2.IncomingHttpHeaders; frames: Uint8Array[] }[] = [];
  const server = http2.createServer();
  server.on("stream", async (stream, headers) => {
    const frames: Uint8Array[] = [];
    seen.push({ headers, frames });
    stream.respond({ ":status": 200, "content-type": "application/vnd.amazon.eventstream" });
    for await (const frame of getChunkedStream(stream as AsyncIterable<Uint8Array>)) frames.push(frame);
    const output = { event: { completionEnd: { stopReason: "END_TURN" } } };
    stream.end(chunkEvent(output));
  });
  const { recorder, close } = await startRecorder(
    "bedrock-local-record-bidi-sig-",
    await listenLocally(server),
    { region: "eu-west-1", credentials: RECORDER_CREDENTIALS },
  );
  try {
    // This upstream answers only once the input has ended, so the whole input is sent at once.
    const client = http2Client(recorder, { credentials: CLIENT_CREDENTIALS });
    try {
      const session = new NovaSession(client);
      session.open();
      for (const event of [...TURN, nova.promptEnd(), nova.sessionEnd()]) session.send(event);
      session.close();
      expect(await session.rest()).toEqual([{ event: { completionEnd: { stopReason: "END_TURN" } } }]);
    } finally {
      client.destroy();
    }

    const [{ headers, frames }] = seen as [(typeof seen)[number]];
    const authorization = String(headers.authorization);
    expect(authorization).toMatch(/Credential=AKIDRECORDER\/\d{8}\/eu-west-1\/bedrock\/aws4_request/);
    // Every frame's signature is what the recorder's key gives that frame, chained from the one before,
    // starting from the request's own signature (the seed), as Bedrock checks it.
    let prior = /Signature=([0-9a-f]{64})$/.exec(authorization)?.[1] ?? "";
    expect(frames).toHaveLength(TURN.length + 3); // + promptEnd, sessionEnd, the empty closing frame
    for (const frame of frames) {
      const envelope = codec.decode(frame);
      const date = envelope.headers[":date"]?.value as Date;
      const signature = Buffer.from(envelope.headers[":chunk-signature"]?.value as Uint8Array).toString(
        "hex",
      );
      expect(signature).toBe(frameSignature({ date, region: "eu-west-1", prior, payload: envelope.body }));
      prior = signature;
    }
    expect(codec.decode(frames.at(-1) as Uint8Array).body.byteLength).toBe(0);
  } finally {
    await close();
    await closeLocally(server);
  }
});
