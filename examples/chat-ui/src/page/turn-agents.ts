import type { AgentEvent, EventOf } from "@lode/core/client";
import { el } from "./dom.js";

/**
 * Who speaks in a turn: a label over the answer naming the agent that began it, another label where a
 * handoff gave the conversation to another agent (after the handoff's marker), and the turn's `data-agent`
 * naming the agent speaking now.
 */
export interface TurnAgents {
  /** The label naming the agent the turn began with; hidden until a run names one. */
  readonly label: HTMLElement;
  /**
   * Whether the event is the turn's own run's (true) or a sub-agent's run inside one of its tool calls,
   * whose start, steps and end are not the turn's.
   */
  isOwnRun(event: AgentEvent): boolean;
  /**
   * The turn's run speaks with this event's agent (its run started, or a step began): a label to add to the
   * turn when another agent than the last took over, else nothing.
   */
  speaking(event: AgentEvent, turn: HTMLElement): HTMLElement | undefined;
  /** A handoff's marker: "Transferred to billing: the reason". */
  handoffMarker(event: EventOf<"handoff">): HTMLElement;
}

export function createTurnAgents(): TurnAgents {
  const label = el("div", { class: "agent-label", testid: "agent-label", hidden: "" });
  /** The runs of the turn (a run that stopped for approval, the run that resumed it): no `parent`. */
  const ownRuns = new Set<string>();
  let speaker: string | undefined;
  const name = (element: HTMLElement, agent: string) => {
    element.dataset.agent = agent;
    element.textContent = agent;
    element.title = `Answered by the ${agent} agent`;
  };
  return {
    label,
    isOwnRun(event) {
      if (event.type === "run-start" && !event.parent) ownRuns.add(event.runId);
      return ownRuns.has(event.runId);
    },
    speaking(event, turn) {
      const agent = event.agentPath.at(-1);
      if (!agent || agent === speaker) return undefined;
      const first = speaker === undefined;
      speaker = agent;
      turn.dataset.agent = agent;
      if (!first) {
        const next = el("div", { class: "agent-label", testid: "agent-label" });
        name(next, agent);
        return next;
      }
      name(label, agent);
      label.hidden = false;
      return undefined;
    },
    handoffMarker(event) {
      const reason = event.reason?.trim();
      return el(
        "p",
        {
          class: "handoff",
          testid: "handoff",
          role: "status",
          "data-from": event.from,
          "data-to": event.to,
          title: `${event.from} passed the conversation to ${event.to}`,
        },
        el("span", { class: "handoff-icon", "aria-hidden": "true" }, "⇄"),
        el("span", {}, reason ? `Transferred to ${event.to}: ${reason}` : `Transferred to ${event.to}`),
      );
    },
  };
}
