import { LodeError } from "@lode/core";

/** The remote agent failed: it could not be reached, answered what A2A does not allow, or its task failed. */
export function remoteFailed(name: string, why: string, cause?: unknown): LodeError {
  return new LodeError("remote-agent-failed", `The remote agent "${name}" ${why}`, {
    ...(cause !== undefined ? { cause } : {}),
  });
}

/** The remote agent did not finish within `timeoutMs`. */
export function remoteTimedOut(name: string, timeoutMs: number): LodeError {
  return new LodeError("timeout", `The remote agent "${name}" did not answer within ${timeoutMs} ms.`, {
    retryable: true,
  });
}

/** The caller's signal aborted the call (the remote task was asked to cancel). */
export function remoteAborted(name: string): LodeError {
  return new LodeError("aborted", `The call to the remote agent "${name}" was aborted.`);
}

/** What went wrong in words: the cause's message, or its chain's, without the stack. */
export function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause =
    error.cause instanceof Error && !error.message.includes(error.cause.message)
      ? ` (${error.cause.message})`
      : "";
  return `${error.message}${cause}`;
}
