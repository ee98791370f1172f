import { type Agent, parseWithBytes, type RunInput, type RunResumption } from "@lode/core";
import { agentTakeover } from "./agent-takeover.js";
import type { DurableRunEvent } from "./durable-graph.js";
import type { RunAttempt } from "./run-attempt.js";
import type { RunStreamItem } from "./run-events.js";
import type { AgentRunJobData } from "./run-job.js";

/**
 * Runs an agent's run for one attempt, checkpointed in Redis, its events appended to the run's stream; an
 * attempt after another (which died, or failed) resumes from the last checkpoint. `written` is what the
 * stream holds already.
 */
export async function runAgentJob(
  attempt: RunAttempt,
  agent: Agent,
  data: AgentRunJobData,
  written: readonly RunStreamItem<DurableRunEvent>[],
): Promise<string> {
  const { runId, sessionId } = data;
  const resume = await attempt.checkpoints.load(runId);
  // Entries already written: another attempt ran before this one (and died, or failed).
  const taken =
    written.length > 0 ? await takeOver(attempt, resume, written, attempt.job.attemptsStarted) : undefined;
  let skippingFinishedStep = taken?.stepAlreadyEnded ?? false;
  // An attempt that had streamed the run's end before it stopped: the end is not streamed twice.
  const endStreamed = written.some(({ entry }) => entry.kind === "event" && entry.event.type === "run-end");
  const input = resume ? [] : (parseWithBytes(data.input) as RunInput);
  return attempt.running(async () => {
    try {
      const stream = agent.stream(input, {
        runId,
        ...(sessionId ? { sessionId } : {}),
        checkpointer: attempt.checkpoints,
        ...(resume ? { resume } : {}),
        signal: attempt.signal,
      });
      for await (const event of stream) {
        // The stream already has the run's start (and says it was taken over, with the `resumed` entry).
        if (taken && event.type === "run-start") continue;
        if (endStreamed && event.type === "run-end") continue;
        // A step whose end was streamed before its checkpoint moved on is finished again: not streamed twice.
        if (skippingFinishedStep && (event.type === "message" || event.type === "step-end")) continue;
        skippingFinishedStep = false;
        // An attempt BullMQ will make again does not end the run: the next one's `resumed` entry follows.
        if (event.type === "run-error" && attempt.retried) continue;
        attempt.append(event);
      }
      return await attempt.complete(await stream.result);
    } catch (thrown) {
      return attempt.fail(thrown);
    }
  });
}

/**
 * Marks a run taken over in its stream, saying which entries a reader drops (those of a model call made
 * again), and writes the results of calls its last worker answered whose events never reached the stream
 * (it died between the two writes), so each appears exactly once.
 */
async function takeOver(
  attempt: RunAttempt,
  resume: RunResumption | undefined,
  written: readonly RunStreamItem<DurableRunEvent>[],
  attemptNumber: number,
): Promise<{ stepAlreadyEnded: boolean }> {
  const { runId } = attempt;
  const events = written.flatMap(({ id, entry }) =>
    entry.kind === "event" ? [{ id, event: entry.event }] : [],
  );
  const { step, discardsAfter, missing, stepAlreadyEnded } = agentTakeover(
    runId,
    resume,
    events,
    written.at(-1)?.id,
  );
  await attempt.events.append(runId, {
    kind: "resumed",
    attempt: attemptNumber,
    step,
    ...(discardsAfter ? { discardsAfter } : {}),
  });
  for (const event of missing) await attempt.events.append(runId, { kind: "event", event });
  return { stepAlreadyEnded };
}
