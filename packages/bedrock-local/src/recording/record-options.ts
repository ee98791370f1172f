import type { SignatureV4 } from "@smithy/signature-v4";

/** Credentials as the signer takes them: fixed values or a provider (the default provider chain by default). */
export type UpstreamCredentials = ConstructorParameters<typeof SignatureV4>[0]["credentials"];

/** Makes bedrock-local a recording proxy: every request goes to `upstream`, every exchange lands in `folder`. */
export interface RecordOptions {
  /** Folder the recordings are written to; created when missing. Existing recordings are kept. */
  folder: string;
  /** Base URL of the Bedrock Runtime endpoint, e.g. `https://bedrock-runtime.us-east-1.amazonaws.com`. */
  upstream: string;
  /**
   * Signing region when the upstream host name does not say one (`bedrock-runtime.{region}.amazonaws.com`).
   * @default process.env.AWS_REGION, then "us-east-1"
   */
  region?: string;
  /** Credentials to sign upstream requests with. @default the AWS SDK's default provider chain */
  credentials?: UpstreamCredentials;
  /**
   * Called when an exchange's recording cannot be written (disk full, permissions), with a message naming
   * the exchange. The client gets its answer all the same, and the request log entry's `recordingError`
   * holds the same message. bedrock-local itself writes nothing to the console; the CLI prints it on stderr.
   */
  onRecordingError?: (message: string) => void;
}
