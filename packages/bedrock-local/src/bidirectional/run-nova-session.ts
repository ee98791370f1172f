import { randomUUID } from "node:crypto";
import { AwsError } from "../http/aws-error.js";
import type { JsonObject, ModelTurn, Usage } from "../models/model-turn.js";
import { scriptedTurn } from "../models/scripted-turn.js";
import type { Exchange } from "../operations/operation.js";
import { BidirectionalOutput } from "./bidirectional-output.js";
import { NovaConversation } from "./nova-conversation.js";
import { parseNovaInputEvent } from "./nova-input-event.js";
import { exceptionTypeFor } from "./output-exception-type.js";
import { readSignedInput } from "./read-signed-input.js";
import { type CompletionIds, completionEnd, completionStart, renderNovaTurn } from "./render-nova-turn.js";

/**
 * Serves one Nova Sonic session over an HTTP/2 stream: the response begins at once, input events are read
 * as they arrive, and each finished user turn is answered by the scripted model while the client is still
 * sending. Ends on sessionEnd or the end of the input; an error becomes an exception frame; a client that
 * goes away just stops the session. Nothing thrown here escapes.
 */
export async function runNovaSession(exchange: Exchange): Promise<void> {
  const request = exchange.request;
  // Not destroyed when the session stops reading, so that the rest can be drained and the response survive.
  const input = request.iterator({ destroyOnReturn: false }) as AsyncIterableIterator<Uint8Array>;
  const output = new BidirectionalOutput(exchange);
  const conversation = new NovaConversation();
  const ids: CompletionIds = { sessionId: randomUUID(), promptName: "", completionId: randomUUID() };
  const totals: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  let completionStarted = false;

  const answer = () => {
    const body = conversation.converseBody();
    const turn = askModel(exchange, body);
    conversation.addAnswer(turn);
    totals.inputTokens += turn.usage.inputTokens;
    totals.outputTokens += turn.usage.outputTokens;
    totals.totalTokens = totals.inputTokens + totals.outputTokens;
    const events = renderNovaTurn(turn, ids, totals);
    if (!completionStarted) events.unshift(completionStart(ids));
    completionStarted = true;
    // Not awaited: the input goes on being read while the answer is written.
    void output.send(events, turn.pacing.delayMs);
  };

  try {
    output.begin();
    for await (const bytes of readSignedInput({ [Symbol.asyncIterator]: () => input })) {
      if (output.done) break;
      const event = parseNovaInputEvent(bytes);
      if (event.kind === "promptStart") ids.promptName = event.fields.promptName;
      const step = conversation.accept(event);
      if (step === "end") break;
      if (step === "answer") answer();
    }
    if (completionStarted) void output.send([completionEnd(ids)]);
    await output.finish();
  } catch (error) {
    if (!output.done) {
      const streamed =
        error instanceof AwsError ? error : new AwsError("InternalServerException", "Internal error.");
      await output.fail(exceptionTypeFor(streamed), streamed.message);
    }
  } finally {
    drain(input, output);
  }
}

/** The scripted model's turn for the conversation so far, checked against its context window. */
function askModel(exchange: Exchange, body: JsonObject): ModelTurn {
  return scriptedTurn(exchange.server.models, {
    operation: "InvokeModelWithBidirectionalStream",
    modelId: exchange.targetId,
    rawPath: exchange.rawPath,
    body,
    requestNumber: exchange.requestNumber,
  });
}

/**
 * Reads and drops whatever the client still sends once the session is over (its closing frame, events
 * after an error), so that its writes never stall; stops when it ends or the stream goes.
 */
function drain(input: AsyncIterableIterator<Uint8Array>, output: BidirectionalOutput): void {
  void (async () => {
    try {
      for (let next = await input.next(); !next.done; next = await input.next()) {
        // Nothing to do with it.
      }
    } catch {
      output.abandon();
    }
  })();
}
