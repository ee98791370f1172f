import type { GraphUIMessageChunk } from "@lode/graph";

/**
 * POSTs `body` as JSON to `url`, a route that answers with an AI SDK UI message stream (a graph's run,
 * `toGraphUIMessageStreamResponse`), and yields its chunks until `data: [DONE]`. A response that is not a
 * UI message stream (an error) throws with the server's message.
 */
export async function* streamUIMessage(
  url: string,
  body: unknown,
  { signal }: { signal: AbortSignal },
): AsyncGenerator<GraphUIMessageChunk> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok || !response.body || !response.headers.get("x-vercel-ai-ui-message-stream"))
    throw new Error(await errorOf(response));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += value;
      // One event per blank-line-separated block; the server writes only `data:` lines.
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        const data = buffer
          .slice(0, end)
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trimStart())
          .join("\n");
        buffer = buffer.slice(end + 2);
        if (data === "[DONE]") return;
        if (data) yield JSON.parse(data) as GraphUIMessageChunk;
        end = buffer.indexOf("\n\n");
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

async function errorOf(response: Response): Promise<string> {
  try {
    const { error } = (await response.json()) as { error?: string };
    if (error) return error;
  } catch {
    // Not JSON: the status says enough.
  }
  return `the server answered ${response.status}`;
}
