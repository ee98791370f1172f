import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { addUsage, emptyUsage } from "@lode/core";
import type { RunRecord, StepRecord, ToolCallView } from "../protocol/run-record.js";
import { recordedStep } from "./recorded-step.js";
import type { RecordingFile } from "./recording-file.js";

/**
 * A folder of recordings (a saved test's, bedrock-local's recorder's, the shared corpus) opened as runs:
 * one run per folder that holds Converse or ConverseStream recordings (the folder itself and each folder
 * under it), its exchanges in file order as the run's steps. A run's id is the same each time its folder
 * is opened, so opening it again replaces it rather than adding a copy.
 */
export async function openRecordings(folder: string): Promise<RunRecord[]> {
  const root = path.resolve(folder);
  const runs: RunRecord[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const current = pending.shift() as string;
    const entries = (await readdir(current, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith(".json"));
    for (const entry of entries)
      if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules")
        pending.push(path.join(current, entry.name));
    const run = await folderRun(
      current,
      files.map((entry) => path.join(current, entry.name)),
    );
    if (run) runs.push(run);
  }
  return runs;
}

async function folderRun(folder: string, files: string[]): Promise<RunRecord | undefined> {
  const at = (await stat(folder)).mtimeMs;
  const steps: StepRecord[] = [];
  for (const file of files) {
    let recording: RecordingFile;
    try {
      recording = JSON.parse(await readFile(file, "utf8")) as RecordingFile;
    } catch {
      continue; // not a recording: a folder may hold other JSON
    }
    for (const interaction of recording.interactions ?? []) {
      const step = interaction?.request && recordedStep(interaction, steps.length + 1, at);
      if (step) steps.push(step);
    }
  }
  if (steps.length === 0) return undefined;
  const name = path.basename(folder).replace(/\.recordings$/, "");
  for (const step of steps) step.agentPath = [name];
  const calls = toolCalls(steps, name, at);
  const failed = steps.find((step) => step.error);
  const last = steps.at(-1) as StepRecord;
  const input = (steps[0]?.request?.messages ?? []).filter((message) => message.role === "user").slice(0, 1);
  const preview = firstText(input);
  const text = last.answer && textOf(last.answer.message);
  const run: RunRecord = {
    id: `recordings-${createHash("sha256").update(folder).digest("hex").slice(0, 16)}`,
    kind: "agent",
    name,
    agentPath: [name],
    clientId: `recordings:${folder}`,
    status: failed ? "failed" : "done",
    startedAt: at,
    endedAt: at,
    modelCalls: steps.length,
    toolCalls: calls.length,
    usage: steps.reduce(
      (total, step) => (step.answer ? addUsage(total, step.answer.usage) : total),
      emptyUsage(),
    ),
    waiting: 0,
    resumable: false,
    input,
    steps,
    calls,
    marks: [],
    pendingApprovals: [],
    children: [],
  };
  if (steps[0]?.modelId) run.modelId = steps[0].modelId;
  if (failed?.error) run.error = failed.error;
  if (last.answer) run.stopReason = last.answer.stopReason;
  if (preview) run.preview = preview.slice(0, 200);
  if (text !== undefined) run.text = text;
  return run;
}

/** Each tool use an answer asked for, with its result from the next request when it carries one. */
function toolCalls(steps: StepRecord[], name: string, at: number): ToolCallView[] {
  return steps.flatMap((step, index) =>
    (step.answer?.message.content ?? []).flatMap((block) => {
      const use = block.toolUse;
      if (!use?.toolUseId) return [];
      const result = steps[index + 1]?.request?.messages
        ?.flatMap((message) => message.content ?? [])
        .find((candidate) => candidate.toolResult?.toolUseId === use.toolUseId)?.toolResult;
      const call: ToolCallView = {
        step: step.step,
        toolUseId: use.toolUseId,
        toolName: use.name ?? "",
        agentPath: [name],
        input: use.input,
        startedAt: at,
        status: result ? (result.status ?? "success") : "pending",
      };
      if (result) {
        call.endedAt = at;
        call.content = result.content ?? [];
      }
      return [call];
    }),
  );
}

function textOf(message: Message): string {
  return (message.content ?? []).map((block) => block.text ?? "").join("");
}

function firstText(messages: Message[]): string | undefined {
  return messages.flatMap((message) => message.content ?? []).find((block) => block.text)?.text;
}
