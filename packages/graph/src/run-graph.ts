import {
  type ApprovalDecision,
  type ConversationStore,
  callStore,
  LodeError,
  type ParentRun,
  type StoreCallBounds,
} from "@lode/core";
import PQueue from "p-queue";
import { EventQueue } from "./event-queue.js";
import {
  type GraphCheckpoint,
  type GraphCheckpointer,
  savePausedGraph,
  type TaskWrite,
} from "./graph-checkpoint.js";
import type { GraphEvent } from "./graph-events.js";
import { type GraphResult, type GraphStatus, GraphTally } from "./graph-result.js";
import { type GraphShape, START, type TaskSpec } from "./graph-shape.js";
import { nextTasks } from "./next-tasks.js";
import { type AgentCheckpoints, runTask } from "./run-task.js";
import { applyUpdate, type Reducers, type StateSchema } from "./state.js";

/** How a run begins: from an input, or from a checkpoint (a pause with its decisions and answers, or a crash). */
export type GraphStart =
  | { kind: "input"; input: unknown }
  | {
      kind: "checkpoint";
      checkpoint: GraphCheckpoint;
      decisions?: readonly ApprovalDecision[];
      answers?: Readonly<Record<string, unknown>>;
    };

/** Everything one run of a graph needs. */
export interface GraphRunSetup<S> {
  name: string;
  schema: StateSchema;
  reducers: Reducers<S>;
  shape: GraphShape<S>;
  maxSteps: number;
  concurrency: number;
  store: ConversationStore;
  runId: string;
  sessionId: string | undefined;
  signal: AbortSignal;
  parent?: ParentRun;
  checkpointer?: GraphCheckpointer;
  agentCheckpoints?: AgentCheckpoints;
  start: GraphStart;
}

/**
 * A graph's run, in steps: the step's tasks run in parallel (at most `concurrency` at once), each checkpointed
 * as it finishes; once all are in, their updates are applied in the tasks' order through the reducers and
 * checked, and the next step's tasks follow from the edges. A task that pauses (an approval inside its
 * agent, an interrupt) pauses the run after the step's other tasks finish: their updates are kept aside,
 * the step is committed only when the paused ones finish, so nothing finished runs again.
 */
export async function* runGraph<S extends Record<string, unknown>>(
  setup: GraphRunSetup<S>,
): AsyncGenerator<GraphEvent, GraphResult<S>> {
  const startedAt = performance.now();
  const { runId, sessionId } = setup;
  const agentPath = [...(setup.parent?.agentPath ?? []), setup.name];
  const cp = setup.start.kind === "checkpoint" ? structuredClone(setup.start.checkpoint) : fresh(setup);
  const tally = new GraphTally(setup.start.kind === "checkpoint" ? cp : undefined);
  const resumed = setup.start.kind === "checkpoint";
  const routes = resumed
    ? routeResumes(cp, setup.start as Extract<GraphStart, { kind: "checkpoint" }>)
    : new Map();
  const queue = new EventQueue<GraphEvent>();
  const base = () => ({ runId, step: cp.step, agentPath });
  yield { ...base(), type: "graph-start", graph: setup.name, ...(sessionId ? { sessionId } : {}), resumed };
  let status: GraphStatus = "done";
  while (true) {
    if (cp.tasks.length === 0) break;
    if (cp.step >= setup.maxSteps) {
      status = "max_steps";
      break;
    }
    const toRun = cp.tasks.filter((task) => {
      const write = cp.writes[task.id];
      return !write || (write.status === "paused" && routes.has(task.id));
    });
    yield* queue.drainWhile(runStep(setup, cp, toRun, routes, tally, (event) => queue.push(event), base));
    routes.clear();
    if (cp.tasks.some((task) => cp.writes[task.id]?.status === "paused")) {
      status = "paused";
      if (sessionId !== undefined) await savePausedGraph(setup.store, sessionId, cp, boundsOf(setup));
      break;
    }
    commit(setup, cp);
    await saveCheckpoint(setup, withTally(cp, tally));
  }
  // A run that finished what a pause left: the session's record of the pause goes.
  if (status !== "paused" && resumed && sessionId !== undefined)
    await savePausedGraph(setup.store, sessionId, undefined, boundsOf(setup));
  const paused = cp.tasks.flatMap((task) => {
    const write = cp.writes[task.id];
    return write?.status === "paused" ? [write] : [];
  });
  const result: GraphResult<S> = {
    runId,
    sessionId,
    status,
    state: cp.state as S,
    nodes: cp.nodes,
    steps: cp.step,
    usage: tally.usage,
    cost: tally.cost,
    usageByAgent: tally.usageByAgent,
    pendingApprovals: paused.flatMap((write) => write.approvals),
    interrupts: paused.flatMap((write) => (write.interrupt ? [write.interrupt] : [])),
    durationMs: Math.round(performance.now() - startedAt),
  };
  yield { ...base(), type: "graph-end", result };
  return result;
}

/** A new run's first checkpoint: its input checked against the state, the tasks after START. */
function fresh<S extends Record<string, unknown>>(setup: GraphRunSetup<S>): GraphCheckpoint {
  const parsed = setup.schema.safeParse((setup.start as { input: unknown }).input);
  if (!parsed.success)
    throw new LodeError(
      "invalid-request",
      `Graph "${setup.name}": its input is not a state it takes: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "(input)"}: ${issue.message}`).join("; ")}.`,
    );
  const state = parsed.data as S;
  const joins: Record<string, string[]> = {};
  return {
    version: 1,
    graph: setup.name,
    runId: setup.runId,
    sessionId: setup.sessionId,
    step: 0,
    state,
    tasks: nextTasks(setup.shape, state, [START], joins, 0),
    writes: {},
    joins,
    nodes: [],
    usage: new GraphTally().usage,
    usageByAgent: [],
  };
}

/** Runs a step's tasks, at most `concurrency` at once; the first failure aborts the others and is thrown. */
async function runStep<S extends Record<string, unknown>>(
  setup: GraphRunSetup<S>,
  cp: GraphCheckpoint,
  tasks: readonly TaskSpec[],
  routes: ReadonlyMap<string, { decisions?: ApprovalDecision[]; answer?: { value: unknown } }>,
  tally: GraphTally,
  emit: (event: GraphEvent) => void,
  base: () => { runId: string; step: number; agentPath: string[] },
): Promise<void> {
  const failed = new AbortController();
  const signal = AbortSignal.any([setup.signal, failed.signal]);
  const limit = new PQueue({ concurrency: setup.concurrency });
  const one = async (task: TaskSpec) => {
    const node = setup.shape.nodes.get(task.node);
    if (!node)
      throw new LodeError(
        "invalid-config",
        `Graph "${setup.name}": a route chose "${task.node}", which is no node of it.`,
      );
    emit({
      ...base(),
      type: "node-start",
      node: task.node,
      taskId: task.id,
      ...("item" in task ? { item: task.item } : {}),
    });
    const write: TaskWrite = await runTask({
      graphPath: base().agentPath,
      runId: setup.runId,
      sessionId: setup.sessionId,
      step: cp.step,
      state: cp.state as S,
      task,
      node,
      signal,
      emit,
      tally,
      ...routes.get(task.id),
      ...(setup.agentCheckpoints ? { agentCheckpoints: setup.agentCheckpoints } : {}),
    });
    cp.writes[task.id] = write;
    // After every node, and before its end is told: a process that dies now loses no finished node, and a
    // node whose end was streamed is one a recovered run does not run again.
    await saveCheckpoint(setup, withTally(cp, tally));
    const done = write.status === "done";
    emit({
      ...base(),
      type: "node-end",
      node: task.node,
      taskId: task.id,
      status: write.status,
      ...(done ? { update: write.update } : {}),
      durationMs: done ? write.record.durationMs : 0,
    });
  };
  const runs = tasks.map((task) =>
    limit
      .add(() => one(task))
      .catch((error: unknown) => {
        failed.abort(error);
        throw error;
      }),
  );
  const settled = await Promise.allSettled(runs);
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (failure)
    throw setup.signal.aborted
      ? new LodeError("aborted", "The graph's run was aborted.", { cause: failure.reason })
      : failure.reason;
}

/** Applies the step's updates in the tasks' order, then plans the next step. */
function commit<S extends Record<string, unknown>>(setup: GraphRunSetup<S>, cp: GraphCheckpoint): void {
  let state = cp.state as S;
  for (const task of cp.tasks) {
    const write = cp.writes[task.id];
    if (write?.status !== "done") continue;
    state = applyUpdate(setup.schema, setup.reducers, state, write.update as Partial<S>, task.node);
    cp.nodes.push(write.record);
  }
  const finished = [...new Set(cp.tasks.map((task) => task.node))];
  cp.state = state;
  cp.step += 1;
  cp.tasks = nextTasks(setup.shape, state, finished, cp.joins, cp.step);
  cp.writes = {};
}

/** Which paused tasks a resume answers, and with what; a decision or answer naming no waiting task is refused. */
function routeResumes(
  cp: GraphCheckpoint,
  start: Extract<GraphStart, { kind: "checkpoint" }>,
): Map<string, { decisions?: ApprovalDecision[]; answer?: { value: unknown } }> {
  const routes = new Map<string, { decisions?: ApprovalDecision[]; answer?: { value: unknown } }>();
  const owner = new Map<string, string>();
  for (const [taskId, write] of Object.entries(cp.writes))
    if (write.status === "paused")
      for (const request of write.approvals) owner.set(request.toolUseId, taskId);
  for (const decision of start.decisions ?? []) {
    const taskId = owner.get(decision.toolUseId);
    if (taskId === undefined)
      throw new LodeError(
        "invalid-request",
        `No call ${decision.toolUseId} waits for approval in this graph's run.`,
      );
    const route = routes.get(taskId) ?? {};
    route.decisions = [...(route.decisions ?? []), decision];
    routes.set(taskId, route);
  }
  for (const [taskId, value] of Object.entries(start.answers ?? {})) {
    const write = cp.writes[taskId];
    if (write?.status !== "paused" || !write.interrupt)
      throw new LodeError("invalid-request", `No node asks a question as ${taskId} in this graph's run.`);
    routes.set(taskId, { answer: { value } });
  }
  return routes;
}

function withTally(cp: GraphCheckpoint, tally: GraphTally): GraphCheckpoint {
  cp.usage = tally.usage;
  if (tally.cost) cp.cost = tally.cost;
  cp.usageByAgent = tally.usageByAgent;
  return cp;
}

/** Every store call of a run is bounded by its signal and a time limit: a stuck store cannot hold it. */
function boundsOf(setup: { signal: AbortSignal }): StoreCallBounds {
  return { signal: setup.signal, timeoutMs: STORE_TIMEOUT_MS };
}

const STORE_TIMEOUT_MS = 10_000;

async function saveCheckpoint(
  setup: Pick<GraphRunSetup<Record<string, unknown>>, "signal" | "checkpointer">,
  checkpoint: GraphCheckpoint,
): Promise<void> {
  const { checkpointer } = setup;
  if (checkpointer)
    await callStore(
      "save the graph's checkpoint",
      boundsOf(setup),
      () => checkpointer.save(checkpoint),
      "graph checkpointer",
    );
}
