import { ConverseCommand, type ConverseCommandOutput } from "@aws-sdk/client-bedrock-runtime";
import type { UnstampedEvent } from "@lode/core";
import {
  type ModelStepOutcome,
  streamModelStep,
} from "../../../packages/core/src/model/stream-model-step.js";
import { recordedResponseClient } from "../../support/recorded-response-client.js";
import { findExchange, type RecordedExchange } from "../../support/recordings.js";

/** Runs one recorded ConverseStream response through the real SDK and Lode's `streamModelStep`. */
export async function assemble(
  exchange: RecordedExchange,
): Promise<{ outcome: ModelStepOutcome; events: UnstampedEvent[] }> {
  const { client } = recordedResponseClient([exchange.response]);
  const generator = streamModelStep({
    client,
    request: { modelId: exchange.modelId, messages: [{ role: "user", content: [{ text: "recorded" }] }] },
    step: 1,
    signal: new AbortController().signal,
  });
  const events: UnstampedEvent[] = [];
  let next = await generator.next();
  while (!next.done) {
    events.push(next.value);
    next = await generator.next();
  }
  return { outcome: next.value, events };
}

/** A recorded Converse response as the real SDK parses it. */
export async function converseOutput(exchange: RecordedExchange): Promise<ConverseCommandOutput> {
  const { client } = recordedResponseClient([exchange.response]);
  return client.send(new ConverseCommand({ modelId: exchange.modelId, messages: [] }));
}

/** An exchange by its test name, `<file>#<index>` (index 0 when left out). */
export function exchangeNamed(name: string): RecordedExchange {
  const [file = "", index = "0"] = name.split("#");
  return findExchange(file, Number(index));
}
