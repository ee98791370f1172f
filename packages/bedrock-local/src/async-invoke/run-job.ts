import { AwsError } from "../http/aws-error.js";
import type { ModelSource } from "../models/model-source.js";
import { isJsonObject, type JsonObject } from "../models/model-turn.js";
import { renderConverseOutput } from "../models/render-converse-output.js";
import { scriptedTurn } from "../models/scripted-turn.js";
import { anthropicMessageId } from "../native/anthropic-response.js";
import type { ChatFormat } from "../native/chat-format.js";
import { chatFormatOf } from "../native/chat-format-of.js";
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
    const call = modelCall(job);
    const turn = scriptedTurn(context.models, {
      operation: "StartAsyncInvoke",
      modelId: job.modelId,
      rawPath: "/async-invoke",
      body: call.body,
      requestNumber: context.requestNumber,
    });
    const latencyMs = Math.round(performance.now() - startedAt);
    const content = call.format
      ? call.format.render({ id: anthropicMessageId(job.invocationArn), modelId: job.modelId, turn })
      : renderConverseOutput(turn, latencyMs);
    return { kind: "completed", files: [{ name: "output.json", content }] };
  } catch (error) {
    if (error instanceof AwsError) return { kind: "failed", message: error.message };
    throw error;
  }
}

/**
 * A model input in a chat model's native format (Claude's Messages, Nova's messages-v1) is checked and
 * translated as InvokeModel translates it, and its output rendered in that format, as InvokeModel would answer.
 * Any other input (a video or embedding task) reaches the script as `{ modelInput }`, where a script's
 * `expect.body` can check it, and the output is the turn in Converse's shape.
 */
function modelCall(job: AsyncInvokeJob): { body: JsonObject; format: ChatFormat | undefined } {
  const input = job.modelInput;
  // Only a chat body has messages: a video task for `amazon.nova-reel-…` is not in Nova's chat schema.
  const chatInput = isJsonObject(input) && Array.isArray(input.messages) ? input : undefined;
  const format = chatInput ? chatFormatOf(job.modelId, chatInput) : undefined;
  return chatInput && format
    ? { body: format.toConverse(chatInput), format }
    : { body: { modelInput: input }, format: undefined };
}
