import type { AnyResponse } from "../http/exchange.js";

/**
 * A signal that fires when the client goes away before its response is complete. Registered as the request
 * arrives, so a disconnect while the body is read or signed (the credential chain can take seconds) is not
 * missed: every later step checks it, or listens to it, instead of waiting on a response that already closed.
 */
export function clientGoneSignal(response: AnyResponse): AbortSignal {
  const controller = new AbortController();
  const abortUnlessDone = () => {
    if (!response.writableEnded) controller.abort();
  };
  if (response.destroyed) abortUnlessDone();
  else response.once("close", abortUnlessDone);
  return controller.signal;
}
