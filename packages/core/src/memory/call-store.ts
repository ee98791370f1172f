import { describeError } from "../errors/describe-error.js";
import { LodeError } from "../errors/lode-error.js";

/** What bounds one store call: the run's signal, and a time limit of its own. */
export interface StoreCallBounds {
  signal: AbortSignal;
  timeoutMs: number;
}

/**
 * Runs one store call (a conversation store's, a run checkpointer's) so that it can never hold the run: it settles by `timeoutMs`, or as
 * soon as `signal` aborts, whatever the store does (the store's own promise is left to settle on its
 * own; an append it finishes later is harmless, because appends are named by block id). Errors that are
 * not `LodeError`s (a dropped connection, a disk error, a store that throws synchronously) become
 * `store-failed` with the store's error as `cause`: retryable, unless it is a file system error that
 * lasts (`LASTING_CODES`).
 */
export function callStore<T>(
  what: string,
  bounds: StoreCallBounds,
  work: () => Promise<T>,
  store = "conversation store",
): Promise<T> {
  const { signal, timeoutMs } = bounds;
  if (signal.aborted) return Promise.reject(abandoned(store, what, "the run was stopped"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => finish(() => reject(abandoned(store, what, "the run was stopped")));
    const timer = setTimeout(
      () => finish(() => reject(abandoned(store, what, `it did not answer within ${timeoutMs} ms`))),
      timeoutMs,
    );
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      settle();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve()
      .then(work)
      .then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(asStoreError(store, what, error))),
      );
  });
}

/**
 * File system errors that the same call meets again, however often it is tried: a name too long, a
 * permission, a read-only disk, a path through a file.
 */
const LASTING_CODES = new Set(["ENAMETOOLONG", "EACCES", "EPERM", "EROFS", "EISDIR", "ENOTDIR", "ELOOP"]);
/** How much of the store's own message a store failure quotes (the whole error stays its `cause`). */
const MAX_QUOTED = 300;

function asStoreError(store: string, what: string, error: unknown): LodeError {
  if (LodeError.isInstance(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const description = describeError(error);
  const quoted = description.length > MAX_QUOTED ? `${description.slice(0, MAX_QUOTED)}…` : description;
  return new LodeError("store-failed", `The ${store} failed to ${what}: ${quoted}`, {
    cause: error,
    retryable: !(typeof code === "string" && LASTING_CODES.has(code)),
  });
}

function abandoned(store: string, what: string, why: string): LodeError {
  return new LodeError("store-failed", `The ${store} did not ${what}: ${why}.`, {
    retryable: true,
  });
}
