/** Options of the Server-Sent Events adapters. */
export interface SseOptions {
  /**
   * Milliseconds of silence after which a `: keep-alive` comment is sent while the run is busy (a long
   * tool, a slow model), so proxies and load balancers keep the connection open. `0` turns it off.
   * @default 15000
   */
  keepAliveMs?: number;
}

/** What an SSE body reads from: the next message's text, or `undefined` at the end. */
export interface SseSource {
  next(): Promise<string | undefined>;
  /** Stops the producer (the reader went away); resolves once it has stopped. */
  cancel(): Promise<void>;
}

const KEEP_ALIVE = new TextEncoder().encode(": keep-alive\n\n");

/**
 * A byte stream of SSE messages pulled from `source` one at a time, so a slow reader slows the producer.
 * While a message is awaited for `keepAliveMs`, a keep-alive comment goes out; one timer serves the whole
 * stream, re-armed only when it fires.
 */
export function createSseBody(source: SseSource, options: SseOptions = {}): ReadableStream<Uint8Array> {
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const encoder = new TextEncoder();
  let finished = false;
  let waiting = false;
  let lastSent = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const arm = (delayMs: number) => {
    timer = setTimeout(onTimer, delayMs);
    // Node: a pending keep-alive must not keep the process alive on its own (browsers return a number).
    (timer as { unref?: () => void }).unref?.();
  };
  const onTimer = () => {
    if (finished) return;
    // Not waiting on the producer: the reader is behind, and the connection is not idle on our side.
    if (!waiting) return arm(keepAliveMs);
    const idleMs = Date.now() - lastSent;
    if (idleMs < keepAliveMs) return arm(keepAliveMs - idleMs);
    controller.enqueue(KEEP_ALIVE);
    lastSent = Date.now();
    arm(keepAliveMs);
  };
  const finish = () => {
    finished = true;
    clearTimeout(timer);
  };

  return new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        if (keepAliveMs > 0) arm(keepAliveMs);
      },
      async pull() {
        waiting = true;
        let text: string | undefined;
        try {
          text = await source.next();
        } catch (error) {
          // Nothing will read the rest (a message that cannot be encoded): stop the producer too.
          finish();
          await source.cancel().catch(() => {});
          controller.error(error);
          return;
        } finally {
          waiting = false;
        }
        if (finished) return;
        if (text === undefined) {
          finish();
          controller.close();
          return;
        }
        lastSent = Date.now();
        controller.enqueue(encoder.encode(text));
      },
      cancel() {
        finish();
        return source.cancel();
      },
    },
    { highWaterMark: 1 },
  );
}
