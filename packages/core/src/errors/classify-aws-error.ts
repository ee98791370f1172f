import { isContextOverflowMessage } from "./context-overflow-messages.js";
import { LodeError, type LodeErrorCode } from "./lode-error.js";
import { missingCredentials } from "./setup-errors.js";

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
  // A body Bedrock could not read as the operation's input (a string where a list belongs, say).
  SerializationException: { code: "invalid-request", retryable: false },
  AccessDeniedException: { code: "access-denied", retryable: false },
  ExpiredTokenException: { code: "access-denied", retryable: false },
  UnrecognizedClientException: { code: "access-denied", retryable: false },
  InvalidSignatureException: { code: "access-denied", retryable: false },
  IncompleteSignatureException: { code: "access-denied", retryable: false },
  MissingAuthenticationTokenException: { code: "access-denied", retryable: false },
  ResourceNotFoundException: { code: "not-found", retryable: false },
  ServiceQuotaExceededException: { code: "quota-exceeded", retryable: false },
};

/** What the SDK's credential chain throws when no provider has credentials (or an SSO token). */
const CREDENTIAL_ERROR_NAMES = new Set(["CredentialsProviderError", "TokenProviderError"]);

/**
 * Node system error codes of a connection that could not be opened: the host name does not resolve,
 * nothing listens, there is no route, or the server's certificate is refused.
 */
const UNREACHABLE_CODES = new Set([
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** Node error codes of a connection (or HTTP/2 stream) that dropped after it was made. */
const DROPPED_CODES = new Set([
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ERR_HTTP2_STREAM_ERROR",
  "ERR_HTTP2_SESSION_ERROR",
  "ERR_HTTP2_STREAM_CANCEL",
  "ERR_HTTP2_GOAWAY_SESSION",
]);

/**
 * Turns whatever the SDK threw into a `LodeError`, by exception name, Node's error codes and `$metadata`,
 * never by message text, with the one exception DESIGN.md allows: context overflow, which Bedrock reports
 * as a ValidationException told apart only by its message.
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
  if (name === "RequestEntityTooLargeException" || aws.$metadata?.httpStatusCode === 413) {
    return new LodeError(
      "invalid-request",
      `The request is too large for Bedrock (${name}: ${message}). Send smaller input (images, documents, ` +
        "long tool results), or a context strategy that keeps less of the history.",
      { cause: error, requestId, retryable: false },
    );
  }
  if (known)
    return new LodeError(known.code, `${name}: ${message}`, {
      cause: error,
      requestId,
      retryable: known.retryable,
    });
  if (CREDENTIAL_ERROR_NAMES.has(name)) return missingCredentials(error);
  const status = aws.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) {
    return new LodeError("service-unavailable", `${name}: ${message}`, {
      cause: error,
      requestId,
      retryable: true,
    });
  }
  if (status === undefined) {
    const connection = connectionFailure(error);
    if (connection) return connection;
  }
  return new LodeError("unknown", `${name}: ${message}`, { cause: error, requestId });
}

/** A Node system error somewhere in the `cause` chain (the SDK wraps it in an HTTP/2 stream error). */
interface SystemError {
  code?: unknown;
  syscall?: unknown;
  hostname?: unknown;
  address?: unknown;
  port?: unknown;
  cause?: unknown;
}

/**
 * A connection that could not be opened (`endpoint-unreachable`) or that dropped (`network`), told by
 * the Node error codes and syscalls in the error's `cause` chain; undefined when there are none.
 */
function connectionFailure(error: unknown): LodeError | undefined {
  let dropped: string | undefined;
  for (let link = error as SystemError | undefined, depth = 0; link && depth < 8; depth++) {
    const code = typeof link.code === "string" ? link.code : undefined;
    // A failed connect or DNS lookup, whatever its code (a connect that timed out is ETIMEDOUT too).
    if (
      code &&
      (UNREACHABLE_CODES.has(code) || link.syscall === "connect" || link.syscall === "getaddrinfo")
    ) {
      return new LodeError(
        "endpoint-unreachable",
        `Could not connect to ${endpointOf(link)} (${code}). Check the endpoint (clientConfig.endpoint or ` +
          "AWS_ENDPOINT_URL_BEDROCK_RUNTIME, if you set one), that AWS_REGION names a region Bedrock runs in, " +
          "and the network or proxy.",
        { cause: error },
      );
    }
    if (code && DROPPED_CODES.has(code)) dropped ??= code;
    link = typeof link.cause === "object" && link.cause !== null ? (link.cause as SystemError) : undefined;
  }
  if (!dropped) return undefined;
  const { name, message } = error as { name?: string; message?: string };
  return new LodeError("network", `${name ?? "Error"}: ${message ?? dropped}`, {
    cause: error,
    retryable: true,
  });
}

/** The host (and port) a system error names, from its fields. */
function endpointOf(error: SystemError): string {
  const host =
    typeof error.hostname === "string"
      ? error.hostname
      : typeof error.address === "string"
        ? error.address
        : undefined;
  if (!host) return "the Bedrock endpoint";
  return typeof error.port === "number" ? `${host}:${error.port}` : host;
}
