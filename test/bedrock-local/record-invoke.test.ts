import { readdir } from "node:fs/promises";
import {
  type BedrockRuntimeClient,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { startBedrockLocal } from "@lode/bedrock-local";
import { toUtf8 } from "@smithy/util-utf8";
import { afterEach, beforeEach, expect, test } from "vitest";
import { type RecordingPair, startRecordingPair } from "./support/recording-pair.js";
import { http2Client } from "./support/sdk-clients.js";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const BODY = JSON.stringify({
  anthropic_version: "bedrock-2023-05-31",
  max_tokens: 100,
  messages: [{ role: "user", content: "Hi" }],
});

/** InvokeModel and its stream as the SDK parses them: model-native bodies decoded, headers as it exposes them. */
async function invokeSession(client: BedrockRuntimeClient) {
  const { body, $metadata, ...invoked } = await client.send(
    new InvokeModelCommand({ modelId: MODEL, body: BODY, contentType: "application/json" }),
  );
  const streamed = await client.send(
    new InvokeModelWithResponseStreamCommand({ modelId: MODEL, body: BODY, contentType: "application/json" }),
  );
  const chunks = [];
  for await (const event of streamed.body ?? [])
    chunks.push(JSON.parse(toUtf8(event.chunk?.bytes ?? new Uint8Array())));
  return {
    invoked: { ...invoked, requestId: $metadata.requestId, body: JSON.parse(toUtf8(body)) },
    streamed: { contentType: streamed.contentType, requestId: streamed.$metadata.requestId, chunks },
  };
}

let pair: RecordingPair;
beforeEach(async () => {
  pair = await startRecordingPair("bedrock-local-record-invoke-", {
    script: { models: { "*": { loop: true, turns: [{ text: "Native hello" }] } } },
  });
});
afterEach(() => pair.close());

test("InvokeModel and InvokeModelWithResponseStream replay as the upstream answered them", async () => {
  const { folder, recorder } = pair;
  const throughRecorder = http2Client(recorder);
  const recorded = await invokeSession(throughRecorder).finally(() => throughRecorder.destroy());
  expect(recorded.invoked.body.content).toEqual([{ type: "text", text: "Native hello" }]);
  expect(recorded.streamed.chunks.at(-1)?.type).toBe("message_stop");
  expect(await readdir(folder)).toEqual([
    "000001.invoke-model.anthropic.claude-3-haiku-20240307-v1_0.json",
    "000002.invoke-model-with-response-stream.anthropic.claude-3-haiku-20240307-v1_0.json",
  ]);

  const replay = await startBedrockLocal({ replay: folder });
  const fromReplay = http2Client(replay);
  try {
    expect(await invokeSession(fromReplay)).toEqual(recorded);
  } finally {
    fromReplay.destroy();
    await replay.close();
  }
});
