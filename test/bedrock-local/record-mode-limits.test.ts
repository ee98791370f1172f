import { rm, writeFile } from "node:fs/promises";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { startBedrockLocal } from "@lode/bedrock-local";
import { afterEach, expect, test } from "vitest";
import { ANY_CREDENTIALS, type RecordingPair, startRecordingPair } from "./support/recording-pair.js";
import { http1Client } from "./support/sdk-clients.js";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const SCRIPT = { models: { "*": { turns: [{ text: "Hello from upstream!" }] } } };

let pair: RecordingPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

test("a recording that cannot be written is noted in the log and told to onRecordingError; the client still gets its answer", async () => {
  const told: string[] = [];
  pair = await startRecordingPair(
    "bedrock-local-unwritable-",
    { script: SCRIPT },
    { onRecordingError: (message) => told.push(message) },
  );
  // A file where the folder should be: every write into it fails, whoever runs the test (root included).
  await rm(pair.folder, { recursive: true, force: true });
  await writeFile(pair.folder, "not a folder");

  const client = http1Client(pair.recorder);
  try {
    const output = await client.send(
      new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: "Hi" }] }] }),
    );
    expect(output.output?.message?.content?.[0]?.text).toBe("Hello from upstream!");
  } finally {
    client.destroy();
  }

  const entry = pair.recorder.requests[0];
  expect(entry?.status).toBe(200);
  expect(entry?.recordingError).toMatch(/^could not write the recording of POST \/model\/.+\/converse: /);
  expect(told).toEqual([entry?.recordingError]);
});

test("faults do not apply in record mode: addFault and the faults option throw a TypeError", async () => {
  pair = await startRecordingPair("bedrock-local-record-faults-", { script: SCRIPT });
  const recorder = pair.recorder;
  expect(() => recorder.addFault({ disconnect: { afterEvents: 1 } })).toThrow(TypeError);
  await expect(
    startBedrockLocal({
      record: { folder: pair.folder, upstream: pair.upstream.url, credentials: ANY_CREDENTIALS },
      faults: [{ disconnect: { afterEvents: 1 } }],
    }),
  ).rejects.toThrow(/faults do not apply in record mode/);
});
