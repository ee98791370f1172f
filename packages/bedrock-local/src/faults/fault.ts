import type { AwsErrorName } from "../http/aws-error.js";
import type { OperationName } from "../models/model-source.js";

/**
 * The exception types Bedrock sends inside a stream, in the lower camel case of `:exception-type`.
 * `modelTimeoutException` belongs to InvokeModelWithResponseStream's and the bidirectional stream's unions
 * only: ConverseStream's has no member for it, so the SDK reports it there as an unknown stream error.
 */
export type StreamExceptionType =
  | "internalServerException"
  | "modelStreamErrorException"
  | "validationException"
  | "throttlingException"
  | "modelTimeoutException"
  | "serviceUnavailableException";

/**
 * A fault to inject. Every condition in `when` must hold; a fault without `when` applies to every request.
 * Faults are checked in order and the first that matches applies.
 */
export interface Fault {
  when?: {
    /** 1-based request number(s) on this server. */
    requestNumber?: number | number[];
    /** The decoded model id (or guardrail id). */
    modelId?: string;
    /** The operation's API name: `Converse`, `InvokeModelWithResponseStream`, `StartAsyncInvoke`… */
    operation?: OperationName;
  };
  /** How many matching requests the fault applies to before it is spent. @default unlimited */
  times?: number;
  /** Answer with this error instead of a response (e.g. ThrottlingException, InternalServerException). */
  error?: { type: AwsErrorName; message?: string };
  /** In a stream, send this exception frame after `afterEvents` events and end the stream. */
  streamError?: { afterEvents: number; type: StreamExceptionType; message?: string };
  /** In a stream, drop the connection after `afterEvents` events without an exception frame. */
  disconnect?: { afterEvents: number };
  /** Wait this long before answering. */
  latencyMs?: number;
  /** In a stream, wait this long before each event after the first (slow chunks). */
  chunkDelayMs?: number;
}
