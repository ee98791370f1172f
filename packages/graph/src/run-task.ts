import {
  type ApprovalDecision,
  type ApprovalRequest,
  describeError,
  LodeError,
  type RunCheckpointer,
  type RunInput,
  type RunResumption,
} from "@lode/core";
import type { TaskWrite } from "./graph-checkpoint.js";
import type { GraphEvent } from "./graph-events.js";
import type { GraphTally, NodeRecord } from "./graph-result.js";
import type { TaskSpec } from "./graph-shape.js";
import type { GraphNode, NodeContext } from "./nodes.js";

/** Where agent nodes keep their runs' checkpoints in a durable graph (`@lode/durable`'s Redis checkpoints). */
export interface AgentCheckpoints {
  checkpointer: RunCheckpointer;
  load(runId: string): Promise<RunResumption | undefined>;
}

/** One task of a step, with all it needs. */
export interface TaskRun<S> {
  /** The graph's path: its caller's (as a tool, or a node of another graph), then its name. */
  graphPath: readonly string[];
  runId: string;
  /** The graph run's session: an agent node that pauses keeps its place under a session derived from it. */
  sessionId: string | undefined;
  step: number;
  state: Readonly<S>;
  task: TaskSpec;
  node: GraphNode<S>;
  signal: AbortSignal;
  emit: (event: GraphEvent) => void;
  tally: GraphTally;
  /** A resumed task: the decisions on calls waiting inside it, or the answer to its interrupt. */
  decisions?: ApprovalDecision[];
  answer?: { value: unknown };
  agentCheckpoints?: AgentCheckpoints;
}

/** Thrown by `context.interrupt()` to pause the graph at the node. */
class Interrupted {
  constructor(readonly question: unknown) {}
}

/**
 * Runs one task: a function node, an agent node (its events passed on as they are, its run's usage added to
 * the graph's), or a sub-graph. Resolves to what it wrote, or to a pause (an approval waiting inside its
 * agent, or its interrupt). A node that throws fails the graph's run with a `LodeError` naming it.
 */
export async function runTask<S>(run: TaskRun<S>): Promise<TaskWrite> {
  const startedAt = performance.now();
  const { task, node, state } = run;
  const item = task.item;
  const record = (update: unknown, spent?: { usage: NodeRecord["usage"]; cost?: NodeRecord["cost"] }) => {
    const written: NodeRecord = {
      node: task.node,
      taskId: task.id,
      step: run.step,
      ...("item" in task ? { item } : {}),
      update,
      durationMs: Math.round(performance.now() - startedAt),
      ...(spent?.usage ? { usage: spent.usage } : {}),
      ...(spent?.cost ? { cost: spent.cost } : {}),
    };
    return { status: "done" as const, update, record: written };
  };
  const parent = { runId: run.runId, toolUseId: task.id, agentPath: [...run.graphPath, task.node] };
  try {
    switch (node.kind) {
      case "function": {
        const update = await node.run(state, contextOf(run));
        return record(update ?? undefined);
      }
      case "agent": {
        const agentRunId = run.agentCheckpoints ? `${run.runId}:${task.id}` : undefined;
        const resume = agentRunId ? await run.agentCheckpoints?.load(agentRunId) : undefined;
        const input: RunInput = resume
          ? []
          : run.decisions
            ? { decisions: run.decisions }
            : node.options.input(state, item);
        const stream = node.agent.stream(input, {
          signal: run.signal,
          parent,
          ...(agentRunId ? { runId: agentRunId, checkpointer: run.agentCheckpoints?.checkpointer } : {}),
          ...(resume ? { resume } : {}),
          ...(run.sessionId !== undefined ? { sessionId: `${run.sessionId}/${task.id}` } : {}),
          ...(node.options.output ? { output: node.options.output } : {}),
        });
        for await (const event of stream) run.emit(event);
        const result = await stream.result;
        if (result.stopReason === "awaiting_approval")
          return { status: "paused", approvals: result.pendingApprovals as ApprovalRequest[] };
        const spent = run.tally.add(result);
        return record(node.options.update?.(result as never, state, item) ?? undefined, spent);
      }
      case "graph": {
        const sub = await node.graph.runAsNode(node.options.input(state, item), {
          signal: run.signal,
          parent,
          emit: run.emit,
        });
        const spent = run.tally.add(sub);
        return record(node.options.update?.(sub.state, state, item) ?? undefined, spent);
      }
    }
  } catch (error) {
    if (error instanceof Interrupted)
      return {
        status: "paused",
        approvals: [],
        interrupt: { taskId: task.id, node: task.node, question: error.question },
      };
    if (LodeError.isInstance(error) && (error.code === "aborted" || error.code === "invalid-state"))
      throw error;
    throw new LodeError(
      LodeError.isInstance(error) ? error.code : "unknown",
      `Node "${task.node}" (${task.id}) failed: ${describeError(error)}`,
      { cause: error },
    );
  }
}

function contextOf<S>(run: TaskRun<S>): NodeContext {
  return {
    node: run.task.node,
    taskId: run.task.id,
    runId: run.runId,
    step: run.step,
    item: run.task.item,
    signal: run.signal,
    interrupt: <T>(question: unknown): T => {
      if (run.answer) return run.answer.value as T;
      throw new Interrupted(question);
    },
  };
}
