/** Something with reports left to send when the process is about to exit. */
export interface ExitFlushable {
  readonly pending: boolean;
  flush(): Promise<void>;
  readonly timeoutMs: number;
}

const flushables = new Set<ExitFlushable>();
let listening = false;
let flushing = false;

/**
 * Sends `flushable`'s last reports on `beforeExit` (the script's own work is done, nothing else holds the
 * loop). Its requests are unref'd, so a ref'd timer holds the process meanwhile, for at most two timeouts;
 * then the loop empties again and the process exits. One listener for every reporter of the process.
 */
export function flushBeforeExit(flushable: ExitFlushable): void {
  flushables.add(flushable);
  if (listening) return;
  listening = true;
  process.on("beforeExit", () => {
    const pending = [...flushables].filter((item) => item.pending);
    if (flushing || pending.length === 0) return;
    flushing = true;
    const holdMs = Math.max(...pending.map((item) => item.timeoutMs)) * 2;
    const hold = setTimeout(() => {}, holdMs);
    void Promise.allSettled(pending.map((item) => item.flush())).then(() => {
      clearTimeout(hold);
      flushing = false;
    });
  });
}
