import { encodeEventFrame } from "../eventstream/encode-frame.js";
import { withPadding } from "../eventstream/padding.js";
import { writeEventStream } from "../eventstream/write-event-stream.js";
import { guardWholeOutput } from "../guardrails/guard-converse-turn.js";
import { guardStreamAsync } from "../guardrails/guard-stream-async.js";
import { type StreamPlan, streamPlan } from "../models/render-stream-events.js";
import { answerModelRequest, type ConverseAnswer } from "./answer-model-request.js";
import { modelPath, type Operation } from "./operation.js";
import { sendRecorded } from "./send-recorded.js";

/** `POST /model/{modelId}/converse-stream`: the answer as `application/vnd.amazon.eventstream` frames. */
export const converseStream: Operation = {
  name: "ConverseStream",
  match: modelPath("converse-stream"),
  async handle(exchange) {
    const startedAt = performance.now();
    const answer = answerModelRequest(exchange, "ConverseStream");
    if (answer.kind === "recorded") return sendRecorded(exchange, answer.response);

    const plan = planStream(answer);
    await writeEventStream(
      exchange,
      // metadata goes last and carries the latency measured up to now.
      { events: plan.events, last: ({ latencyMs }) => plan.metadata(latencyMs) },
      {
        headers: { "content-type": "application/vnd.amazon.eventstream" },
        encode: (event, sequence) =>
          encodeEventFrame(event.type, withPadding(event.payload, exchange.requestNumber * 131 + sequence)),
        delayMs: answer.turn.pacing.delayMs,
        startedAt,
      },
    );
  },
};

/**
 * Without a guardrail the turn is sent as it is. In `sync` mode the guardrail reads the whole answer
 * before anything is sent, then the guarded answer streams; in `async` mode the answer streams as
 * generated while the guardrail reads behind it.
 */
function planStream(answer: Extract<ConverseAnswer, { kind: "turn" }>): StreamPlan {
  const guard = answer.outputGuard;
  if (!guard) return streamPlan(answer.turn);
  if (guard.guardrail.streamProcessingMode === "async") return guardStreamAsync(guard, answer.turn);
  return streamPlan(guardWholeOutput(guard, answer.turn, "ConverseStream"));
}
