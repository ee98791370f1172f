import { setTimeout as sleep } from "node:timers/promises";
import { encodeEventFrame, encodeExceptionFrame } from "../eventstream/encode-frame.js";
import { withPadding } from "../eventstream/padding.js";
import { guardWholeOutput } from "../guardrails/guard-converse-turn.js";
import { guardStreamAsync } from "../guardrails/guard-stream-async.js";
import { type StreamEvent, type StreamPlan, streamPlan } from "../models/render-stream-events.js";
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
    const { response, fault } = exchange;
    response.writeHead(200, {
      "content-type": "application/vnd.amazon.eventstream",
      "x-amzn-requestid": exchange.requestId,
    });
    const events = plan.events[Symbol.iterator]();
    const delayMs = fault?.chunkDelayMs ?? answer.turn.pacing.delayMs;
    let sent = 0;
    // Resolves once the client has gone away, so that no wait below can outlive the connection.
    const gone = new Promise<void>((resolve) => {
      if (exchange.isClosed()) resolve();
      else response.once("close", () => resolve());
    });
    // The two response types' `write` overloads do not unify; both accept a Buffer and a callback.
    const write = response.write.bind(response) as (chunk: Buffer, flushed: () => void) => boolean;
    let lastFlush = Promise.resolve();
    const writeFrame = async (frame: Uint8Array) => {
      let flushed = () => {};
      lastFlush = new Promise((resolve) => {
        flushed = resolve;
      });
      if (!write(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength), flushed)) {
        await Promise.race([new Promise((resolve) => response.once("drain", resolve)), gone]);
      }
    };

    for (let finished = false; !finished; ) {
      if (exchange.isClosed()) return;
      if (fault?.streamError && sent === fault.streamError.afterEvents) {
        const message = fault.streamError.message ?? "bedrock-local injected a stream fault.";
        await writeFrame(encodeExceptionFrame(fault.streamError.type, message));
        response.end();
        return;
      }
      if (fault?.disconnect && sent === fault.disconnect.afterEvents) {
        // Writes are buffered (HTTP/1 corks the socket, HTTP/2 queues frames): let the events sent so far
        // leave before the connection drops, or the client would not even see the response start.
        await Promise.race([lastFlush, gone]);
        exchange.request.socket?.destroy();
        return;
      }
      if (sent > 0 && delayMs > 0) await sleep(delayMs);
      const next = events.next();
      let event: StreamEvent;
      if (next.done) {
        // metadata goes last and carries the latency measured up to now.
        event = plan.metadata(Math.round(performance.now() - startedAt));
        finished = true;
      } else event = next.value;
      await writeFrame(
        encodeEventFrame(event.type, withPadding(event.payload, exchange.requestNumber * 131 + sent)),
      );
      sent++;
    }
    response.end();
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
