import {
  type AgentPath,
  type AgentUsage,
  type ApprovalRequest,
  addCost,
  addUsage,
  type Cost,
  emptyUsage,
  type RunResult,
  type StepUsage,
} from "@lode/core";

/** How a graph's run ended: every branch reached its end, it waits for a person, or it hit `maxSteps`. */
export type GraphStatus = "done" | "paused" | "max_steps";

/** One run of a node: in which step, for which fan-out item, what it wrote, and what its agent spent. */
export interface NodeRecord {
  node: string;
  taskId: string;
  step: number;
  /** The fan-out item of the branch, when a fan-out started it. */
  item?: unknown;
  /** The update the node made to the state (`undefined`: none). */
  update: unknown;
  durationMs: number;
  /** An agent node's run: its usage and cost (a sub-graph's, summed). */
  usage?: StepUsage;
  cost?: Cost;
}

/** A node that asked a question with `context.interrupt()`: answer it with `resume({ answers: { [taskId]: … } })`. */
export interface GraphInterrupt {
  taskId: string;
  node: string;
  question: unknown;
}

/** What a graph's run produced. */
export interface GraphResult<S> {
  runId: string;
  sessionId: string | undefined;
  status: GraphStatus;
  /** The state after the last step that finished (a paused step's finished branches are kept aside). */
  state: S;
  /** Every node run that finished, in the order they finished within each step. */
  nodes: NodeRecord[];
  /** Steps taken. */
  steps: number;
  /** The agents' usage and cost, summed over every agent node (and sub-graph). */
  usage: StepUsage;
  cost: Cost | undefined;
  /** By agent path (`[graph, node, agent]`). */
  usageByAgent: AgentUsage[];
  /** Calls waiting for approval inside agent nodes, each with its `agentPath` and node's task (`parentToolUseId`). */
  pendingApprovals: ApprovalRequest[];
  /** Questions nodes asked with `context.interrupt()`. */
  interrupts: GraphInterrupt[];
  durationMs: number;
}

/** Sums of agent runs' spending. */
export class GraphTally {
  usage: StepUsage = emptyUsage();
  cost: Cost | undefined;
  private readonly byPath = new Map<string, AgentUsage>();

  constructor(restored?: { usage: StepUsage; cost?: Cost; usageByAgent: AgentUsage[] }) {
    if (!restored) return;
    this.usage = restored.usage;
    this.cost = restored.cost;
    for (const entry of restored.usageByAgent) this.byPath.set(entry.agentPath.join("\u0000"), entry);
  }

  /** Adds an agent node's run (or a sub-graph's sums); returns its own usage and cost, for its record. */
  add(run: Pick<RunResult<unknown>, "usage" | "cost" | "usageByAgent">): { usage: StepUsage; cost?: Cost } {
    this.usage = addUsage(this.usage, run.usage);
    this.cost = sumCost(this.cost, run.cost);
    for (const entry of run.usageByAgent) {
      const key = entry.agentPath.join("\u0000");
      const known = this.byPath.get(key);
      this.byPath.set(
        key,
        known
          ? {
              agentPath: known.agentPath,
              modelCalls: known.modelCalls + entry.modelCalls,
              usage: addUsage(known.usage, entry.usage),
              cost: sumCost(known.cost, entry.cost),
            }
          : { ...entry, agentPath: [...entry.agentPath] as AgentPath },
      );
    }
    return { usage: run.usage, ...(run.cost ? { cost: run.cost } : {}) };
  }

  get usageByAgent(): AgentUsage[] {
    return [...this.byPath.values()];
  }
}

function sumCost(a: Cost | undefined, b: Cost | undefined): Cost | undefined {
  if (!a || !b) return a ?? b;
  return addCost(a, b);
}
