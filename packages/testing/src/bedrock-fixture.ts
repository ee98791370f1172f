import { mkdir } from "node:fs/promises";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, type RecordOptions, startBedrockLocal } from "@lode/bedrock-local";
import { ReplayOrRecordHandler } from "./replay-or-record-handler.js";

/**
 * Where a test's Bedrock traffic comes from:
 * - `replay` (the default, and what CI runs): from the recordings, matched strictly; a request with no
 *   recording fails with its differences from the closest one;
 * - `record`: from real Bedrock, with your AWS credentials, every exchange saved to the recordings;
 * - `auto`: replays what is recorded, and records (from Bedrock) what is not; what it recorded replays from
 *   the next run on.
 */
export type BedrockMode = "replay" | "record" | "auto";

export interface BedrockFixtureOptions {
  /** The folder of this test's recordings. */
  recordings: string;
  /** @default process.env.LODE_BEDROCK, else "replay" */
  mode?: BedrockMode;
  /**
   * Where record mode sends requests.
   * @default process.env.LODE_BEDROCK_UPSTREAM, else `https://bedrock-runtime.${region}.amazonaws.com`
   */
  upstream?: string;
  /** The region record mode signs for. @default process.env.AWS_REGION, else "us-east-1" */
  region?: string;
  /** Record mode's credentials. @default the AWS SDK's default provider chain */
  credentials?: RecordOptions["credentials"];
}

export interface BedrockFixture {
  readonly mode: BedrockMode;
  /** The local Bedrock the client talks to (its `requests` log included): the replaying one in auto mode. */
  readonly server: BedrockLocal;
  /** An SDK client for it: give it to your agent (`new Agent({ client, … })`). */
  readonly client: BedrockRuntimeClient;
  close(): Promise<void>;
}

/** The mode a fixture runs in when its options name none: `LODE_BEDROCK`, else replay. */
export function bedrockModeFromEnv(env: NodeJS.ProcessEnv = process.env): BedrockMode {
  const mode = env.LODE_BEDROCK ?? "replay";
  if (mode !== "replay" && mode !== "record" && mode !== "auto")
    throw new TypeError(`LODE_BEDROCK must be "replay", "record" or "auto", not ${JSON.stringify(mode)}.`);
  return mode;
}

/** Starts bedrock-local for a test file, replaying (or recording) `options.recordings`. */
export async function startBedrockFixture(options: BedrockFixtureOptions): Promise<BedrockFixture> {
  const mode = options.mode ?? bedrockModeFromEnv();
  await mkdir(options.recordings, { recursive: true });
  const region = options.region ?? process.env.AWS_REGION ?? "us-east-1";
  const record: RecordOptions = {
    folder: options.recordings,
    upstream:
      options.upstream ??
      process.env.LODE_BEDROCK_UPSTREAM ??
      `https://bedrock-runtime.${region}.amazonaws.com`,
    region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  const recorder = mode === "replay" ? undefined : await startBedrockLocal({ record });
  const replayer =
    mode === "record"
      ? undefined
      : await startBedrockLocal({ replay: options.recordings, replayMatching: "strict" });
  const server = (replayer ?? recorder) as BedrockLocal;
  // One attempt per call: the agent retries itself, and a replay must not answer one request twice.
  const client = new BedrockRuntimeClient({
    ...server.clientConfig,
    maxAttempts: 1,
    ...(recorder && replayer ? { requestHandler: new ReplayOrRecordHandler(portOf(recorder)) } : {}),
  });
  return {
    mode,
    server,
    client,
    close: async () => {
      client.destroy();
      await replayer?.close();
      await recorder?.close();
    },
  };
}

function portOf(server: BedrockLocal): number {
  return Number(new URL(server.url).port);
}
