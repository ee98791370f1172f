import { type Message, type Part, Role, type Task } from "@a2a-js/sdk";
import type { ApprovalDecision, ApprovalInput, ApprovalRequest, RunInput } from "@lode/core";
import type { A2AInterrupt, InboundMessage } from "./serve-options.js";

/** A text part. */
export function textPart(text: string): Part {
  return {
    content: { $case: "text", value: text },
    metadata: undefined,
    filename: "",
    mediaType: "text/plain",
  };
}

/** A structured data part (JSON). */
export function dataPart(value: unknown): Part {
  return {
    content: { $case: "data", value },
    metadata: undefined,
    filename: "",
    mediaType: "application/json",
  };
}

/** A file part carrying its bytes. */
export function bytesPart(bytes: Uint8Array, mediaType: string, filename: string): Part {
  return { content: { $case: "raw", value: Buffer.from(bytes) }, metadata: undefined, filename, mediaType };
}

/** A message from the agent on a task. */
export function agentMessage(taskId: string, contextId: string, parts: Part[]): Message {
  return {
    messageId: crypto.randomUUID(),
    taskId,
    contextId,
    role: Role.ROLE_AGENT,
    parts,
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

/** An inbound message's text (its text parts, joined) and data parts. */
export function inboundOf(message: Message): InboundMessage {
  const text: string[] = [];
  const data: unknown[] = [];
  for (const part of message.parts) {
    if (part.content?.$case === "text") text.push(part.content.value);
    if (part.content?.$case === "data") data.push(part.content.value);
  }
  return { text: text.join("\n"), data };
}

/** A block of a run's input (core names the type only through `RunInput`). */
type InputBlock = Exclude<RunInput, string | ApprovalInput>[number];

const IMAGE_FORMATS: Record<string, "png" | "jpeg" | "gif" | "webp"> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/gif": "gif",
  "image/webp": "webp",
};

/**
 * What an agent run is given for a message: its text (data parts appended as JSON text) and, when it
 * carried images as bytes, content blocks.
 */
export function runInputOf(message: Message): RunInput {
  const blocks: InputBlock[] = [];
  for (const part of message.parts) {
    const content = part.content;
    if (content?.$case === "text" && content.value !== "") blocks.push({ text: content.value });
    if (content?.$case === "data") blocks.push({ text: JSON.stringify(content.value) });
    const format = IMAGE_FORMATS[part.mediaType];
    if (content?.$case === "raw" && format) {
      blocks.push({ image: { format, source: { bytes: new Uint8Array(content.value) } } });
    }
  }
  const texts = blocks.flatMap((block) =>
    "text" in block && typeof block.text === "string" ? [block.text] : [],
  );
  return texts.length === blocks.length ? texts.join("\n") : (blocks as RunInput);
}

/** What a paused task waits for, as its status message's data part carries it. */
export interface Waiting {
  pendingApprovals: ApprovalRequest[];
  interrupts: A2AInterrupt[];
}

/** The status message of a task waiting for a person: a sentence, then the waiting calls as data. */
export function waitingMessage(taskId: string, contextId: string, waiting: Waiting): Message {
  const calls = waiting.pendingApprovals.map((call) => call.toolName).join(", ");
  const questions = waiting.interrupts.map((interrupt) => interrupt.node).join(", ");
  const sentence = [
    calls ? `Waiting for approval of: ${calls}.` : "",
    questions ? `Waiting for an answer to: ${questions}.` : "",
    'Reply on this task with a data part {"decisions": [{"toolUseId", "approved", "reason"?}]}' +
      (questions ? ' and/or {"answers": {taskId: value}}' : "") +
      ', or the text "approve" or "deny" when one call waits.',
  ]
    .filter(Boolean)
    .join(" ");
  return agentMessage(taskId, contextId, [textPart(sentence), dataPart(waiting)]);
}

/** What the task's last status message says it waits for (empty when it says nothing). */
export function waitingOf(task: Task | undefined): Waiting {
  for (const part of task?.status?.message?.parts ?? []) {
    if (part.content?.$case !== "data") continue;
    const value = part.content.value as Partial<Waiting> | undefined;
    if (Array.isArray(value?.pendingApprovals)) {
      return { pendingApprovals: value.pendingApprovals, interrupts: value.interrupts ?? [] };
    }
  }
  return { pendingApprovals: [], interrupts: [] };
}

/** The decisions (and a graph's answers) a reply to a waiting task brings. */
export interface Reply {
  decisions: ApprovalDecision[];
  answers: Record<string, unknown>;
}

const APPROVE = /^\s*(approve|approved|yes|ok)\s*[.!]?\s*$/i;
const DENY = /^\s*(deny|denied|no|reject)\s*[.!]?\s*$/i;

/**
 * Reads a reply to a waiting task: a data part `{ decisions, answers? }`, or, when exactly one call waits,
 * the text "approve" or "deny" (when exactly one question waits, any text is its answer). Undefined when
 * the message is neither.
 */
export function replyOf(message: Message, waiting: Waiting): Reply | undefined {
  const { text, data } = inboundOf(message);
  for (const value of data) {
    if (typeof value !== "object" || value === null) continue;
    const { decisions, answers } = value as { decisions?: unknown; answers?: unknown };
    if (Array.isArray(decisions) || (typeof answers === "object" && answers !== null)) {
      return {
        decisions: Array.isArray(decisions) ? (decisions as ApprovalDecision[]) : [],
        answers: (answers as Record<string, unknown>) ?? {},
      };
    }
  }
  const [onlyCall, ...otherCalls] = waiting.pendingApprovals;
  if (onlyCall && otherCalls.length === 0 && waiting.interrupts.length === 0) {
    if (APPROVE.test(text))
      return { decisions: [{ toolUseId: onlyCall.toolUseId, approved: true }], answers: {} };
    if (DENY.test(text))
      return { decisions: [{ toolUseId: onlyCall.toolUseId, approved: false }], answers: {} };
  }
  const [onlyQuestion, ...otherQuestions] = waiting.interrupts;
  if (onlyQuestion && otherQuestions.length === 0 && waiting.pendingApprovals.length === 0 && text) {
    return { decisions: [], answers: { [onlyQuestion.taskId]: text } };
  }
  return undefined;
}
