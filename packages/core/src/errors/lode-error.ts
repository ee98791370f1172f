/** What went wrong, as a string a program can switch on. */
export type LodeErrorCode =
  | "throttled"
  | "service-unavailable"
  | "model-error"
  | "model-timeout"
  | "model-not-ready"
  | "context-overflow"
  | "max-tokens"
  | "guardrail-blocked"
  | "aborted"
  | "timeout"
  | "tool-failed"
  | "invalid-config"
  | "invalid-request"
  | "invalid-output"
  | "access-denied"
  | "not-found"
  | "quota-exceeded"
  | "step-limit"
  | "token-limit"
  | "conflict"
  | "network"
  | "unknown";

const MARKER = Symbol.for("lode.error");

/**
 * The one error class Lode throws. `code` says what happened, `cause` keeps the original error (the AWS
 * SDK's exception, with its `$metadata`), `requestId` is Bedrock's request id when there was one.
 */
export class LodeError extends Error {
  override readonly name = "LodeError";
  readonly code: LodeErrorCode;
  readonly requestId: string | undefined;
  /** Whether trying the same call again may succeed. */
  readonly retryable: boolean;
  /** Marks Lode errors across installed copies (see `isInstance`). */
  readonly [MARKER] = true;

  constructor(
    code: LodeErrorCode,
    message: string,
    options: { cause?: unknown; requestId?: string; retryable?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.requestId = options.requestId;
    this.retryable = options.retryable ?? false;
  }

  /** True for any `LodeError`, even one from another installed copy of `@lode/core`. */
  static isInstance(error: unknown): error is LodeError {
    return typeof error === "object" && error !== null && (error as { [MARKER]?: boolean })[MARKER] === true;
  }
}
