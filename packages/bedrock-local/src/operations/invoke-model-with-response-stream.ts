import { encodeEventFrame } from "../eventstream/encode-frame.js";
import { withPadding } from "../eventstream/padding.js";
import { writeEventStream } from "../eventstream/write-event-stream.js";
import type { JsonObject } from "../models/model-turn.js";
import { answerInvoke } from "../native/answer-invoke.js";
import { echoedHeaders } from "../native/invoke-headers.js";
import { modelPath, type Operation } from "./operation.js";
import { sendRecorded } from "./send-recorded.js";

/**
 * `POST /model/{modelId}/invoke-with-response-stream`: the model's own stream chunks, each JSON-encoded,
 * base64'd into the `bytes` of a `chunk` event (with Bedrock's `p` padding beside it). The last chunk carries
 * `amazon-bedrock-invocationMetrics`, and the guardrail's action and trace when one ran.
 */
export const invokeModelWithResponseStream: Operation = {
  name: "InvokeModelWithResponseStream",
  requestBody: "bytes",
  match: modelPath("invoke-with-response-stream"),
  async handle(exchange) {
    const startedAt = performance.now();
    const answer = answerInvoke(exchange, "InvokeModelWithResponseStream");
    if (answer.kind === "recorded") return sendRecorded(exchange, answer.response);
    // answerInvoke refuses to stream an embeddings model.
    if (answer.kind !== "message") return;
    const { format, parts, marks } = answer;
    const { turn } = parts;
    const cached =
      turn.usage.cacheReadInputTokens !== undefined || turn.usage.cacheWriteInputTokens !== undefined;
    await writeEventStream<JsonObject>(
      exchange,
      {
        events: format.streamChunks(parts),
        last: ({ latencyMs, firstByteLatencyMs }) => ({
          ...format.lastChunk(parts),
          ...marks,
          "amazon-bedrock-invocationMetrics": {
            inputTokenCount: turn.usage.inputTokens,
            outputTokenCount: turn.usage.outputTokens,
            invocationLatency: latencyMs,
            firstByteLatency: firstByteLatencyMs,
            ...(cached
              ? {
                  cacheReadInputTokenCount: turn.usage.cacheReadInputTokens ?? 0,
                  cacheWriteInputTokenCount: turn.usage.cacheWriteInputTokens ?? 0,
                }
              : {}),
          },
        }),
      },
      {
        headers: {
          "content-type": "application/vnd.amazon.eventstream",
          "x-amzn-bedrock-content-type": "application/json",
          ...echoedHeaders(answer.headers),
        },
        encode: (event, sequence) =>
          encodeEventFrame(
            "chunk",
            withPadding(
              { bytes: Buffer.from(JSON.stringify(event)).toString("base64") },
              exchange.requestNumber * 131 + sequence,
            ),
          ),
        delayMs: turn.pacing.delayMs,
        startedAt,
      },
    );
  },
};
