import type { AgentEvent, ApprovalDecision, ApprovalRequest, EventOf } from "@lode/core/client";
import type { ToolCard } from "./tool-card.js";

/** What a card says of a call that a new message denied (Lode's own reason is written for the model). */
const SUPERSEDED_NOTE = "you sent a new message instead";

/**
 * A turn's calls that wait for the person, from `approval-requested` until the run that acts on the
 * decisions reports them. The decisions go in one request, once the run has paused and every waiting call
 * has one: a request with only some would resume the run just to pause it again.
 */
export interface TurnApprovals {
  /** A call waits (`approval-requested`, or a pending call at the run's end): its card asks the person. */
  request(request: ApprovalRequest): void;
  /** `approval-decided`: the card shows the decision the run acted on. */
  decided(event: EventOf<"approval-decided">): void;
  /** The run ended awaiting approval: the decisions may go, at once if they are all in. */
  pause(): void;
  /** The run ended another way: nothing waits any more. */
  drop(): void;
  /** A new message came instead: Lode denies the waiting calls in that message's run. */
  supersede(): void;
  /** Shows what the next message's run reports of a superseded call on its card; false for other events. */
  answerSupersededCall(event: AgentEvent): boolean;
}

export interface TurnApprovalsOptions {
  cardFor: (call: { toolUseId: string; toolName: string }) => ToolCard;
  /** Every waiting call has a decision, and the run has paused: send them. */
  onDecisions: (decisions: ApprovalDecision[]) => void;
  onChange: () => void;
}

export function createTurnApprovals({ cardFor, onDecisions, onChange }: TurnApprovalsOptions): TurnApprovals {
  const decisions = new Map<string, ApprovalDecision | undefined>();
  const cards = new Map<string, ToolCard>();
  /** Calls a new message denied: the next turn's run brings their answers to this turn's cards. */
  const superseded = new Map<string, ToolCard>();
  let paused = false;

  const drop = () => {
    decisions.clear();
    cards.clear();
    paused = false;
  };
  // The person may decide while the run is still finishing: nothing goes before it has paused.
  const sendWhenComplete = () => {
    const all = [...decisions.values()];
    if (!paused || all.length === 0) return;
    if (!all.every((decision): decision is ApprovalDecision => decision !== undefined)) return;
    drop();
    onDecisions(all);
  };

  return {
    request(request) {
      if (decisions.has(request.toolUseId)) return;
      decisions.set(request.toolUseId, undefined);
      const card = cardFor(request);
      cards.set(request.toolUseId, card);
      card.askApproval(request.input, (verdict) => {
        card.showDecision(verdict.approved, verdict.approved ? undefined : verdict.reason);
        if (decisions.has(request.toolUseId))
          decisions.set(request.toolUseId, { toolUseId: request.toolUseId, ...verdict });
        sendWhenComplete();
        onChange();
      });
    },
    decided(event) {
      cardFor(event).showDecision(event.approved, decisionNote(event));
    },
    pause() {
      paused = true;
      sendWhenComplete();
    },
    drop,
    supersede() {
      for (const [toolUseId, card] of cards) {
        superseded.set(toolUseId, card);
        card.showDecision(false, SUPERSEDED_NOTE);
      }
      drop();
    },
    answerSupersededCall(event) {
      if (event.type !== "approval-decided" && event.type !== "tool-result") return false;
      const card = superseded.get(event.toolUseId);
      if (!card) return false;
      if (event.type === "approval-decided") card.showDecision(event.approved, decisionNote(event));
      else {
        card.showResult(event.status, event.content, event.durationMs);
        superseded.delete(event.toolUseId);
      }
      onChange();
      return true;
    },
  };
}

/** What a card says of a decision the run reports. */
function decisionNote(event: EventOf<"approval-decided">): string | undefined {
  return event.decidedBy === "new-message" ? SUPERSEDED_NOTE : event.reason;
}
