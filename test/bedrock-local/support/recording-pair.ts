import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BedrockLocal, type BedrockLocalOptions, startBedrockLocal } from "@lode/bedrock-local";

type RecordOptions = NonNullable<BedrockLocalOptions["record"]>;

/** Credentials for a recorder whose tests do not look at how it signs. */
export const ANY_CREDENTIALS = { accessKeyId: "a", secretAccessKey: "b" };

/** A recorder writing to a fresh temporary folder and proxying to `upstream`. */
export interface Recorder {
  folder: string;
  recorder: BedrockLocal;
  /** Closes the recorder and removes its folder. */
  close(): Promise<void>;
}

/**
 * Starts a recorder (`--record`) in a new temporary folder named after `prefix`, proxying to `upstream`
 * with `record` merged over the defaults (any credentials).
 */
export async function startRecorder(
  prefix: string,
  upstream: string,
  record: Partial<RecordOptions> = {},
): Promise<Recorder> {
  const folder = await mkdtemp(path.join(tmpdir(), prefix));
  const recorder = await startBedrockLocal({
    record: { folder, upstream, credentials: ANY_CREDENTIALS, ...record },
  });
  return {
    folder,
    recorder,
    async close() {
      await recorder.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** A scripted bedrock-local as the upstream, and a recorder in front of it. */
export interface RecordingPair extends Recorder {
  upstream: BedrockLocal;
}

/** Starts a scripted upstream with `upstreamOptions` and a recorder in front of it (see `startRecorder`). */
export async function startRecordingPair(
  prefix: string,
  upstreamOptions: BedrockLocalOptions,
  record: Partial<RecordOptions> = {},
): Promise<RecordingPair> {
  const upstream = await startBedrockLocal(upstreamOptions);
  const recording = await startRecorder(prefix, upstream.url, record);
  return {
    ...recording,
    upstream,
    async close() {
      await recording.close();
      await upstream.close();
    },
  };
}
