import type { OperationName } from "./models/model-source.js";

/** One request as bedrock-local received and answered it. */
export interface RequestLogEntry {
  requestNumber: number;
  requestId: string;
  /** The operation's name, or `undefined` when the path matched none. */
  operation: OperationName | undefined;
  /** The decoded model or guardrail id. */
  targetId: string | undefined;
  method: string;
  path: string;
  httpVersion: string;
  /**
   * The request's headers, credentials redacted: `x-amz-security-token`, and the signature or bearer token in
   * `authorization`, are fingerprints (`redactedSecret(value)`); the SigV4 credential scope stays.
   */
  headers: Record<string, string>;
  /** The parsed JSON body (`undefined` when it did not parse). */
  body: unknown;
  /** HTTP status sent, once the response has started. */
  status?: number;
  /** The AWS error name, when the answer was an error. */
  error?: string;
  /** The error message, when the answer was an error. */
  errorMessage?: string;
  /**
   * Record mode only: why this exchange's recording could not be written (the client got its answer all
   * the same). Absent when the recording was written, or in any other mode.
   */
  recordingError?: string;
}
