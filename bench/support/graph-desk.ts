/**
 * The configurations of bench/graph-overhead.ts: each graph beside the same work done by hand. Function
 * graphs (a chain of 10 nodes; a fan-out of 10 branches and their join) run in this process alone; agent
 * graphs (a chain of 3 agents; one agent in 3 parallel branches) call one bedrock-local script.
 */
import type { Script } from "@lode/bedrock-local";
import { Agent, stringifyWithBytes } from "@lode/core";
import {
  agentNode,
  append,
  END,
  type GraphBuilder,
  type GraphCheckpoint,
  type GraphCheckpointer,
  graph,
  START,
} from "@lode/graph";
import { z } from "zod";
import { BENCH_CREDENTIALS, BENCH_REGION } from "../peers/job.js";

/** One way to do a piece of work: a graph's run or the same calls by hand. Throws unless it ended right. */
export interface GraphConfig {
  key: string;
  label: string;
  /** Nodes per run (by hand: the calls that stand for them). */
  nodes: number;
  run(): Promise<void>;
}

const FUNCTION_NODES = 10;
const FunctionState = z.object({ count: z.number(), trail: z.array(z.string()) });
type FunctionState = z.infer<typeof FunctionState>;
const ITEMS = Array.from({ length: FUNCTION_NODES }, (_, index) => index);

/** A chain node's work: counts itself and leaves its mark. */
const step = (state: Readonly<FunctionState>, index: number): Partial<FunctionState> => ({
  count: state.count + 1,
  trail: [`node-${index}`],
});
/** A fan-out branch's work: leaves its item's mark. */
const branch = (_state: Readonly<FunctionState>, item: unknown): Partial<FunctionState> => ({
  trail: [`branch-${String(item)}`],
});
/** The join's work: counts what the branches left. */
const join = (state: Readonly<FunctionState>): Partial<FunctionState> => ({ count: state.trail.length });

/** By hand, what the graph's reducers do: `count` replaced, `trail` appended. */
function applyByHand(state: FunctionState, update: Partial<FunctionState>): FunctionState {
  return {
    count: update.count ?? state.count,
    trail: update.trail ? [...state.trail, ...update.trail] : state.trail,
  };
}

function expectFunctionState(key: string, state: FunctionState): void {
  if (state.count !== FUNCTION_NODES || state.trail.length !== FUNCTION_NODES)
    throw new Error(`${key}: ended on ${JSON.stringify(state)}, expected ${FUNCTION_NODES} marks`);
}

/**
 * Serialises every checkpoint it is given, as `@lode/durable`'s Redis checkpoints do (`stringifyWithBytes`:
 * JSON.stringify with a replacer), and keeps only the count and the last size: the graph's cost of a durable
 * checkpointer, without Redis.
 */
function serialisingCheckpointer(): GraphCheckpointer & { saves: number; bytes: number } {
  const checkpointer = {
    saves: 0,
    bytes: 0,
    save: async (checkpoint: GraphCheckpoint) => {
      checkpointer.bytes = stringifyWithBytes(checkpoint).length;
      checkpointer.saves++;
    },
  };
  return checkpointer;
}

const initial: FunctionState = { count: 0, trail: [] };

function chainGraph() {
  // Node names made in a loop: the builder knows them only as strings.
  let builder: GraphBuilder<FunctionState, string> = graph({
    name: "chain",
    state: FunctionState,
    reducers: { trail: append<string>() },
  });
  for (let index = 0; index < FUNCTION_NODES; index++)
    builder = builder.node(`node-${index}`, (state) => step(state, index));
  builder.edge(START, "node-0");
  for (let index = 1; index < FUNCTION_NODES; index++) builder.edge(`node-${index - 1}`, `node-${index}`);
  return builder.edge(`node-${FUNCTION_NODES - 1}`, END).build();
}

function fanOutGraph() {
  return graph({
    name: "fan-out",
    state: FunctionState,
    reducers: { trail: append<string>() },
    // Every branch at once, as Promise.all runs them.
    concurrency: FUNCTION_NODES,
  })
    .node("branch", (state, context) => branch(state, context.item))
    .node("join", (state) => join(state))
    .fanOut(START, "branch", () => ITEMS)
    .edge("branch", "join")
    .edge("join", END)
    .build();
}

/** Function graphs and their by-hand twins, without and with a serialising checkpointer. */
export function functionConfigs(): GraphConfig[] {
  const chain = chainGraph();
  const fanOut = fanOutGraph();
  // A checkpointed run must have saved after every node (and every step), or it measured less than it says.
  const runGraph = async (
    key: string,
    graphToRun: typeof chain,
    nodes: number,
    checkpointed: boolean,
  ): Promise<void> => {
    const checkpointer = checkpointed ? serialisingCheckpointer() : undefined;
    const result = await graphToRun.run(initial, checkpointer ? { checkpointer } : {});
    expectFunctionState(key, result.state);
    if (checkpointer && checkpointer.saves < nodes)
      throw new Error(`${key}: ${checkpointer.saves} checkpoints saved for ${nodes} nodes`);
  };
  return [
    {
      key: "F1",
      label: `chain of ${FUNCTION_NODES} functions, by hand`,
      nodes: FUNCTION_NODES,
      run: async () => {
        let state = initial;
        for (let index = 0; index < FUNCTION_NODES; index++)
          state = applyByHand(state, await step(state, index));
        expectFunctionState("F1", state);
      },
    },
    {
      key: "F1g",
      label: "the same chain as a graph",
      nodes: FUNCTION_NODES,
      run: () => runGraph("F1g", chain, FUNCTION_NODES, false),
    },
    {
      key: "F1c",
      label: "the graph, checkpoint serialised",
      nodes: FUNCTION_NODES,
      run: () => runGraph("F1c", chain, FUNCTION_NODES, true),
    },
    {
      key: "F2",
      label: `${FUNCTION_NODES} branches + join, Promise.all`,
      nodes: FUNCTION_NODES + 1,
      run: async () => {
        const updates = await Promise.all(ITEMS.map(async (item) => branch(initial, item)));
        let state = updates.reduce(applyByHand, initial);
        state = applyByHand(state, await join(state));
        expectFunctionState("F2", state);
      },
    },
    {
      key: "F2g",
      label: "the same fan-out as a graph",
      nodes: FUNCTION_NODES + 1,
      run: () => runGraph("F2g", fanOut, FUNCTION_NODES + 1, false),
    },
    {
      key: "F2c",
      label: "the graph, checkpoint serialised",
      nodes: FUNCTION_NODES + 1,
      run: () => runGraph("F2c", fanOut, FUNCTION_NODES + 1, true),
    },
  ];
}

export const AGENT_QUESTION = "Where is my refund?";
export const AGENT_ANSWER = "Your refund of 42 euros was sent on 3 March.";
const AGENT_NODES = 3;
const CHAIN_AGENTS = ["planner", "researcher", "writer"] as const;
/** A model that answers every request with the same text. */
const answersAlways = { selection: "sequential" as const, loop: true, turns: [{ text: AGENT_ANSWER }] };

export const AGENT_SCRIPT: Script = {
  models: {
    ...Object.fromEntries(CHAIN_AGENTS.map((name) => [`${name}-model`, answersAlways])),
    "searcher-model": answersAlways,
  },
};

const AgentState = z.object({ question: z.string(), answers: z.array(z.string()) });
type AgentState = z.infer<typeof AgentState>;

function expectAnswers(key: string, answers: readonly string[]): void {
  if (answers.length !== AGENT_NODES || answers.some((text) => text !== AGENT_ANSWER))
    throw new Error(`${key}: ended on ${JSON.stringify(answers)}, expected ${AGENT_NODES} answers`);
}

/**
 * Agent graphs and their by-hand twins against `endpoint`: each agent with Lode's default client, as a user
 * configured by an endpoint gets it.
 */
export function agentConfigs(endpoint: string): { configs: GraphConfig[]; close(): Promise<void> } {
  const make = (name: string) =>
    new Agent({
      modelId: `${name}-model`,
      name,
      system: `You are the ${name}.`,
      clientConfig: { endpoint, region: BENCH_REGION, credentials: BENCH_CREDENTIALS },
    });
  const chainAgents = CHAIN_AGENTS.map(make);
  const searcher = make("searcher");
  const reducers = { answers: append<string>() };
  const answer = { update: (result: { text: string }) => ({ answers: [result.text] }) };
  const [planner, researcher, writer] = chainAgents as [Agent, Agent, Agent];
  const chain = graph({ name: "agent-chain", state: AgentState, reducers })
    .node("plan", agentNode(planner, { input: (state: AgentState) => state.question, ...answer }))
    .node("research", agentNode(researcher, { input: (state: AgentState) => state.question, ...answer }))
    .node("write", agentNode(writer, { input: (state: AgentState) => state.question, ...answer }))
    .edge(START, "plan")
    .edge("plan", "research")
    .edge("research", "write")
    .edge("write", END)
    .build();
  const queries = Array.from({ length: AGENT_NODES }, (_, index) => `${AGENT_QUESTION} (query ${index})`);
  const fanOut = graph({ name: "agent-fan-out", state: AgentState, reducers })
    .node("search", agentNode(searcher, { input: (_state: AgentState, item) => String(item), ...answer }))
    .fanOut(START, "search", () => queries)
    .edge("search", END)
    .build();
  const start: AgentState = { question: AGENT_QUESTION, answers: [] };
  const configs: GraphConfig[] = [
    {
      key: "A1",
      label: `${AGENT_NODES} agents one after another, by hand`,
      nodes: AGENT_NODES,
      run: async () => {
        const answers: string[] = [];
        for (const agent of chainAgents) answers.push((await agent.run(AGENT_QUESTION)).text);
        expectAnswers("A1", answers);
      },
    },
    {
      key: "A1g",
      label: "the same chain as a graph",
      nodes: AGENT_NODES,
      run: async () => expectAnswers("A1g", (await chain.run(start)).state.answers),
    },
    {
      key: "A2",
      label: `1 agent, ${AGENT_NODES} runs, Promise.all`,
      nodes: AGENT_NODES,
      run: async () => {
        const results = await Promise.all(queries.map((query) => searcher.run(query)));
        expectAnswers(
          "A2",
          results.map((result) => result.text),
        );
      },
    },
    {
      key: "A2g",
      label: `the same as a graph (${AGENT_NODES}-way fanOut)`,
      nodes: AGENT_NODES,
      run: async () => expectAnswers("A2g", (await fanOut.run(start)).state.answers),
    },
  ];
  return {
    configs,
    close: async () => {
      await Promise.all([...chainAgents, searcher].map((agent) => agent.close()));
    },
  };
}
