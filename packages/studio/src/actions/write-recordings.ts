import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { answerEvents } from "./answer-events.js";
import { converseStreamPath, RECORDING_FORMAT_VERSION, type RecordingFile } from "./recording-file.js";
import type { SavableStep } from "./savable-run.js";
import { wireJson } from "./wire-json.js";

/**
 * The recording of one step, as bedrock-local's recorder would have written it: the ConverseStream request
 * (model id in the path, the rest as the JSON body the SDK sends) and the answer as its event stream.
 */
export function stepRecording(step: SavableStep, runId: string): RecordingFile {
  const { modelId, ...body } = step.request;
  const requestPath = converseStreamPath(modelId ?? "");
  return {
    formatVersion: RECORDING_FORMAT_VERSION,
    source: { recordedBy: "@lode/studio", runId, step: step.step },
    description: `ConverseStream: POST ${requestPath} -> 200 (step ${step.step} of run ${runId})`,
    interactions: [
      {
        request: {
          method: "POST",
          path: requestPath,
          headers: { "content-type": "application/json" },
          body: wireJson(body),
        },
        response: {
          status: 200,
          headers: {
            "content-type": "application/vnd.amazon.eventstream",
            ...(step.answer.requestId ? { "x-amzn-requestid": step.answer.requestId } : {}),
          },
          body: null,
          events: answerEvents(step.answer),
        },
      },
    ],
  };
}

/** `000001.converse-stream.{model}.json`, the name bedrock-local's recorder gives the same exchange. */
export function stepFileName(index: number, modelId: string): string {
  const safe = modelId.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 120);
  return `${String(index + 1).padStart(6, "0")}.converse-stream.${safe}.json`;
}

/** Writes one recording file per step into `folder` (created), in step order; returns the files. */
export async function writeRecordings(
  folder: string,
  steps: SavableStep[],
  runId: string,
): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const files: string[] = [];
  for (const [index, step] of steps.entries()) {
    const file = path.join(folder, stepFileName(index, step.request.modelId ?? ""));
    await writeFile(file, `${JSON.stringify(stepRecording(step, runId), null, 2)}\n`, { flag: "wx" });
    files.push(file);
  }
  return files;
}
