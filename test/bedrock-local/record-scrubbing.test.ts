import { readdir, readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import {
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { startBedrockLocal } from "@lode/bedrock-local";
import { toUtf8 } from "@smithy/util-utf8";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { chunkEvent, codec } from "./support/bidirectional-raw-http2.js";
import { closeLocally, listenLocally } from "./support/local-upstream.js";
import { type RecordingPair, startRecorder, startRecordingPair } from "./support/recording-pair.js";
import { collectEvents, http2Client, rejectionOf } from "./support/sdk-clients.js";

const ACCOUNT = "123456789012";
const PROFILE_ARN = `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/abc123`;
const SCRUBBED_PROFILE_ARN = "arn:aws:bedrock:us-east-1:000000000000:application-inference-profile/abc123";
const ROUTED_VIA = `Routed via arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.amazon.nova-micro-v1:0`;
const HI = [{ role: "user" as const, content: [{ text: "Hi" }] }];

/** Every recording's text, with its raw event-stream bytes decoded too (an ARN could hide in them). */
async function recordedTexts(folder: string): Promise<string[]> {
  const texts = [];
  for (const name of await readdir(folder)) {
    const text = await readFile(path.join(folder, name), "utf8");
    const stream: string | undefined = JSON.parse(text).interactions[0].response.eventstreamBase64;
    texts.push(text, name, stream ? Buffer.from(stream, "base64").toString("utf8") : "");
  }
  return texts;
}

describe("recordings keep no AWS account id", () => {
  let pair: RecordingPair;
  beforeEach(async () => {
    pair = await startRecordingPair("bedrock-local-record-scrub-", {
      script: { models: { "*": { loop: true, turns: [{ text: ROUTED_VIA }] } } },
    });
  });
  afterEach(() => pair.close());

  test("in paths, JSON bodies, error messages and stream events, while the client sees what was sent", async () => {
    const { folder, upstream, recorder } = pair;
    upstream.addFault({
      when: { modelId: "denied-model" },
      error: {
        type: "AccessDeniedException",
        message: `User: arn:aws:iam::${ACCOUNT}:user/ana is not authorized`,
      },
    });
    const client = http2Client(recorder);
    try {
      const converse = await client.send(new ConverseCommand({ modelId: PROFILE_ARN, messages: HI }));
      const streamed = await client.send(new ConverseStreamCommand({ modelId: PROFILE_ARN, messages: HI }));
      const events = await collectEvents(streamed.stream);
      const denied = (await rejectionOf(
        client.send(new ConverseCommand({ modelId: "denied-model", messages: HI })),
      )) as Error;

      // Live traffic is passed on untouched; only the recordings are scrubbed.
      expect(converse.output?.message?.content).toEqual([{ text: ROUTED_VIA }]);
      // The upstream streams the ARN split across deltas (`:12345678901`, `2:inference-`).
      expect(events.map((event) => event.contentBlockDelta?.delta?.text ?? "").join("")).toBe(ROUTED_VIA);
      expect(denied.message).toContain(ACCOUNT);
    } finally {
      client.destroy();
    }

    expect(await readdir(folder)).toEqual([
      "000001.converse.arn_aws_bedrock_us-east-1_000000000000_application-inference-profile_abc123.json",
      "000002.converse-stream.arn_aws_bedrock_us-east-1_000000000000_application-inference-profile_abc123.json",
      "000003.converse.denied-model.json",
    ]);
    const texts = await recordedTexts(folder);
    for (const text of texts) expect(text).not.toContain(ACCOUNT);
    const first = JSON.parse(texts[0] as string).interactions[0];
    expect(first.request.path).toBe(`/model/${encodeURIComponent(SCRUBBED_PROFILE_ARN)}/converse`);
    expect(first.response.body.output.message.content[0].text).toContain(":000000000000:inference-profile/");

    // The scrubbed frames were framed again with valid checksums: the SDK reads the replayed stream.
    const replay = await startBedrockLocal({ replay: folder });
    const replayClient = http2Client(replay);
    try {
      const replayed = await replayClient.send(
        new ConverseStreamCommand({ modelId: SCRUBBED_PROFILE_ARN, messages: HI }),
      );
      const text = (await collectEvents(replayed.stream))
        .map((event) => event.contentBlockDelta?.delta?.text ?? "")
        .join("");
      expect(text).toBe(ROUTED_VIA.replace(ACCOUNT, "000000000000"));
    } finally {
      replayClient.destroy();
      await replay.close();
    }
  });
});

describe("recordings of InvokeModelWithResponseStream", () => {
  test("scrub account ids inside the base64 chunk bytes and keep them decoded as bytesDecoded", async () => {
    const chunk = { generation: ROUTED_VIA };
    const frame = chunkEvent(chunk, { p: "abc" });
    // A minimal upstream that answers any request with that one chunk, as Bedrock frames it.
    const fake = http.createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        response.writeHead(200, {
          "content-type": "application/vnd.amazon.eventstream",
          "x-amzn-bedrock-content-type": "application/json",
          "x-amzn-requestid": "6f0e4b1e-1111-4222-8333-944445555666",
        });
        response.end(Buffer.from(frame));
      });
    });
    const { folder, recorder, close } = await startRecorder(
      "bedrock-local-record-chunk-",
      await listenLocally(fake),
    );
    const client = http2Client(recorder);
    try {
      const response = await client.send(
        new InvokeModelWithResponseStreamCommand({ modelId: "meta.llama3-8b-instruct-v1:0", body: "{}" }),
      );
      const received = [];
      for await (const event of response.body ?? [])
        received.push(toUtf8(event.chunk?.bytes ?? new Uint8Array()));
      expect(received).toEqual([JSON.stringify(chunk)]);

      const [name] = await readdir(folder);
      expect(name).toBe("000001.invoke-model-with-response-stream.meta.llama3-8b-instruct-v1_0.json");
      const recording = JSON.parse(await readFile(path.join(folder, name as string), "utf8")).interactions[0];
      const scrubbed = { generation: ROUTED_VIA.replace(ACCOUNT, "000000000000") };
      expect(recording.response.events).toEqual([
        {
          headers: { ":event-type": "chunk", ":content-type": "application/json", ":message-type": "event" },
          payload: { bytes: Buffer.from(JSON.stringify(scrubbed)).toString("base64"), p: "abc" },
          bytesDecoded: scrubbed,
        },
      ]);
      const bytes = Buffer.from(recording.response.eventstreamBase64, "base64");
      const decoded = codec.decode(bytes); // throws if the checksums were not recomputed
      expect(JSON.parse(toUtf8(decoded.body)).bytes).toBe(recording.response.events[0].payload.bytes);
      expect(recording.response.headers).toEqual({
        "content-type": "application/vnd.amazon.eventstream",
        "x-amzn-bedrock-content-type": "application/json",
        "x-amzn-requestid": "6f0e4b1e-1111-4222-8333-944445555666",
      });
    } finally {
      client.destroy();
      await close();
      await closeLocally(fake);
    }
  });
});
