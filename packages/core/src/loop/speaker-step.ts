import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { Speaker } from "../contracts/speaker.js";
import type { ModelCallResult } from "../model/call-model-with-retry.js";
import { emptyUsage } from "../model/step-usage.js";
import { prepareContext } from "./prepare-context.js";
import type { RunContext } from "./run-context.js";

/**
 * One step taken by the agent's speaker instead of its model: the speaker is given the conversation as a
 * request would carry it, its text streams as one text block, and its answer ends the step as a model's
 * would (`end_turn`, zero usage, no tool uses), so the loop goes on from it unchanged.
 */
export async function* speakerStep(
  ctx: RunContext,
  speaker: Speaker,
  history: Message[],
  step: number,
): AsyncGenerator<UnstampedEvent, ModelCallResult> {
  const messages = await prepareContext(ctx, history, 0);
  const id = `${step}:0`;
  let text = "";
  for await (const piece of speaker.speak({
    messages,
    signal: ctx.signal,
    sessionId: ctx.sessionId,
    runId: ctx.runId,
    agentPath: ctx.agentPath,
  })) {
    if (piece === "") continue;
    if (text === "") yield { type: "text-start", id };
    text += piece;
    yield { type: "text-delta", id, text: piece };
  }
  if (text !== "") yield { type: "text-end", id };
  return {
    message: { role: "assistant", content: text === "" ? [] : [{ text }] },
    stopReason: "end_turn",
    usage: emptyUsage(),
    spent: emptyUsage(),
    retries: 0,
    trace: undefined,
    additionalModelResponseFields: undefined,
    toolUses: [],
    requestId: undefined,
  };
}
