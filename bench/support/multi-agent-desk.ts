/**
 * The configurations of bench/multi-agent-overhead.ts: one bedrock-local script (each agent its own model id)
 * and, for an endpoint, the agents of each configuration with the final text each run must end on.
 */
import type { ConverseStreamRequest } from "@aws-sdk/client-bedrock-runtime";
import type { Script } from "@lode/bedrock-local";
import { Agent, type RunInstrumentation } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";
import { BENCH_CREDENTIALS, BENCH_REGION } from "../peers/job.js";

export const DESK_PROMPT = "Where is my refund?";
/** Every final answer, the supervisors' and the sub-agents' alike: the same text streamed everywhere. */
export const DESK_ANSWER = "Your refund of 42 euros was sent on 3 March.";

const answer = { text: DESK_ANSWER };
const lookup = (id: string) => ({ toolUse: { name: "lookup_order", input: { order: "A-1042" }, id } });
const ask = (agent: string, id: string) => ({
  toolUse: { name: agent, input: { task: "Find where the refund of order A-1042 is." }, id },
});
/** A model that answers every request with the same text (a sub-agent, or a handoff's target). */
const answersAlways = { selection: "sequential" as const, loop: true, turns: [answer] };

export const DESK_SCRIPT: Script = {
  models: {
    "solo-2": { turns: [{ content: [lookup("tu_1")] }, answer] },
    "solo-3": { turns: [{ content: [lookup("tu_1")] }, { content: [lookup("tu_2")] }, answer] },
    "solo-4": {
      turns: [
        { content: [lookup("tu_1")] },
        { content: [lookup("tu_2")] },
        { content: [lookup("tu_3")] },
        answer,
      ],
    },
    "triage-model": {
      turns: [{ content: [{ toolUse: { name: "transfer_to_billing", input: {}, id: "tu_t" } }] }],
    },
    "billing-model": answersAlways,
    "supervisor-model": { turns: [{ content: [ask("docs", "tu_s")] }, answer] },
    "panel-model": { turns: [{ content: [ask("docs", "tu_p1"), ask("search", "tu_p2")] }, answer] },
    "docs-model": answersAlways,
    "search-model": answersAlways,
  },
};

const lookupOrder = defineTool({
  name: "lookup_order",
  description: "An order's refund status.",
  input: z.object({ order: z.string() }),
  run: ({ order }) => ({ order, refund: "sent", on: "3 March" }),
});

/** One configuration: its entry agent and what a run of it costs in model calls. */
export interface DeskConfig {
  key: string;
  label: string;
  /** Model calls per run, every agent's. */
  modelCalls: number;
  agent: Agent;
  /**
   * The model calls a run is held at to weigh its heap in flight: the last ones, so everything the run
   * built (the handoff's target, the sub-agents' runs) is alive. How many of them one run makes at once.
   */
  parkAt: (request: ConverseStreamRequest) => boolean;
  parkedPerRun: number;
}

/** Lode's own default client, as a user gets it with only an endpoint: what is measured is what ships. */
function agentOf(endpoint: string, instrumentation: RunInstrumentation | undefined) {
  return (options: Omit<ConstructorParameters<typeof Agent>[0], "clientConfig">) =>
    new Agent({
      ...options,
      clientConfig: { endpoint, region: BENCH_REGION, credentials: BENCH_CREDENTIALS },
      ...(instrumentation ? { instrumentation } : {}),
    });
}

const assistantTurns = (request: ConverseStreamRequest) =>
  (request.messages ?? []).filter((message) => message.role === "assistant").length;
const modelIs = (modelId: string) => (request: ConverseStreamRequest) => request.modelId === modelId;

/** Every configuration's agents against `endpoint`, optionally all watched by `instrumentation`. */
export function createDesk(
  endpoint: string,
  instrumentation?: RunInstrumentation,
): { configs: DeskConfig[]; close(): Promise<void> } {
  const agents: Agent[] = [];
  const build = agentOf(endpoint, instrumentation);
  const make = (options: Parameters<typeof build>[0]) => {
    const agent = build(options);
    agents.push(agent);
    return agent;
  };
  const solo = (calls: number): Omit<DeskConfig, "key" | "label"> => ({
    modelCalls: calls,
    agent: make({ modelId: `solo-${calls}`, name: "solo", tools: [lookupOrder] }),
    parkAt: (request) => assistantTurns(request) === calls - 1,
    parkedPerRun: 1,
  });
  const billing = make({ modelId: "billing-model", name: "billing", system: "You are billing." });
  const triage = make({
    modelId: "triage-model",
    name: "triage",
    system: "You are triage.",
    handoffs: [billing],
  });
  const docs = () => make({ modelId: "docs-model", name: "docs", description: "Searches the order docs." });
  const search = make({ modelId: "search-model", name: "search", description: "Searches the payments." });
  const supervisor = make({ modelId: "supervisor-model", name: "supervisor", tools: [docs().asTool()] });
  const panel = make({
    modelId: "panel-model",
    name: "panel",
    tools: [docs().asTool(), search.asTool()],
  });
  const configs: DeskConfig[] = [
    { key: "A", label: "one agent, tool call + answer", ...solo(2) },
    { key: "A3", label: "one agent, 2 tool calls + answer", ...solo(3) },
    { key: "A4", label: "one agent, 3 tool calls + answer", ...solo(4) },
    {
      key: "B",
      label: "triage transfers, billing answers",
      modelCalls: 2,
      agent: triage,
      parkAt: modelIs("billing-model"),
      parkedPerRun: 1,
    },
    {
      key: "C",
      label: "supervisor asks 1 sub-agent",
      modelCalls: 3,
      agent: supervisor,
      parkAt: modelIs("docs-model"),
      parkedPerRun: 1,
    },
    {
      key: "D",
      label: "supervisor asks 2 sub-agents at once",
      modelCalls: 4,
      agent: panel,
      parkAt: (request) => request.modelId === "docs-model" || request.modelId === "search-model",
      parkedPerRun: 2,
    },
  ];
  return {
    configs,
    close: async () => {
      await Promise.all(agents.map((agent) => agent.close()));
    },
  };
}
