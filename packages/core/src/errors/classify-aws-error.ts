import { isContextOverflowMessage } from "./context-overflow-messages.js";
import { LodeError, type LodeErrorCode } from "./lode-error.js";

interface AwsLikeError {
  name?: string;
  message?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/** Exception names (HTTP errors and in-stream exception frames alike) and what they mean to an agent. */
const BY_EXCEPTION_NAME: Record<string, { code: LodeErrorCode; retryable: boolean }> = {
  ThrottlingException: { code: "throttled", retryable: true },
  ServiceUnavailableException: { code: "service-unavailable", retryable: true },
  InternalServerException: { code: "service-unavailable", retryable: true },
  ModelStreamErrorException: { code: "model-error", retryable: true },
  ModelErrorException: { code: "model-error", retryable: false },
  ModelTimeoutException: { code: "model-timeout", retryable: true },
  ModelNotReadyException: { code: "model-not-ready", retryable: true },
  ValidationException: { code: "invalid-request", retryable: false },
  AccessDeniedException: { code: "access-denied", retryable: false },
  ExpiredTokenException: { code: "access-denied", retryable: false },
  UnrecognizedClientException: { code: "access-denied", retryable: false },
  ResourceNotFoundException: { code: "not-found", retryable: false },
  ServiceQuotaExceededException: { code: "quota-exceeded", retryable: false },
};

/**
 * Turns whatever the SDK threw into a `LodeError`, by exception name and `$metadata`, never by message
 * text, with the one exception DESIGN.md allows: context overflow, which Bedrock reports as a
 * ValidationException told apart only by its message.
 */
export function classifyAwsError(error: unknown): LodeError {
  if (LodeError.isInstance(error)) return error;
  const aws = (typeof error === "object" && error !== null ? error : {}) as AwsLikeError;
  const name = aws.name ?? "Error";
  const message = aws.message ?? String(error);
  const requestId = aws.$metadata?.requestId;
  const known = BY_EXCEPTION_NAME[name];
  if (name === "AbortError") return new LodeError("aborted", "The run was aborted.", { cause: error });
  if (name === "ValidationException" && isContextOverflowMessage(message)) {
    return new LodeError("context-overflow", message, { cause: error, requestId });
  }
  if (known)
    return new LodeError(known.code, `${name}: ${message}`, {
      cause: error,
      requestId,
      retryable: known.retryable,
    });
  const status = aws.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) {
    return new LodeError("service-unavailable", `${name}: ${message}`, {
      cause: error,
      requestId,
      retryable: true,
    });
  }
  if (status === undefined && isNetworkError(aws)) {
    return new LodeError("network", `${name}: ${message}`, { cause: error, retryable: true });
  }
  return new LodeError("unknown", `${name}: ${message}`, { cause: error, requestId });
}

/** Connection-level failures carry a Node system error code, not an HTTP status. */
function isNetworkError(error: { name?: string } & { code?: unknown }): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    typeof code === "string" &&
    /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ERR_HTTP2_STREAM_ERROR|ERR_HTTP2_SESSION_ERROR)$/.test(code)
  );
}
