import type { BedrockRuntimeClient, Tool as BedrockTool } from "@aws-sdk/client-bedrock-runtime";
import type { ConversationStore } from "../contracts/conversation-store.js";
import type { StopCondition } from "../contracts/stop-condition.js";
import type { AnyTool } from "../contracts/tool.js";
import type { ResolvedGuardrail, ResolvedToolGuardrail } from "../guardrails/resolve-guardrail.js";
import type { HandoffTarget } from "../handoffs/handoff-target.js";
import type { AgentOptions } from "./agent-options.js";
import type { ToolSet } from "./tool-set.js";

/** What the agent resolved once, for all its runs. */
export interface AgentDefaults {
  options: Readonly<AgentOptions>;
  tools: ToolSet;
  /** Every tool the agent has offered, by name (`toolChanges: "system-messages"` declares them all). */
  knownTools: Map<string, BedrockTool>;
  /** The agent's stop conditions, for runs that set no limits of their own. */
  stopConditions: StopCondition[];
  client: BedrockRuntimeClient;
  store: ConversationStore;
  guardrail: ResolvedGuardrail | undefined;
  toolGuardrail: ResolvedToolGuardrail | undefined;
  /** The agents this one may hand the conversation to, with their transfer tools (resolved at first use). */
  handoffs: () => ResolvedHandoffs;
}

/** A handoff target with the agent behind it. */
export interface ResolvedHandoffTarget extends HandoffTarget {
  readonly defaults: AgentDefaults;
}

/** An agent's handoffs: the transfer tools its model is offered, and the targets by tool name. */
export interface ResolvedHandoffs {
  tools: AnyTool[];
  targets: ReadonlyMap<string, ResolvedHandoffTarget>;
}
