import {
  parseJsonEventStream,
  readUIMessageStream,
  type UIMessage,
  type UIMessageChunk,
  uiMessageChunkSchema,
} from "ai";

/**
 * Reads a UI message stream response as `useChat` does, with the `ai` package's own reader, and returns
 * the last state of the message (going on from `message` when given, as a continued chat does), the
 * errors the reader reported, and the message's metadata in each state the reader showed.
 */
export async function readMessage(
  response: Response,
  message?: UIMessage,
): Promise<{ message: UIMessage; errors: unknown[]; metadata: unknown[] }> {
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
  const metadata: unknown[] = [];
  for await (const state of readUIMessageStream({
    stream: chunks,
    ...(message ? { message } : {}),
    onError: (error) => errors.push(error),
  })) {
    last = state;
    metadata.push(structuredClone(state.metadata));
  }
  return { message: last as UIMessage, errors, metadata };
}
