import { LodeError } from "../errors/lode-error.js";
import type { Handoff } from "../handoffs/handoff.js";
import { transferToolName } from "../handoffs/handoff-target.js";
import { transferTool } from "../handoffs/transfer-tool.js";
import { typeName } from "../tools/check-tool.js";
import type { AgentDefaults, ResolvedHandoffs, ResolvedHandoffTarget } from "./agent-defaults.js";
import type { AgentOptions } from "./agent-options.js";
import { defaultsOf } from "./agent-registry.js";

export type { ResolvedHandoffs, ResolvedHandoffTarget } from "./agent-defaults.js";

const NONE: ResolvedHandoffs = { tools: [], targets: new Map() };

/**
 * Resolves `options.handoffs` once, at the agent's first run (a list given as a function may name agents
 * made after this one, so two agents can hand back to each other). A target that is no `Agent`, has no
 * `name`, or is listed twice is an `invalid-config` error.
 */
export function handoffsOf(options: AgentOptions): () => ResolvedHandoffs {
  let resolved: ResolvedHandoffs | undefined;
  return () => {
    if (resolved) return resolved;
    const listed = typeof options.handoffs === "function" ? options.handoffs() : options.handoffs;
    if (listed === undefined || listed.length === 0) {
      resolved = NONE;
      return resolved;
    }
    if (!Array.isArray(listed))
      throw invalid(
        `handoffs must be a list of agents (or a function returning one), not ${typeName(listed)}.`,
      );
    const targets = new Map<string, ResolvedHandoffTarget>();
    for (const entry of listed) {
      const { agent, options: handoff } = isHandoff(entry)
        ? { agent: entry.agent, options: entry }
        : { agent: entry, options: {} };
      const defaults = defaultsOf(agent);
      if (!defaults)
        throw invalid(`handoffs lists ${typeName(agent)}: each entry is an Agent or handoff(agent).`);
      const name = defaults.options.name;
      if (!name || !/^[a-zA-Z0-9_-]{1,52}$/.test(name))
        throw invalid(
          `A handoff target needs a name of letters, digits, _ or - (at most 52), for its transfer tool: ${name === undefined ? "it has none" : JSON.stringify(name)}.`,
        );
      const toolName = transferToolName(name);
      if (targets.has(toolName)) throw invalid(`handoffs lists the agent "${name}" twice.`);
      const { description, inputFilter, needsApproval } = handoff as Partial<Handoff>;
      targets.set(toolName, {
        name,
        toolName,
        defaults,
        ...(description !== undefined ? { description } : {}),
        ...(inputFilter !== undefined ? { inputFilter } : {}),
        ...(needsApproval !== undefined ? { needsApproval } : {}),
      });
    }
    const tools = [...targets.values()].map((target) =>
      transferTool(target, target.defaults.options.description),
    );
    resolved = { tools, targets };
    return resolved;
  };
}

/** Every agent a conversation can reach from `entry` through handoffs, by name (`entry` included). */
export function reachableAgents(entry: AgentDefaults): Map<string, AgentDefaults> {
  const found = new Map<string, AgentDefaults>([[entry.options.name ?? "agent", entry]]);
  const queue = [entry];
  for (let next = queue.shift(); next; next = queue.shift())
    for (const target of next.handoffs().targets.values())
      if (!found.has(target.name)) {
        found.set(target.name, target.defaults);
        queue.push(target.defaults);
      }
  return found;
}

function isHandoff(entry: unknown): entry is Handoff {
  return typeof entry === "object" && entry !== null && (entry as { kind?: unknown }).kind === "handoff";
}

function invalid(message: string): LodeError {
  return new LodeError("invalid-config", message);
}
