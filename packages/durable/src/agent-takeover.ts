import { type AgentEvent, type RunResumption, resumedStepOf } from "@lode/core";
import type { DurableRunEvent } from "./durable-graph.js";

/** What a stream holds of an agent run that another attempt goes on with. */
export interface AgentTakeover {
  /** The step the run goes on at. */
  step: number;
  /**
   * When the model call in flight is made again: the id of the run's last entry that stands (its last step's
   * end, or its start); a reader drops what it showed of the run's entries after it.
   */
  discardsAfter?: string;
  /** Results of calls answered before the stop whose events never reached the stream (to append, once). */
  missing: AgentEvent[];
  /** Whether the step it goes on at had ended in the stream already: its message and end are not streamed twice. */
  stepAlreadyEnded: boolean;
  /** Whether the message of that step's tool results is in the stream already (its end may not be). */
  resultsStreamed: boolean;
}

/**
 * How an agent run's stream goes on after a takeover, from its checkpoint (`resume`) and the entries of the
 * run the stream holds (`events`; `lastId`, the stream's last entry). A model call in flight is made again,
 * so its partial step is discarded; calls already answered are never run again, and their results appear
 * exactly once.
 */
export function agentTakeover(
  runId: string,
  resume: RunResumption | undefined,
  events: readonly { id: string; event: DurableRunEvent }[],
  lastId: string | undefined,
): AgentTakeover {
  const phase = resume?.checkpoint.phase ?? { kind: "between-steps" as const };
  const step = resume ? resumedStepOf(resume.checkpoint) : 0;
  if (phase.kind !== "tools") {
    // The step after the checkpoint is done again: what stands ends at the last step's end (or the start).
    const stands = events.findLast(({ event }) => event.type === "step-end" || event.type === "run-start");
    const discardsAfter =
      phase.kind === "between-steps" && stands && stands.id !== lastId ? stands.id : undefined;
    return {
      step,
      ...(discardsAfter ? { discardsAfter } : {}),
      missing: [],
      stepAlreadyEnded: false,
      resultsStreamed: false,
    };
  }
  const seen = new Set(
    events.flatMap(({ event }) => (event.type === "tool-result" ? [event.toolUseId] : [])),
  );
  const names = new Map(
    (phase.message.content ?? []).flatMap((block) =>
      block.toolUse?.toolUseId ? [[block.toolUse.toolUseId, block.toolUse.name ?? ""] as const] : [],
    ),
  );
  const missing: AgentEvent[] = [];
  for (const call of resume?.calls ?? []) {
    if (call.state !== "answered" || seen.has(call.toolUseId)) continue;
    missing.push({
      type: "tool-result",
      toolUseId: call.toolUseId,
      toolName: names.get(call.toolUseId) ?? "",
      status: call.status,
      content: call.content,
      durationMs: call.durationMs,
      runId,
      step,
      // The agent that spoke last in what the stream holds.
      agentPath: events.at(-1)?.event.agentPath ?? [],
    });
  }
  const stepAlreadyEnded = events.some(({ event }) => event.type === "step-end" && event.step === step);
  const resultsStreamed = events.some(
    ({ event }) => event.type === "message" && event.step === step && event.message.role === "user",
  );
  return { step, missing, stepAlreadyEnded, resultsStreamed };
}
