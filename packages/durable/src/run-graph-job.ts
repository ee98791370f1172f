import { parseWithBytes, type RunCheckpointer } from "@lode/core";
import type { DurableGraph, DurableRunEvent } from "./durable-graph.js";
import { agentRunIdOf, takeOverGraph } from "./graph-takeover.js";
import type { RunAttempt } from "./run-attempt.js";
import type { RunStreamItem } from "./run-events.js";
import type { GraphRunJobData } from "./run-job.js";

/**
 * Runs a graph's run for one attempt: checkpointed in Redis after every node and every step, its agent
 * nodes' runs checkpointed apart (`${runId}:${taskId}`), its events (its own and its agent nodes') appended
 * to the run's stream. An attempt after another (which died, or failed) goes on from the last checkpoint:
 * finished nodes are not run again, an agent node cut off mid-run resumes from its own checkpoint.
 */
export async function runGraphJob(
  attempt: RunAttempt,
  graph: DurableGraph,
  data: GraphRunJobData,
  written: readonly RunStreamItem<DurableRunEvent>[],
): Promise<string> {
  const { runId, sessionId } = data;
  const recover = await attempt.graphCheckpoints.load(runId);
  // Entries already written: another attempt ran before this one (and died, or failed).
  const passes = written.length > 0 ? await takeOverGraph(attempt, graph.name, recover, written) : () => true;
  // When the run ends, its agent nodes' checkpoints go with its own: the nodes its checkpoint knows of.
  attempt.alsoForget = async () => {
    const last = await attempt.graphCheckpoints.load(runId);
    const taskIds = [
      ...(last?.nodes ?? []).map((node) => node.taskId),
      ...(last?.tasks ?? []).map((task) => task.id),
    ];
    return taskIds.map((taskId) => agentRunIdOf(runId, taskId));
  };
  const input = parseWithBytes(data.input);
  return attempt.running(async () => {
    try {
      const stream = graph.stream(input as never, {
        runId,
        ...(sessionId ? { sessionId } : {}),
        signal: attempt.signal,
        checkpointer: attempt.graphCheckpoints,
        agentCheckpoints: {
          checkpointer: afterEventsAppended(attempt.checkpoints),
          load: (agentRunId) => attempt.checkpoints.load(agentRunId),
        },
        ...(recover ? { recover } : {}),
      });
      for await (const event of stream) {
        if (!passes(event)) continue;
        // An attempt BullMQ will make again does not end the run: the next one's `resumed` entry follows.
        if (isFailure(event) && attempt.retried) continue;
        attempt.append(event);
      }
      return await attempt.complete(await stream.result);
    } catch (thrown) {
      return attempt.fail(thrown);
    }
  });
}

/**
 * An agent node's checkpoints, each saved only after the events its run emitted before it were appended: a
 * graph passes its nodes' events on through a queue that the worker drains as it reads the graph's stream,
 * so without this wait a checkpoint could land before the messages it is past, and a worker that died
 * in between would leave them out of the stream for good. One turn of the event loop lets the worker drain
 * the queue (its reads and appends go on in microtasks), and the appends go out on the connection the save
 * then takes, ahead of it.
 */
function afterEventsAppended(checkpoints: RunCheckpointer): RunCheckpointer {
  return {
    save: async (checkpoint) => {
      await new Promise((resolve) => setImmediate(resolve));
      await checkpoints.save(checkpoint);
    },
    callStarted: (runId, toolUseId) => checkpoints.callStarted(runId, toolUseId),
    callAnswered: (runId, answer) => checkpoints.callAnswered(runId, answer),
  };
}

function isFailure(event: DurableRunEvent): boolean {
  return event.type === "graph-error" || event.type === "run-error";
}
