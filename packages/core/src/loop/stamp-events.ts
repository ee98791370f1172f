import type { AgentEvent, AgentPath, UnstampedEvent } from "../contracts/agent-event.js";

/**
 * The one place events get their `runId`, `step` and `agentPath`: producers (the assembler, retries, tools,
 * the loop) make them unstamped, and whoever drives the loop passes each through this. The step is counted
 * from the `step-start` events, so it is right for events that arrive while tools run; the path is asked
 * each time, since a handoff changes the agent speaking. A sub-agent's events come stamped by its own run
 * (they already carry a path) and pass through untouched.
 */
export class EventStamper {
  private step: number;

  constructor(
    private readonly runId: string,
    firstStep: number,
    private readonly agentPath: () => AgentPath,
  ) {
    this.step = firstStep;
  }

  stamp(event: UnstampedEvent): AgentEvent {
    const stamped = event as AgentEvent;
    if (stamped.agentPath !== undefined) return stamped;
    if (event.type === "step-start") this.step++;
    // Producers make a fresh object per event, so stamping it in place is safe and spares a copy.
    stamped.runId = this.runId;
    stamped.step = this.step;
    stamped.agentPath = this.agentPath();
    return stamped;
  }
}
