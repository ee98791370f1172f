import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { AgentPath } from "@lode/core";
import type { RunRecord, StepRecord, ToolCallView } from "../protocol/run-record.js";
import type { RequestSharing } from "./share-request.js";

/**
 * A run as the store keeps it: the record the page reads, and the indexes that let each report land in
 * O(1) (no scan of a run's steps or calls per report, nor of every run per list).
 */
export interface RunEntry {
  record: RunRecord;
  /** Arrival order: the list is newest first by it, and `before` pages by it. */
  seq: number;
  /** Lowercased name, session, model id, run id and preview: what a query's `q` matches. */
  search: string;
  steps: Map<number, StepRecord>;
  calls: Map<string, ToolCallView>;
  /** Steps whose usage the run's running total holds already (a model call's end and its step-end event). */
  counted: Set<number>;
  /** The agent speaking now: the run's own, or after a handoff its target. */
  speaker: AgentPath;
  /**
   * The messages this run's requests and answers held so far, by JSON text: the next request's copies are
   * replaced by them (see `RequestSharing`). Emptied when the run ends.
   */
  seenMessages: Map<string, Message>;
  /** A step's answer as its `message` event told it, for runs followed from their events alone. */
  messages: Map<number, Message>;
}

/** What a fold needs of the store: the runs it knows, and a way to add one. */
export interface StoreAccess {
  entry(runId: string): RunEntry | undefined;
  add(record: RunRecord): RunEntry;
  /** Shares what a request repeats with the requests already kept. */
  sharing: RequestSharing;
  /** The run changed: its summary goes out to live listeners. */
  changed(runId: string): void;
}

/** The longest preview the list shows, in characters. */
const PREVIEW_LENGTH = 140;

/** The first user text of a run's input, on one line and shortened; undefined when there is none. */
export function previewOf(input: readonly Message[]): string | undefined {
  for (const message of input) {
    if (message.role !== "user") continue;
    for (const block of message.content ?? []) {
      if (typeof block.text !== "string" || block.text.trim() === "") continue;
      const line = block.text.replace(/\s+/g, " ").trim();
      return line.length > PREVIEW_LENGTH ? `${line.slice(0, PREVIEW_LENGTH - 1)}…` : line;
    }
  }
  return undefined;
}

/** The text a query's `q` is matched against. */
export function searchTextOf(record: RunRecord): string {
  return [record.name, record.sessionId, record.modelId, record.id, record.preview]
    .filter((part) => part !== undefined)
    .join("\n")
    .toLowerCase();
}

/** A fresh entry around a record (built from its steps and calls, for a record inserted whole). */
export function entryOf(record: RunRecord, seq: number): RunEntry {
  return {
    record,
    seq,
    search: searchTextOf(record),
    steps: new Map(record.steps.map((step) => [step.step, step])),
    calls: new Map(record.calls.map((call) => [call.toolUseId, call])),
    counted: new Set(record.steps.filter((step) => step.answer).map((step) => step.step)),
    speaker: record.steps.at(-1)?.agentPath ?? record.agentPath,
    seenMessages: new Map(),
    messages: new Map(),
  };
}
