import { LodeError } from "../errors/lode-error.js";
import type { RunContext } from "../loop/run-context.js";
import { callStore, type StoreCallBounds } from "../memory/call-store.js";
import { transferToolName } from "./handoff-target.js";
import type { HandoffView } from "./handoff-view.js";

/** The session metadata field that says which agent the conversation is with: Lode's, not yours. */
export const ACTIVE_AGENT_KEY = "lode:active-agent";

/**
 * At the start of a run on a session that was handed over: the agent it was handed to speaks, not the
 * entry agent, in whichever process the run is (the agents are found by name among those the entry agent
 * reaches through its handoffs). Asked only of an agent that has handoffs: the usual run reads nothing.
 */
export async function restoreActiveAgent(ctx: RunContext, bounds: StoreCallBounds): Promise<void> {
  if (!ctx.session || ctx.resume || ctx.handoffTargets.size === 0) return;
  const { store, sessionId } = ctx.session;
  const metadata = await callStore("read the session's metadata", bounds, () => store.getMetadata(sessionId));
  const text = metadata[ACTIVE_AGENT_KEY];
  if (text === undefined) return;
  const view = parseView(text, sessionId);
  speakAs(ctx, view);
  ctx.handoffs.stored = view;
}

/**
 * Makes the agent a session (or a checkpoint) was handed to the one speaking, found by name among the agents
 * the entry agent reaches, with the view its handoff gave it.
 */
export function speakAs(ctx: RunContext, view: HandoffView): void {
  const agents = ctx.handoffs.reachable();
  const defaults = agents.get(view.agent);
  if (!defaults)
    throw new LodeError(
      "invalid-request",
      `Session ${ctx.sessionId ?? "(none)"} was handed to the agent "${view.agent}", which ${ctx.agentName ?? "this agent"} cannot reach through its handoffs.`,
    );
  const toolName = transferToolName(view.agent);
  if (view.agent !== ctx.agentName) ctx.switchAgent({ name: view.agent, toolName, defaults });
  ctx.handoffs.view = view;
  ctx.handoffs.filter = agents.get(view.from)?.handoffs().targets.get(toolName)?.inputFilter;
}

/** After the run's messages are written: keeps the agent speaking with the session, when it changed. */
export async function keepActiveAgent(ctx: RunContext, bounds: StoreCallBounds): Promise<void> {
  const { view, stored } = ctx.handoffs;
  if (!ctx.session || !view || view === stored) return;
  const { store, sessionId } = ctx.session;
  const metadata = await callStore("read the session's metadata", bounds, () => store.getMetadata(sessionId));
  const next = { ...metadata, [ACTIVE_AGENT_KEY]: JSON.stringify({ version: 1, ...view }) };
  await callStore("write the session's metadata", bounds, () => store.setMetadata(sessionId, next));
  ctx.handoffs.stored = view;
}

function parseView(text: string, sessionId: string): HandoffView {
  try {
    const view = JSON.parse(text) as HandoffView & { version?: number };
    if (
      view?.version === 1 &&
      typeof view.agent === "string" &&
      typeof view.from === "string" &&
      Number.isInteger(view.since) &&
      typeof view.dropReasoning === "boolean"
    )
      return { agent: view.agent, from: view.from, since: view.since, dropReasoning: view.dropReasoning };
  } catch {
    // reported below
  }
  throw new LodeError(
    "invalid-request",
    `Session ${sessionId}: its record of the agent it is with is damaged.`,
  );
}
