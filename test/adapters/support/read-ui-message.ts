import {
  parseJsonEventStream,
  readUIMessageStream,
  type UIMessage,
  type UIMessageChunk,
  uiMessageChunkSchema,
} from "ai";

/**
 * Reads a UI message stream response as `useChat` does, with the `ai` package's own reader, and returns
 * the last state of the message (going on from `message` when given, as a continued chat does) and the
 * errors the reader reported.
 */
export async function readMessage(
  response: Response,
  message?: UIMessage,
): Promise<{ message: UIMessage; errors: unknown[] }> {
  const errors: unknown[] = [];
  const chunks = parseJsonEventStream({ stream: response.body!, schema: uiMessageChunkSchema }).pipeThrough(
    new TransformStream({
      transform(parsed, controller) {
        if (!parsed.success) throw parsed.error;
        controller.enqueue(parsed.value as UIMessageChunk);
      },
    }),
  );
  let last = message;
  for await (const state of readUIMessageStream({
    stream: chunks,
    ...(message ? { message } : {}),
    onError: (error) => errors.push(error),
  }))
    last = state;
  return { message: last as UIMessage, errors };
}
