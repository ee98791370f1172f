import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { RunContext } from "../loop/run-context.js";
import type { Transcript } from "../loop/transcript.js";
import { sameModel } from "../model/reasoning-replay.js";
import type { TakenHandoff } from "./transfer-calls.js";

/**
 * Hands the conversation over after the step whose transfer call was answered (its message and results
 * are in the transcript): reports the `handoff`, makes the target the agent speaking from the next step,
 * and records what it sees of the conversation before the transfer. Reasoning blocks from before the
 * switch are kept from a different model (and stay kept from then on, whatever model follows).
 */
export function* takeHandoff(
  ctx: RunContext,
  transcript: Transcript,
  handoff: TakenHandoff,
): Generator<UnstampedEvent> {
  const { target, toolUseId, reason } = handoff;
  const from = ctx.agentName ?? "agent";
  yield { type: "handoff", toolUseId, from, to: target.name, ...(reason !== undefined ? { reason } : {}) };
  const history = transcript.history();
  const since = history.findLastIndex(
    (message) =>
      message.role === "assistant" &&
      message.content?.some((block) => block.toolUse?.toolUseId === toolUseId),
  );
  const dropReasoning =
    ctx.handoffs.view?.dropReasoning === true || !sameModel(target.defaults.options.modelId, ctx.modelId);
  ctx.switchAgent(target);
  ctx.handoffs.count++;
  ctx.handoffs.view = { agent: target.name, from, since: Math.max(0, since), dropReasoning };
  ctx.handoffs.filter = target.inputFilter;
}
