import type { ServerResponse } from "node:http";
import { pipeToNodeResponse } from "@lode/core";
import type { Graph, GraphEvent, GraphResult, GraphStream } from "@lode/graph";
import { toGraphUIMessageStreamResponse } from "@lode/graph";
import type { TripResearchState } from "./research-graph.js";

/**
 * Runs the research graph on `question` and answers with its run as one AI SDK UI message
 * (`toGraphUIMessageStreamResponse`): a `data-node` part per task, the agents' text marked with their path.
 * Resolves with the graph's result (rejects as the run does); aborting `signal` stops the graph.
 */
export async function answerResearch(
  research: Graph<TripResearchState>,
  question: string,
  res: ServerResponse,
  options: { sessionId: string; signal: AbortSignal },
): Promise<GraphResult<TripResearchState>> {
  const stream = research.stream({ question }, options);
  // Not `stream.result` before the events are read: asking for it first drives the run without them.
  const response = toGraphUIMessageStreamResponse(readToTheEnd(stream));
  try {
    // Its body to the socket with backpressure; a client that leaves cancels it (and the signal aborts).
    if (response.body) await pipeToNodeResponse(response.body, res, Object.fromEntries(response.headers));
    else res.end();
  } catch {
    // A failed write means the client left; the run's outcome is its result's.
  }
  return stream.result;
}

/**
 * The same stream, except that a reader who stops early (the client went away) does not stop the events:
 * they are read on to the run's end, so that `result` settles (the graph's stream leaves it pending when
 * its events are returned early; the aborted signal ends the run soon).
 */
function readToTheEnd<S>(stream: GraphStream<S>): GraphStream<S> {
  return {
    get result() {
      return stream.result;
    },
    [Symbol.asyncIterator]() {
      const events = stream[Symbol.asyncIterator]();
      const rest: AsyncIterator<GraphEvent> = {
        next: () => events.next(),
        return: async () => {
          void (async () => {
            while (!(await events.next()).done);
          })().catch(() => {});
          return { done: true, value: undefined };
        },
      };
      return rest;
    },
  };
}
