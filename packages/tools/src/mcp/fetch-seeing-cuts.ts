import { describeError } from "@lode/core";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/**
 * A `fetch` for MCP's streamable HTTP client transport that answers a request itself when the stream
 * carrying its answer is cut (the server died, a proxy dropped the connection). The SDK only reports such a
 * cut to `onerror` and leaves the request waiting, so a call would otherwise be answered at its timeout; here
 * it gets a JSON-RPC error at once, through `answer` (the transport's `onmessage`). Should the real answer
 * have arrived before the cut, the SDK drops the second one as answering nothing.
 */
export function fetchSeeingCuts(answer: (message: JSONRPCMessage) => void): FetchLike {
  return async (url, init) => {
    const response = await fetch(url, init);
    const ids = requestIds(init?.body);
    const isStream = response.headers.get("content-type")?.startsWith("text/event-stream") ?? false;
    if (ids.length === 0 || !response.ok || !response.body || !isStream) return response;
    const source = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await source.read();
        } catch (error) {
          controller.error(error);
          // Aborted by the transport itself (closing): nothing is waiting for an answer.
          if (init?.signal?.aborted) return;
          const message = `the HTTP connection was cut before the server answered (${describeError(error)})`;
          // After the chunks read before the cut have gone through the SDK's parser, so a real answer among
          // them comes first.
          setTimeout(() => {
            for (const id of ids)
              answer({ jsonrpc: "2.0", id, error: { code: ErrorCode.ConnectionClosed, message } });
          }, 0);
          return;
        }
        if (chunk.done) controller.close();
        else controller.enqueue(chunk.value);
      },
      cancel: (reason) => source.cancel(reason),
    });
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** The ids of the JSON-RPC requests a POST body carries (one message, or a batch). */
function requestIds(body: unknown): (string | number)[] {
  if (typeof body !== "string") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  return (Array.isArray(parsed) ? parsed : [parsed])
    .filter((message) => typeof message?.method === "string")
    .map((message) => message.id)
    .filter((id): id is string | number => typeof id === "string" || typeof id === "number");
}
