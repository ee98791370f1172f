import type { AgentEvent, UnstampedEvent } from "../contracts/agent-event.js";

/**
 * The one place events get their `runId` and `step`: producers (the assembler, retries, tools, the loop)
 * make them unstamped, and whoever drives the loop passes each through this. The step is counted from
 * the `step-start` events, so it is right for events that arrive while tools run.
 */
export function eventStamper(runId: string, firstStep = 0): (event: UnstampedEvent) => AgentEvent {
  let step = firstStep;
  return (event) => {
    if (event.type === "step-start") step++;
    const stamped = event as AgentEvent;
    // Producers make a fresh object per event, so stamping it in place is safe and spares a copy.
    stamped.runId = runId;
    stamped.step = step;
    return stamped;
  };
}
