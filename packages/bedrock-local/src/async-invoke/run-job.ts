import { AwsError } from "../http/aws-error.js";
import type { ModelSource } from "../models/model-source.js";
import type { JsonObject } from "../models/model-turn.js";
import { renderConverseOutput } from "../models/render-converse-output.js";
import type { AsyncInvokeJob } from "./async-invoke-job.js";

/** A file the job leaves in its output folder (JSON, named relative to the folder). */
export interface JobOutputFile {
  name: string;
  content: JsonObject;
}

/** How a job's model call ended. */
export type JobOutcome = { kind: "completed"; files: JobOutputFile[] } | { kind: "failed"; message: string };

/** What running a job needs from the server. */
export interface JobRunContext {
  models: readonly ModelSource[];
  /** The StartAsyncInvoke request's number, which the scripted model sees as the request's. */
  requestNumber: number;
}

/**
 * Runs the job's model: the one place an asynchronous invocation reaches a model, so model-native handling
 * can replace the scripted turn here alone. A model that answers with an error fails the job with its message
 * (the caller has already refused an unknown model).
 */
export async function runJob(job: AsyncInvokeJob, context: JobRunContext): Promise<JobOutcome> {
  const startedAt = performance.now();
  try {
    for (const source of context.models) {
      if (source.recorded || !source.serves(job.modelId)) continue;
      const answer = source.answer({
        operation: "StartAsyncInvoke",
        modelId: job.modelId,
        rawPath: "/async-invoke",
        body: toConverseShape(job.modelInput),
        requestNumber: context.requestNumber,
      });
      if (!answer) continue;
      if (answer.kind === "recorded")
        return { kind: "completed", files: [recordedOutput(answer.response.body)] };
      const latencyMs = Math.round(performance.now() - startedAt);
      return {
        kind: "completed",
        files: [{ name: "output.json", content: renderConverseOutput(answer.turn, latencyMs) }],
      };
    }
    return { kind: "failed", message: "The provided model identifier is invalid." };
  } catch (error) {
    if (error instanceof AwsError) return { kind: "failed", message: error.message };
    throw error;
  }
}

/** Whether any source that generates answers knows the model (StartAsyncInvoke refuses the request otherwise). */
export function servesModel(models: readonly ModelSource[], modelId: string): boolean {
  return models.some((source) => !source.recorded && source.serves(modelId));
}

function recordedOutput(body: unknown): JobOutputFile {
  const content = body && typeof body === "object" && !Array.isArray(body) ? (body as JsonObject) : { body };
  return { name: "output.json", content };
}

/**
 * The scripted model reads Converse's shape. A model input with `messages` (Anthropic's and Nova's native
 * formats) is translated: string contents and `{type: "text"}` blocks become `{text}` blocks, a string system
 * prompt becomes `[{text}]`. Any other input (a video or embedding task) is handed over as it is, so a
 * script's `expect.body` can still check it.
 */
export function toConverseShape(modelInput: unknown): JsonObject {
  if (!modelInput || typeof modelInput !== "object" || Array.isArray(modelInput)) return { modelInput };
  const input = modelInput as JsonObject;
  if (!Array.isArray(input.messages)) return input;
  const messages = input.messages.map((message) => {
    if (!message || typeof message !== "object") return message;
    const { role, content } = message as JsonObject;
    return { role, content: toBlocks(content) };
  });
  const system = input.system === undefined ? undefined : toBlocks(input.system);
  return {
    ...input,
    messages,
    ...(system !== undefined ? { system } : {}),
  };
}

function toBlocks(content: unknown): unknown {
  if (typeof content === "string") return [{ text: content }];
  if (!Array.isArray(content)) return content;
  return content.map((block) => {
    if (!block || typeof block !== "object") return block;
    const { type, text } = block as JsonObject;
    return type === "text" && typeof text === "string" ? { text } : block;
  });
}
