import type { ModelTurn } from "../models/model-turn.js";
import {
  metadataEvent,
  renderStreamEvents,
  type StreamEvent,
  type StreamPlan,
} from "../models/render-stream-events.js";
import { converseGuardrailTrace } from "./converse-guardrail-trace.js";
import type { GuardrailEvaluation } from "./evaluate-guardrail.js";
import {
  assessOutputTexts,
  GUARDRAIL_INTERVENED,
  type OutputGuard,
  outputTexts,
} from "./guard-converse-turn.js";

/**
 * ConverseStream with `streamProcessingMode: "async"`. Bedrock documents that in this mode "guardrails sends
 * the response chunks to the user as soon as they become available, while asynchronously applying the
 * configured policies in the background", that "as soon as inappropriate content is identified, subsequent
 * chunks will be blocked", and that masking is not supported. So here:
 * - the model's events go out as generated, and the guardrail reads each text delta once it has been sent
 *   (so the chunk that completes a blocked phrase does reach the client; a word still being streamed is
 *   read once it is whole);
 * - on a blocking finding no further model event is sent: the open block is closed, a new text block carries
 *   `blockedOutputsMessaging`, and the message stops with `guardrail_intervened`;
 * - ANONYMIZE findings mask nothing (the text has already gone out): they are only reported in the trace,
 *   and the model's stop reason stands;
 * - `metadata` carries the model's usage and, with trace on, the assessment of what was read.
 */
export function guardStreamAsync(guard: OutputGuard, turn: ModelTurn): StreamPlan {
  const { guardrail, input } = guard;
  /** The text sent so far, per content block index, in block order. */
  const sent = new Map<number, string>();
  let blockingOutput: GuardrailEvaluation | undefined;
  let lastRead: string | undefined;

  function* events(): Generator<StreamEvent> {
    for (const event of renderStreamEvents(turn)) {
      yield event;
      const index = event.payload.contentBlockIndex as number;
      const text = textDelta(event);
      const blockEnded = event.type === "contentBlockStop" && sent.has(index);
      if (text === undefined && !blockEnded) continue;
      if (text !== undefined) sent.set(index, (sent.get(index) ?? "") + text);
      // Until its block ends, the last word sent may be cut short ("bet" of "better"): it is read once whole.
      const read = [...sent].map(([at, sentText]) =>
        at === index && !blockEnded ? sentText.replace(/[\p{L}\p{N}_]+$/u, "") : sentText,
      );
      // Mid-word deltas leave what is read unchanged: reading it again would only repeat the last verdict,
      // and reading the whole answer at every delta would grow with its square.
      const readKey = read.join("\u0000");
      if (readKey === lastRead) continue;
      lastRead = readKey;
      const output = assessOutputTexts(guardrail, read);
      if (!output.blocked) continue;
      blockingOutput = output;
      const message = output.outputs[0]?.text ?? "";
      if (!blockEnded) yield { type: "contentBlockStop", payload: { contentBlockIndex: index } };
      yield {
        type: "contentBlockDelta",
        payload: { contentBlockIndex: index + 1, delta: { text: message } },
      };
      yield { type: "contentBlockStop", payload: { contentBlockIndex: index + 1 } };
      yield { type: "messageStop", payload: { stopReason: GUARDRAIL_INTERVENED } };
      return;
    }
  }

  return {
    events: events(),
    metadata(latencyMs) {
      const output = blockingOutput ?? assessOutputTexts(guardrail, outputTexts(turn));
      const trace = converseGuardrailTrace({
        guardrail,
        input,
        output,
        ...(blockingOutput ? { modelOutput: [[...sent.values()].join("")] } : {}),
      });
      return metadataEvent({ ...turn, ...(trace ? { trace } : {}) }, latencyMs);
    },
  };
}

function textDelta(event: StreamEvent): string | undefined {
  if (event.type !== "contentBlockDelta") return undefined;
  const text = (event.payload.delta as { text?: unknown } | undefined)?.text;
  return typeof text === "string" ? text : undefined;
}
