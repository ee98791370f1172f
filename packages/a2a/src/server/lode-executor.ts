import { type Artifact, type Message, type Part, type Task, TaskState } from "@a2a-js/sdk";
import {
  AgentEvent,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
  ServerCallContext,
  type TaskStore,
} from "@a2a-js/sdk/server";
import { LodeError } from "@lode/core";
import {
  agentMessage,
  bytesPart,
  dataPart,
  replyOf,
  textPart,
  waitingMessage,
  waitingOf,
} from "./message-parts.js";
import type { RunOutcome, TaskRun, TaskRunner } from "./task-runner.js";

/** Publishes one task's events on its bus. */
function taskPublisher(bus: ExecutionEventBus, taskId: string, contextId: string) {
  return {
    status(state: TaskState, message?: Message) {
      bus.publish(
        AgentEvent.statusUpdate({
          taskId,
          contextId,
          status: { state, message, timestamp: new Date().toISOString() },
          metadata: undefined,
        }),
      );
    },
    artifact(
      artifactId: string,
      name: string,
      parts: Part[],
      chunk: { append: boolean; lastChunk: boolean },
    ) {
      const artifact: Artifact = {
        artifactId,
        name,
        description: "",
        parts,
        metadata: undefined,
        extensions: [],
      };
      bus.publish(AgentEvent.artifactUpdate({ taskId, contextId, artifact, ...chunk, metadata: undefined }));
    },
  };
}

type Publisher = ReturnType<typeof taskPublisher>;

/**
 * The SDK's `AgentExecutor` for a Lode agent or graph: one task is one run on the session named by the
 * task's `contextId`; a task waiting for a person is resumed by the next message on it.
 */
export class LodeExecutor implements AgentExecutor {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly runner: TaskRunner,
    private readonly taskStore: TaskStore,
    /** How often a run looks in the task store for a cancel made by another process. */
    private readonly cancelCheckMs: number,
  ) {}

  execute = async (request: RequestContext, bus: ExecutionEventBus): Promise<void> => {
    const { taskId, contextId, task } = request;
    const message = request.userMessage;
    bus.publish(AgentEvent.task(task ?? newTask(taskId, contextId, message)));
    const publish = taskPublisher(bus, taskId, contextId);
    let input: Parameters<TaskRunner["start"]>[0] = { message };
    if (task?.status?.state === TaskState.TASK_STATE_INPUT_REQUIRED) {
      const waiting = waitingOf(task);
      const reply = replyOf(message, waiting);
      if (!reply) {
        // Not a decision: the task keeps waiting, and says again what it waits for.
        publish.status(TaskState.TASK_STATE_INPUT_REQUIRED, waitingMessage(taskId, contextId, waiting));
        return;
      }
      input = { reply };
    }
    publish.status(TaskState.TASK_STATE_WORKING);
    const controller = new AbortController();
    this.running.set(taskId, controller);
    const watch = setInterval(() => {
      void this.canceledElsewhere(taskId, request.context).then((canceled) => canceled && controller.abort());
    }, this.cancelCheckMs);
    try {
      const run = this.runner.start(input, { sessionId: contextId, signal: controller.signal });
      await streamEvents(run, publish);
      const outcome = await run.outcome();
      if (controller.signal.aborted) return publish.status(TaskState.TASK_STATE_CANCELED);
      finish(outcome, publish, taskId, contextId);
    } catch (error) {
      if (controller.signal.aborted) return publish.status(TaskState.TASK_STATE_CANCELED);
      const text = LodeError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
      publish.status(TaskState.TASK_STATE_FAILED, agentMessage(taskId, contextId, [textPart(text)]));
    } finally {
      clearInterval(watch);
      this.running.delete(taskId);
    }
  };

  /** Whether the stored task was canceled by a process other than this one (which has no way in to the run). */
  private async canceledElsewhere(taskId: string, context: ServerCallContext): Promise<boolean> {
    const stored = await this.taskStore.load(taskId, context).catch(() => undefined);
    return stored?.status?.state === TaskState.TASK_STATE_CANCELED;
  }

  cancelTask = async (taskId: string, bus: ExecutionEventBus): Promise<void> => {
    const controller = this.running.get(taskId);
    // The run's own `execute` publishes the canceled status once the run has stopped.
    if (controller) return controller.abort();
    const task = await this.taskStore.load(taskId, new ServerCallContext());
    if (task) taskPublisher(bus, taskId, task.contextId).status(TaskState.TASK_STATE_CANCELED);
  };

  /** Aborts every run under way in this process. */
  abortAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}

function newTask(taskId: string, contextId: string, message: Message): Task {
  return {
    id: taskId,
    contextId,
    status: {
      state: TaskState.TASK_STATE_SUBMITTED,
      message: undefined,
      timestamp: new Date().toISOString(),
    },
    artifacts: [],
    history: [message],
    metadata: undefined,
  };
}

/**
 * Streams the run's answer text as artifact chunks (each text block of the answer starts the artifact
 * anew, so the last one read is the answer) and its generated images as artifacts.
 */
async function streamEvents(run: TaskRun, publish: Publisher): Promise<void> {
  const fresh = new Set<string>();
  for await (const event of run.events) {
    const artifactId = run.artifactOf(event);
    if (artifactId === undefined) continue;
    if (event.type === "text-start") fresh.add(artifactId);
    if (event.type === "text-delta" && typeof event.text === "string") {
      const name = artifactId === "response" ? "response" : (event.agentPath ?? []).join("/");
      publish.artifact(artifactId, name, [textPart(event.text)], {
        append: !fresh.has(artifactId),
        lastChunk: false,
      });
      fresh.delete(artifactId);
    }
    if (event.type === "image" && event.data instanceof Uint8Array) {
      const { id, format } = event as { id: string; format: string };
      const part = bytesPart(event.data, `image/${format}`, `${id}.${format}`);
      publish.artifact(`image-${id}`, "image", [part], { append: false, lastChunk: true });
    }
  }
}

/** Publishes what the run produced, then the task's final (or waiting) status. */
function finish(outcome: RunOutcome, publish: Publisher, taskId: string, contextId: string): void {
  if (outcome.kind === "waiting") {
    publish.status(TaskState.TASK_STATE_INPUT_REQUIRED, waitingMessage(taskId, contextId, outcome.waiting));
    return;
  }
  const whole = { append: false, lastChunk: true };
  if (outcome.text) publish.artifact("response", "response", [textPart(outcome.text)], whole);
  if (outcome.output !== undefined) publish.artifact("output", "output", [dataPart(outcome.output)], whole);
  if (outcome.state !== undefined) publish.artifact("state", "state", [dataPart(outcome.state)], whole);
  const answer = outcome.text ? agentMessage(taskId, contextId, [textPart(outcome.text)]) : undefined;
  publish.status(TaskState.TASK_STATE_COMPLETED, answer);
}
