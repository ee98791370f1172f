import type { RunCheckpointer } from "../../contracts/checkpoint.js";
import { callStore } from "../../memory/call-store.js";
import { type TrustedStep, trustedStep } from "../compose-tool-middleware.js";
import { errorOutcome } from "../tool-outcome.js";

/**
 * The pipeline's last step before the tool runs, in a checkpointed run: the call is marked started (after
 * its checks and its approval, so only a call whose tool may have begun counts as in flight), and its
 * answer is kept once the tool answered. A mark that cannot be written leaves the call unrun and tells
 * `failed`, which fails the run: going on would leave it unrecoverable.
 */
export function checkpointCall(
  checkpointer: RunCheckpointer,
  storeTimeoutMs: number,
  failed: (error: unknown) => void,
): TrustedStep {
  return trustedStep(async (call, next) => {
    // Bounded like every store call: by the run's signal and the store time limit.
    const bounds = { signal: call.signal, timeoutMs: storeTimeoutMs };
    const bounded = (what: string, work: () => Promise<void>) =>
      callStore(what, bounds, work, "run checkpointer");
    try {
      await bounded("mark a call started", () => checkpointer.callStarted(call.runId, call.toolUseId));
    } catch (error) {
      failed(error);
      return errorOutcome("The run could not record this call before running it, so it was not run.");
    }
    const startedAt = performance.now();
    const outcome = await next();
    if (outcome.status === "pending") return outcome;
    const durationMs = Math.round(performance.now() - startedAt);
    try {
      const answer = {
        toolUseId: call.toolUseId,
        status: outcome.status,
        content: outcome.content,
        durationMs,
      };
      await bounded("keep a call's answer", () => checkpointer.callAnswered(call.runId, answer));
    } catch (error) {
      failed(error);
    }
    return outcome;
  });
}
