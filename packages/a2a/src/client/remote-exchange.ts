import { randomUUID } from "node:crypto";
import { type Message, type Part, Role, type StreamResponse, TaskState, type TaskStatus } from "@a2a-js/sdk";
import type { Client } from "@a2a-js/sdk/client";
import { LodeError } from "@lode/core";
import {
  type ArtifactAnswer,
  answerText,
  newArtifactAnswer,
  takeArtifact,
  textOfParts,
} from "./artifact-answer.js";
import type { RemoteConnection } from "./remote-connection.js";
import { reasonOf, remoteAborted, remoteFailed, remoteTimedOut } from "./remote-errors.js";

/** How long a stopped exchange waits for the remote to name its task, to cancel it. */
const CANCEL_GRACE_MS = 2000;

/** One message to the remote: a new task (in a context, if given), or the next turn of a task. */
export interface ExchangeRequest {
  text: string;
  /** The task the message answers (one that asked for input). */
  taskId?: string;
  /** The conversation the task belongs to (the remote makes one when absent). */
  contextId?: string;
}

/** What the remote streams while it works: its answer's text, or a word on its progress. */
export type ExchangeEvent =
  | { kind: "text"; text: string }
  | { kind: "progress"; state: string; text: string };

/** How the exchange ended: the task finished with its answer, or it asks a question (`input-required`). */
export type ExchangeOutcome =
  | { kind: "done"; text: string; data: unknown; taskId: string | undefined }
  | { kind: "input-required"; question: string; taskId: string };

/**
 * Sends one message and follows the remote's stream until its task finishes or asks for input, yielding
 * the answer's text as it comes. `signal` (the run's) or the connection's deadline cancels the remote task
 * (`tasks/cancel`), then fails with `aborted` or `timeout`; anything the remote does wrong is a
 * `remote-agent-failed` error.
 */
export async function* exchange(
  remote: RemoteConnection,
  request: ExchangeRequest,
  signal: AbortSignal,
): AsyncGenerator<ExchangeEvent, ExchangeOutcome> {
  if (signal.aborted) throw remoteAborted(remote.name);
  const client = await remote.client();
  const controller = new AbortController();
  let taskId = request.taskId;
  let stopped: LodeError | undefined;
  let cancelling: Promise<unknown> | undefined;
  let grace: ReturnType<typeof setTimeout> | undefined;
  const cancel = (id: string) => {
    cancelling ??= cancelTask(client, id);
    controller.abort(stopped);
  };
  const stop = (error: LodeError) => {
    if (stopped) return;
    stopped = error;
    if (taskId) cancel(taskId);
    // A task the remote has not named yet cannot be cancelled: the stream is read on (briefly) for its
    // first event, which names it; a remote silent that long is left be.
    else grace = setTimeout(() => controller.abort(error), CANCEL_GRACE_MS);
  };
  const onAbort = () => stop(remoteAborted(remote.name));
  signal.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => stop(remoteTimedOut(remote.name, remote.timeoutMs)), remote.timeoutMs);
  const answer = newArtifactAnswer();
  let asked: TaskStatus | undefined;
  try {
    const stream = client.sendMessageStream(
      { tenant: "", message: userMessage(request), configuration: undefined, metadata: undefined },
      { signal: controller.signal },
    );
    for await (const response of stream) {
      if (stopped) {
        const named = taskIdOf(response);
        if (named) cancel(named);
        break;
      }
      const payload = response.payload;
      if (!payload) continue;
      let status: TaskStatus | undefined;
      switch (payload.$case) {
        case "message": {
          const text = textOfParts(payload.value.parts);
          if (text) yield { kind: "text", text };
          return { kind: "done", text, data: dataOf(payload.value.parts), taskId };
        }
        case "task":
          taskId = payload.value.id;
          for (const artifact of payload.value.artifacts)
            yield* streamed(takeArtifact(answer, artifact.artifactId, artifact.parts, false));
          status = payload.value.status;
          // A continued task's snapshot still shows the question just answered: it is no new question,
          // unless nothing follows it (a remote that answered without streaming asks again).
          if (request.taskId && status?.state === TaskState.TASK_STATE_INPUT_REQUIRED) {
            asked = status;
            status = undefined;
          }
          break;
        case "statusUpdate":
          taskId ??= payload.value.taskId;
          status = payload.value.status;
          break;
        case "artifactUpdate":
          taskId ??= payload.value.taskId;
          if (payload.value.artifact) {
            const { artifactId, parts } = payload.value.artifact;
            yield* streamed(takeArtifact(answer, artifactId, parts, payload.value.append));
          }
          break;
      }
      if (!status) continue;
      const outcome = settle(remote.name, status, answer, taskId);
      if (outcome === undefined) continue;
      if ("progress" in outcome) {
        if (outcome.progress) yield { kind: "progress", state: outcome.state, text: outcome.progress };
        continue;
      }
      if (outcome.kind === "done" && outcome.late) yield { kind: "text", text: outcome.late };
      return outcome.kind === "done"
        ? { kind: "done", text: answerText(answer) || outcome.late, data: answer.data, taskId }
        : outcome;
    }
    if (stopped) throw stopped;
    const again = asked && settle(remote.name, asked, answer, taskId);
    if (again && "question" in again) return again;
    throw remoteFailed(remote.name, "ended its stream before its task finished.");
  } catch (error) {
    if (stopped) {
      await cancelling;
      throw stopped;
    }
    if (LodeError.isInstance(error)) throw error;
    throw remoteFailed(remote.name, `broke off: ${reasonOf(error)}`, error);
  } finally {
    clearTimeout(timer);
    clearTimeout(grace);
    signal.removeEventListener("abort", onAbort);
  }
}

type Settled =
  | undefined
  | { progress: string; state: string }
  | { kind: "done"; late: string }
  | { kind: "input-required"; question: string; taskId: string };

/** What a task's status means for the exchange: go on (with a word on progress), done, a question, or failure. */
function settle(
  name: string,
  status: TaskStatus,
  answer: ArtifactAnswer,
  taskId: string | undefined,
): Settled {
  const said = textOfParts(status.message?.parts ?? []);
  switch (status.state) {
    case TaskState.TASK_STATE_COMPLETED:
      // A remote that answers only in its final status message: that message is the answer.
      return { kind: "done", late: answerText(answer) ? "" : said };
    case TaskState.TASK_STATE_INPUT_REQUIRED:
      if (!taskId) throw remoteFailed(name, "asked for input without naming its task.");
      return { kind: "input-required", question: said || "The remote agent needs more input.", taskId };
    case TaskState.TASK_STATE_AUTH_REQUIRED:
      throw remoteFailed(name, `asks for authentication (auth-required)${said ? `: ${said}` : "."}`);
    case TaskState.TASK_STATE_FAILED:
      throw remoteFailed(name, `failed its task${said ? `: ${said}` : "."}`);
    case TaskState.TASK_STATE_REJECTED:
      throw remoteFailed(name, `rejected the task${said ? `: ${said}` : "."}`);
    case TaskState.TASK_STATE_CANCELED:
      throw remoteFailed(name, `cancelled its task${said ? `: ${said}` : "."}`);
    case TaskState.TASK_STATE_SUBMITTED:
      return { progress: said, state: "submitted" };
    case TaskState.TASK_STATE_WORKING:
      return { progress: said, state: "working" };
    default:
      throw remoteFailed(name, `sent a task state A2A does not define (${String(status.state)}).`);
  }
}

/** The text an artifact update adds to the stream, if any. */
function* streamed(text: string): Generator<ExchangeEvent> {
  if (text !== "") yield { kind: "text", text };
}

function dataOf(parts: readonly Part[]): unknown {
  return parts.findLast((part) => part.content?.$case === "data")?.content?.value;
}

function userMessage(request: ExchangeRequest): Message {
  return {
    messageId: randomUUID(),
    contextId: request.contextId ?? "",
    taskId: request.taskId ?? "",
    role: Role.ROLE_USER,
    parts: [
      {
        content: { $case: "text", value: request.text },
        metadata: undefined,
        filename: "",
        mediaType: "text/plain",
      },
    ],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

/** The task a stream event names, if any. */
function taskIdOf(response: StreamResponse): string | undefined {
  const payload = response.payload;
  if (!payload) return undefined;
  const id = payload.$case === "task" ? payload.value.id : payload.value.taskId;
  return id || undefined;
}

/** Asks the remote to cancel `taskId`, bounded; a remote that cannot is left be (the caller has stopped). */
export async function cancelTask(client: Client, taskId: string): Promise<void> {
  try {
    await client.cancelTask(
      { tenant: "", id: taskId, metadata: undefined },
      { signal: AbortSignal.timeout(5000) },
    );
  } catch {
    // The task may have finished meanwhile, or the remote be gone: either way nothing more can be done.
  }
}
