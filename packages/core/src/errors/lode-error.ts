/**
 * What went wrong, as a string a program can switch on.
 * - `throttled`, `service-unavailable`, `model-error`, `model-timeout`, `model-not-ready`, `network`:
 *   Bedrock or the connection failed (most are retried first; `retryable` says whether trying later may work).
 *   `network` is a connection that dropped or broke after it was made.
 * - `missing-region`: the client has no AWS region (or an invalid one); nothing was sent. The message says
 *   what to set (`AWS_REGION`, a profile's region, `clientConfig.region`).
 * - `missing-credentials`: the SDK found no AWS credentials (or its credential provider failed); nothing was
 *   sent. The message says what to set (`AWS_ACCESS_KEY_ID`…, `AWS_PROFILE`, a Bedrock API key).
 * - `endpoint-unreachable`: no connection to the endpoint could be opened (its host name does not resolve,
 *   nothing listens there, no route to it, its certificate was refused); the message names the endpoint.
 * - `access-denied`, `not-found`, `quota-exceeded`, `invalid-request`: Bedrock refused the request.
 *   `invalid-request` is also a request Lode refused before sending it: an input that is not a prompt,
 *   content blocks or messages, or a request larger than Bedrock takes.
 * - `context-overflow`: the conversation no longer fits the model's context window.
 * - `aborted`: the caller's signal aborted the run; `timeout`: the run's `timeoutMs` passed.
 * - `invalid-config`: an agent's or a run's options are wrong; raised before anything is sent.
 * - `invalid-output`: the structured output stayed invalid after its retries.
 * - `malformed-output`: Bedrock could not read what the model produced: a tool use (stop reason
 *   `malformed_tool_use`, which is retried once first) or the whole answer (`malformed_model_output`).
 * - `max-tokens`, `guardrail-blocked`, `step-limit`, `token-limit`: a run that must produce structured output
 *   ended without it, because the answer was cut at `max_tokens`, a guardrail blocked it, or the run
 *   reached its step or token limit. (A run without `output` ends normally there, with its stop reason.)
 * - `conflict`: another writer appended to the session first (`currentVersion` says where it stands).
 * - `invalid-state`: a graph's node wrote its state in a shape the state's schema refuses (`@lode/graph`).
 * - `store-failed`: the conversation store failed or did not answer in time.
 * - `tool-source-unavailable`: a source of tools (an MCP server) could not be started or reached.
 * - `remote-agent-failed`: a remote agent (A2A, `@lode/a2a`) could not be reached, its card could not be
 *   read, it answered what the protocol does not allow, its stream broke off, or its task failed; the
 *   message names the agent and says which.
 * - `unknown`: anything else; `cause` holds it.
 */
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
  | "invalid-config"
  | "invalid-request"
  | "invalid-output"
  | "malformed-output"
  | "access-denied"
  | "not-found"
  | "quota-exceeded"
  | "step-limit"
  | "token-limit"
  | "conflict"
  | "invalid-state"
  | "store-failed"
  | "tool-source-unavailable"
  | "remote-agent-failed"
  | "network"
  | "missing-region"
  | "missing-credentials"
  | "endpoint-unreachable"
  | "unknown";

const MARKER = Symbol.for("lode.error");

/** What a `LodeError` may carry besides its code and message. */
export interface LodeErrorOptions {
  cause?: unknown;
  requestId?: string;
  retryable?: boolean;
  /** For a `conflict`: the session's version when the store refused the append. */
  currentVersion?: number;
}

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
  /** For a `conflict`: the session's version when the store refused the append, so a writer need not reload. */
  readonly currentVersion: number | undefined;
  /** Marks Lode errors across installed copies (see `isInstance`). */
  readonly [MARKER] = true;

  constructor(code: LodeErrorCode, message: string, options: LodeErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.requestId = options.requestId;
    this.retryable = options.retryable ?? false;
    this.currentVersion = options.currentVersion;
  }

  /** True for any `LodeError`, even one from another installed copy of `@lode/core`. */
  static isInstance(error: unknown): error is LodeError {
    return typeof error === "object" && error !== null && (error as { [MARKER]?: boolean })[MARKER] === true;
  }
}
